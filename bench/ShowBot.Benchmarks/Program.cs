using ShowBot.Benchmarks;

// Each verb is one benchmark suite with what it accepts; add new suites to this table.
var suites = new Dictionary<string, (Func<string[], int> Run, string Usage)>(StringComparer.OrdinalIgnoreCase)
{
    ["titles"] = (TitlesBenchmark.Run, "[catalog csv] [--baseline-queries N] [--query TEXT]"),
    ["recommend"] = (RecommendBenchmark.Run, "[catalog csv] [--warmup-rounds N]"),
    ["load"] = (LoadBenchmark.Run, "[--only NAME|=NAME] [--rounds N] [--baseline SHOWBOT.DLL] [--requests N] [--warmup N] [--concurrency N] [--console-requests N] [--ease-users N]"),
    ["size"] = (SizeBenchmark.Run, "[--ratings FILE] [--retrains N] [--changes N] [--candidates ease,ials]"),
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: ShowBot.Benchmarks <{string.Join('|', suites.Keys)}> [suite arguments]; <suite> --help for its arguments");
    return 2;
}

// A suite runs for minutes: asked for help, it says what it accepts instead of starting.
if (args.Skip(1).Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine($"usage: ShowBot.Benchmarks {args[0].ToLowerInvariant()} {suite.Usage}");
    return 0;
}

return suite.Run(args[1..]);
