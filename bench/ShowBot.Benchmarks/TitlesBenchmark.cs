using System.Diagnostics;
using System.Text;

using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

using static ShowBot.Benchmarks.Measure;

using Baseline = FuzzySharp.Process;

namespace ShowBot.Benchmarks;

/// <summary>
/// Per-query latency of <see cref="TitleMatcher"/> on the IMDb catalog: Match on a seeded query mix,
/// Autocomplete on every prefix of 200 titles (one call per keystroke), and FuzzySharp over all titles as the
/// naive baseline. A Stopwatch around each call, because the question is p99 per query, not mean throughput.
/// </summary>
internal static class TitlesBenchmark
{
    private const int Seed = 20240601;

    private static bool Verbose { get; set; }

    public static int Run(string[] args)
    {
        var path = FirstPositional(args) ?? DefaultCatalogPath();
        var baselineQueries = Number(args, "--baseline-queries", 60);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"catalog not found: {path}");
            return 1;
        }

        Verbose = args.Contains("--verbose");
        var catalog = LoadCatalog(path);
        Console.WriteLine($"catalog        {path}: {catalog.Count:N0} shows");

        var (matcher, buildTime, retained, allocated) = Build(catalog);
        Console.WriteLine($"build          {buildTime.TotalMilliseconds:N0} ms, {retained / 1024.0 / 1024.0:N1} MB retained, {allocated / 1024.0 / 1024.0:N1} MB allocated");

        if (Option(args, "--query") is { } query)
        {
            Explain(matcher, query);
            return 0;
        }

        var random = new Random(Seed);
        var queries = MatchQueries(catalog, random);
        var prefixes = KeystrokePrefixes(catalog, random);
        Console.WriteLine($"workload       {queries.Count:N0} match queries ({string.Join(", ", queries.GroupBy(q => q.Kind).Select(g => $"{g.Count()} {g.Key}"))}), {prefixes.Count:N0} keystrokes");
        Console.WriteLine();

        // Warm-up: JIT, tiering and caches, so the numbers are the steady state a running bot sees.
        foreach (var q in queries)
        {
            _ = matcher.Match(q.Text);
        }

        foreach (var p in prefixes.Take(2000))
        {
            _ = matcher.Autocomplete(p);
        }

        var rows = new List<(string Name, double[] Micros)>();
        var byKind = queries.GroupBy(q => q.Kind).ToDictionary(g => g.Key, _ => new List<double>());
        var all = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var q in queries)
            {
                var micros = Time(() => matcher.Match(q.Text));
                all.Add(micros);
                byKind[q.Kind].Add(micros);
            }
        }

        rows.Add(("Match (all)", [.. all]));
        rows.AddRange(byKind.Select(kv => ($"  {kv.Key}", kv.Value.ToArray())));

        var keystrokes = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var p in prefixes)
            {
                keystrokes.Add(Time(() => matcher.Autocomplete(p)));
            }
        }

        rows.Add(("Autocomplete (per key)", [.. keystrokes]));

        var splits = new List<double>();
        foreach (var list in Lists(catalog, random))
        {
            splits.Add(Time(() => matcher.SplitList(list)));
        }

        rows.Add(("SplitList (3-5 titles)", [.. splits]));

        var titles = catalog.Select(s => s.Title).ToArray();
        var sample = queries.OrderBy(_ => random.Next()).Take(baselineQueries).ToList();
        _ = Baseline.ExtractTop(sample[0].Text, titles, limit: 5).ToList();
        double[] baseline = [.. sample.Select(q => Time(() => Baseline.ExtractTop(q.Text, titles, limit: 5).ToList()))];
        rows.Add(($"FuzzySharp ExtractTop ({sample.Count} q)", baseline.ToArray()));

        PrintTable(rows);
        var ours = Percentile(all, 0.5);
        Console.WriteLine();
        Console.WriteLine($"baseline/matcher p50 ratio: {Percentile(baseline, 0.5) / ours:N0}x  (p99: {Percentile(baseline, 0.99) / Percentile(all, 0.99):N0}x)");
        Console.WriteLine();
        PrintAccuracy(matcher, queries, sample, titles, catalog);
        return 0;
    }

    private static (TitleMatcher Matcher, TimeSpan Time, long Retained, long Allocated) Build(List<Show> catalog)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var matcher = new TitleMatcher(catalog);
        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(matcher);
        return (matcher, stopwatch.Elapsed, after - before, allocated);
    }

    private sealed record Query(string Kind, string Text, Show? Expected);

    private static List<Query> MatchQueries(List<Show> catalog, Random random)
    {
        var popular = catalog.OrderByDescending(s => s.ImdbVotes ?? 0).Take(3000).ToArray();
        var unique = catalog.GroupBy(s => TitleNormalizer.Normalize(s.Title)).Where(g => g.Count() == 1).Select(g => g.Single()).ToHashSet();
        var queries = new List<Query>();
        for (var i = 0; i < 150; i++)
        {
            var show = catalog[random.Next(catalog.Count)];
            queries.Add(new("exact", random.Next(2) == 0 ? show.Title : show.Title.ToLowerInvariant(), unique.Contains(show) ? show : null));
        }

        for (var i = 0; i < 150; i++)
        {
            var show = popular[random.Next(popular.Length)];
            queries.Add(new("typo", Typo(show.Title.ToLowerInvariant(), random), unique.Contains(show) ? show : null));
        }

        for (var i = 0; i < 75; i++)
        {
            var show = popular[random.Next(popular.Length)];
            var words = show.Title.Split(' ');
            var partial = words.Length > 1 ? string.Join(' ', words.Take(Math.Max(1, words.Length - 1))) : show.Title[..Math.Max(1, show.Title.Length * 2 / 3)];
            queries.Add(new("partial", partial, null));
        }

        for (var i = 0; i < 50; i++)
        {
            var show = popular[random.Next(popular.Length)];
            queries.Add(random.Next(3) == 0
                ? new("id/year", show.Id, show)
                : new("id/year", $"{show.Title} ({show.StartYear})", show));
        }

        string[] junk = ["@everyone", "@here check this out", "🙂🙂🙂", "asdfghjkl", "qwertyuiop zxcv", "lorem ipsum dolor sit amet", "xyzzy", "!!!???", "ｂｒｅａｋｉｎｇ ｂａｄ", new string('a', 10_000)];
        for (var i = 0; i < 75; i++)
        {
            queries.Add(new("junk", i < junk.Length ? junk[i] : RandomWords(random), null));
        }

        return queries;
    }

    private static string Typo(string title, Random random)
    {
        var letters = new StringBuilder(title);
        if (letters.Length < 4)
        {
            return title;
        }

        var at = 1 + random.Next(letters.Length - 2);
        switch (random.Next(4))
        {
            case 0:
                letters.Remove(at, 1);
                break;
            case 1:
                letters[at] = (char)('a' + random.Next(26));
                break;
            case 2:
                (letters[at], letters[at + 1]) = (letters[at + 1], letters[at]);
                break;
            default:
                letters.Insert(at, (char)('a' + random.Next(26)));
                break;
        }

        return letters.ToString();
    }

    private static string RandomWords(Random random)
    {
        var words = new string[1 + random.Next(3)];
        for (var w = 0; w < words.Length; w++)
        {
            var chars = new char[3 + random.Next(7)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = (char)('a' + random.Next(26));
            }

            words[w] = new string(chars);
        }

        return string.Join(' ', words);
    }

    private static List<string> KeystrokePrefixes(List<Show> catalog, Random random)
    {
        var popular = catalog.OrderByDescending(s => s.ImdbVotes ?? 0).Take(3000).ToArray();
        var prefixes = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var title = popular[random.Next(popular.Length)].Title;
            if (i % 4 == 3)
            {
                title = Typo(title, random);
            }

            for (var length = 1; length <= title.Length; length++)
            {
                prefixes.Add(title[..length]);
            }
        }

        return prefixes;
    }

    private static List<string> Lists(List<Show> catalog, Random random)
    {
        var popular = catalog.OrderByDescending(s => s.ImdbVotes ?? 0).Take(1000).ToArray();
        string[] separators = [", ", "; ", " and ", " & ", "\n"];
        var lists = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var count = 3 + random.Next(3);
            var text = new StringBuilder(popular[random.Next(popular.Length)].Title);
            for (var t = 1; t < count; t++)
            {
                text.Append(separators[random.Next(separators.Length)]).Append(popular[random.Next(popular.Length)].Title);
            }

            lists.Add(text.ToString());
        }

        return lists;
    }

    private static void PrintAccuracy(TitleMatcher matcher, List<Query> queries, List<Query> sample, string[] titles, List<Show> catalog)
    {
        Console.WriteLine("resolution (queries whose intended show has a unique title):");
        foreach (var group in queries.Where(q => q.Expected is not null).GroupBy(q => q.Kind))
        {
            var results = group.Select(q => matcher.Match(q.Text)).ToList();
            var right = group.Zip(results).Count(p => p.Second.IsResolved && p.Second.Best?.Id == p.First.Expected!.Id);
            var asked = results.Count(r => !r.IsResolved);
            if (Verbose)
            {
                foreach (var (q, r) in group.Zip(results).Where(p => !(p.Second.IsResolved && p.Second.Best?.Id == p.First.Expected!.Id)))
                {
                    Console.WriteLine($"    miss: '{q.Text}' → {r.Outcome} {r.Best?.Title} [{string.Join("; ", r.Alternatives.Select(a => a.Title))}]");
                }
            }

            var wrong = group.Count() - right - asked;
            Console.WriteLine($"  {group.Key,-10} {group.Count(),4} queries: {right,4} right, {asked,4} asked (ambiguous/not found), {wrong,4} wrong");
        }

        var junk = queries.Where(q => q.Kind == "junk").Select(q => matcher.Match(q.Text)).ToList();
        Console.WriteLine($"  junk       {junk.Count,4} queries: {junk.Count(r => r.IsResolved),4} resolved to a show (should be ~0)");

        var judged = sample.Where(q => q.Expected is not null).ToList();
        var baselineRight = judged.Count(q => Baseline.ExtractOne(q.Text, titles) is { } hit && catalog[hit.Index].Id == q.Expected!.Id);
        Console.WriteLine($"  FuzzySharp ExtractOne top-1 right on {baselineRight}/{judged.Count} sampled queries (it never declines to guess)");
    }

    private static void Explain(TitleMatcher matcher, string query)
    {
        var match = matcher.Match(query);
        Console.WriteLine($"Match: {match.Outcome} {match.Best?.Title} ({match.Best?.Years}) {match.Confidence:N3}");
        foreach (var alternative in match.Alternatives)
        {
            Console.WriteLine($"   alt: {alternative.Title} ({alternative.Years}) {alternative.ImdbVotes:N0} votes");
        }

        Console.WriteLine($"Split: {string.Join(" | ", matcher.SplitList(query))}");
        Console.WriteLine($"Autocomplete: {string.Join(" | ", matcher.Autocomplete(query, 10).Select(s => s.Title))}");
    }
}
