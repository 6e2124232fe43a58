using System.Diagnostics;
using System.Globalization;
using System.Text;

using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Recommender.Benchmarks;

/// <summary>
/// Training time, memory and query speed per model. Each model runs in its own child process so that the
/// peak working set it reports belongs to that model alone (plus the loaded data, shown by <c>popularity</c>).
/// </summary>
internal static class ServingBenchmark
{
    private static readonly int[] LikedCounts = [1, 5, 20];

    public static void Run(InteractionMatrix likes, HashSet<string>? models, int queries)
    {
        string[] algorithms = [.. ModelTrainers.Algorithms.Where(a => models is null || models.Contains(a))];
        var args = Environment.GetCommandLineArgs();
        List<Measurement> measurements = [];
        foreach (var algorithm in algorithms)
        {
            var measurement = RunChild(args, algorithm, queries);
            if (measurement is not null)
            {
                measurements.Add(measurement);
            }
        }

        Print(measurements, likes.ItemCount);
    }

    /// <summary>The child process: trains one model, measures it, prints one machine-readable line.</summary>
    public static void RunOne(InteractionMatrix likes, string algorithm, int queries)
    {
        var trainer = ModelTrainers.Create(algorithm);
        var stopwatch = Stopwatch.StartNew();
        var model = trainer.Train(likes);
        var trainingSeconds = stopwatch.Elapsed.TotalSeconds;

        // Tiered JIT needs a few hundred calls before the hot paths reach their final code.
        foreach (var warmUp in SampleQueries(likes, 5, 500, seed: 1))
        {
            model.Recommend(new RecommendationQuery(warmUp, 10));
        }

        StringBuilder line = new();
        line.Append(CultureInfo.InvariantCulture, $"RESULT {algorithm} {trainingSeconds:F3} {model.EstimatedMemoryBytes}");
        foreach (var likedCount in LikedCounts)
        {
            var sample = SampleQueries(likes, likedCount, queries, seed: 42 + likedCount);
            foreach (var warmUp in sample.Take(50))
            {
                model.Recommend(new RecommendationQuery(warmUp, 10));
            }

            var milliseconds = new double[sample.Length];
            for (var q = 0; q < sample.Length; q++)
            {
                var start = Stopwatch.GetTimestamp();
                model.Recommend(new RecommendationQuery(sample[q], 10));
                milliseconds[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(milliseconds);
            line.Append(CultureInfo.InvariantCulture, $" {Percentile(milliseconds, 0.50):F4} {Percentile(milliseconds, 0.99):F4}");
        }

        var mixed = SampleQueries(likes, 5, queries, seed: 7);
        var throughput = Stopwatch.StartNew();
        Parallel.For(0, mixed.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, q => model.Recommend(new RecommendationQuery(mixed[q], 10)));
        var queriesPerSecond = mixed.Length / throughput.Elapsed.TotalSeconds;
        line.Append(CultureInfo.InvariantCulture, $" {queriesPerSecond:F1} {Process.GetCurrentProcess().PeakWorkingSet64}");
        Console.WriteLine(line.ToString());
    }

    private static Measurement? RunChild(string[] args, string algorithm, int queries)
    {
        ProcessStartInfo start = new(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args.Skip(1).Select(a => a == "bench" ? "bench-one" : a))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--algorithm");
        start.ArgumentList.Add(algorithm);
        start.ArgumentList.Add("--queries");
        start.ArgumentList.Add(queries.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (result is null)
        {
            Console.WriteLine($"{algorithm}: no result (exit code {child.ExitCode})");
            return null;
        }

        var f = result.Split(' ');
        double[] v = [.. f.Skip(2).Select(x => double.Parse(x, CultureInfo.InvariantCulture))];
        return new Measurement(f[1], v[0], (long)v[1], [v[2], v[4], v[6]], [v[3], v[5], v[7]], v[8], (long)v[9]);
    }

    private static string[][] SampleQueries(InteractionMatrix likes, int likedCount, int count, int seed)
    {
        Random random = new(seed);
        int[] users = [.. Enumerable.Range(0, likes.UserCount).Where(u => likes.ItemsLikedBy(u).Length >= likedCount)];
        var sample = new string[count][];
        for (var q = 0; q < count; q++)
        {
            var liked = likes.ItemsLikedBy(users[random.Next(users.Length)]).ToArray();
            random.Shuffle(liked);
            sample[q] = [.. liked.Take(likedCount).Select(i => likes.Items[i])];
        }

        return sample;
    }

    private static double Percentile(double[] sorted, double quantile)
    {
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    private static void Print(List<Measurement> measurements, int itemCount)
    {
        var baseline = measurements.FirstOrDefault(m => m.Algorithm == ItemKnnModel.AlgorithmName);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog: {itemCount:N0} items; latency = one Recommend(10) call, single thread; QPS = 5-like queries on 2 threads"));
        Console.WriteLine("model       train s  peak WS MB  model MB  p50/p99 ms @1 like   @5 likes            @20 likes              QPS");
        foreach (var m in measurements)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{m.Algorithm,-10} {m.TrainingSeconds,8:F2} {m.PeakWorkingSet / 1e6,11:F0} {m.ModelBytes / 1e6,9:F1}  {m.P50[0],7:F3}/{m.P99[0],-7:F3}  {m.P50[1],7:F3}/{m.P99[1],-7:F3}  {m.P50[2],7:F3}/{m.P99[2],-7:F3}  {m.QueriesPerSecond,9:F0}"));
        }

        if (baseline is null)
        {
            return;
        }

        Console.WriteLine("ratios against item-knn (same run):");
        foreach (var m in measurements)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{m.Algorithm,-10} train ×{m.TrainingSeconds / baseline.TrainingSeconds:F2}  peak WS ×{(double)m.PeakWorkingSet / baseline.PeakWorkingSet:F2}  model ×{(double)m.ModelBytes / baseline.ModelBytes:F2}  p99@20 ×{m.P99[2] / baseline.P99[2]:F2}  QPS ×{m.QueriesPerSecond / baseline.QueriesPerSecond:F2}"));
        }
    }

    private sealed record Measurement(string Algorithm, double TrainingSeconds, long ModelBytes, double[] P50, double[] P99, double QueriesPerSecond, long PeakWorkingSet);
}
