using System.Diagnostics;
using System.Globalization;

using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Benchmarks;

/// <summary>Console entry: <c>bench</c> prints the training and query measurements (the evaluation table is <c>showbot evaluate</c>).</summary>
internal static class Harness
{
    private const string Usage = """
        usage:
          bench    --ratings FILE --like-threshold X [--models a,b,...] [--queries N] [--rounds N] [--baseline BUILD]
                   --rounds: each model is measured N times (default 1), in a new process each time
                   --baseline: another build of this harness (its executable), run alternately with this one,
                               model by model and round by round, so that both see the same machine load
        """;

    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return Task.FromResult(2);
        }

        var options = ParseOptions(args[1..]);
        if (!options.TryGetValue("ratings", out var ratings) || !options.TryGetValue("like-threshold", out var threshold))
        {
            Console.Error.WriteLine(Usage);
            return Task.FromResult(2);
        }

        var likeThreshold = float.Parse(threshold, CultureInfo.InvariantCulture);
        HashSet<string>? models = options.TryGetValue("models", out var list) ? [.. list.Split(',')] : null;
        var load = Stopwatch.StartNew();
        var layout = RatingFileReader.DetectLayout(ratings);
        var likes = InteractionMatrix.FromRatings(RatingFileReader.Read(ratings), likeThreshold);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ratings} ({layout}), like ≥ {likeThreshold}: {likes.UserCount:N0} users × {likes.ItemCount:N0} items, {likes.LikeCount:N0} likes, loaded in {load.Elapsed.TotalSeconds:F1} s"));

        switch (args[0])
        {
            case "bench":
                var queries = options.TryGetValue("queries", out var q) ? int.Parse(q, CultureInfo.InvariantCulture) : 2000;
                var rounds = options.TryGetValue("rounds", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 1;
                ServingBenchmark.Run(likes, models, queries, rounds, options.GetValueOrDefault("baseline"));
                return Task.FromResult(0);
            case "bench-one":
                ServingBenchmark.RunOne(likes, options["algorithm"], int.Parse(options["queries"], CultureInfo.InvariantCulture));
                return Task.FromResult(0);
            default:
                Console.Error.WriteLine(Usage);
                return Task.FromResult(2);
        }
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        Dictionary<string, string> options = new(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
