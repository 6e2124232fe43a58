using ShowBot.Benchmarks;

// Each verb is one benchmark suite; add new suites to this table.
var suites = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["titles"] = TitlesBenchmark.Run,
    ["recommend"] = RecommendBenchmark.Run,
    ["load"] = LoadBenchmark.Run,
    ["size"] = SizeBenchmark.Run,
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: ShowBot.Benchmarks <{string.Join('|', suites.Keys)}> [suite arguments]");
    return 2;
}

return suite(args[1..]);
