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

    /// <summary>
    /// Measures every model <paramref name="rounds"/> times; with a <paramref name="baseline"/> build, its child runs
    /// just before this build's for the same model and round, so a change in the machine's load hits both alike.
    /// </summary>
    public static void Run(InteractionMatrix likes, HashSet<string>? models, int queries, int rounds, string? baseline)
    {
        string[] algorithms = [.. ModelTrainers.Algorithms.Where(a => models is null || models.Contains(a))];
        var args = Environment.GetCommandLineArgs();
        List<Measurement> measurements = [];
        for (var round = 0; round < rounds; round++)
        {
            foreach (var algorithm in algorithms)
            {
                if (baseline is not null)
                {
                    measurements.AddRange(RunChild(baseline, args, algorithm, queries, "baseline"));
                }

                measurements.AddRange(RunChild(Environment.ProcessPath!, args, algorithm, queries, "this"));
            }
        }

        Print(measurements, likes.ItemCount, baseline is not null);
    }

    /// <summary>The child process: trains one model, measures it, prints one machine-readable line.</summary>
    public static void RunOne(InteractionMatrix likes, string algorithm, int queries)
    {
        var trainer = ModelTrainers.Create(algorithm);
        var processorTime = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var model = trainer.Train(likes);
        var trainingSeconds = stopwatch.Elapsed.TotalSeconds;

        // Busy cores lengthen the wall time; the CPU time spent training (every thread) moves far less with them.
        var trainingCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - processorTime).TotalSeconds;

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
        line.Append(CultureInfo.InvariantCulture, $" {queriesPerSecond:F1} {Process.GetCurrentProcess().PeakWorkingSet64} {trainingCpuSeconds:F3}");

        // The running bot's next retrain: the same training in a process that has trained once, its code compiled.
        stopwatch.Restart();
        GC.KeepAlive(trainer.Train(likes));
        line.Append(CultureInfo.InvariantCulture, $" {stopwatch.Elapsed.TotalSeconds:F3}");
        Console.WriteLine(line.ToString());
    }

    private static IEnumerable<Measurement> RunChild(string build, string[] args, string algorithm, int queries, string label)
    {
        // A build given as its .dll runs under the dotnet host; an apphost runs as it is.
        var isDll = build.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        ProcessStartInfo start = new(isDll ? "dotnet" : build)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (isDll)
        {
            start.ArgumentList.Add(build);
        }

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
            Console.WriteLine($"{algorithm} ({label}): no result (exit code {child.ExitCode})");
            yield break;
        }

        var f = result.Split(' ');
        double[] v = [.. f.Skip(2).Select(x => double.Parse(x, CultureInfo.InvariantCulture))];
        // A build from before the CPU time or the retrain was reported leaves them out.
        yield return new Measurement(f[1], label, v[0], v.Length > 10 ? v[10] : double.NaN, (long)v[1], [v[2], v[4], v[6]], [v[3], v[5], v[7]], v[8], (long)v[9])
        {
            RetrainSeconds = v.Length > 11 ? v[11] : double.NaN,
        };
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

    private static void Print(List<Measurement> measurements, int itemCount, bool withBaseline)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog: {itemCount:N0} items; latency = one Recommend(10) call, single thread; QPS = 5-like queries on 2 threads"));
        Console.WriteLine("model      build     train s  CPU s  peak WS MB  model MB  p50/p99 ms @1 like   @5 likes            @20 likes              QPS  retrain s");
        foreach (var m in measurements)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{m.Algorithm,-10} {m.Build,-8} {m.TrainingSeconds,8:F2} {m.TrainingCpuSeconds,6:F2} {m.PeakWorkingSet / 1e6,11:F0} {m.ModelBytes / 1e6,9:F1}  {m.P50[0],7:F3}/{m.P99[0],-7:F3}  {m.P50[1],7:F3}/{m.P99[1],-7:F3}  {m.P50[2],7:F3}/{m.P99[2],-7:F3}  {m.QueriesPerSecond,9:F0}  {m.RetrainSeconds,9:F2}"));
        }

        if (withBaseline)
        {
            // Medians over the rounds, this build against the baseline measured alongside it.
            Console.WriteLine("this build against the baseline (medians over the rounds):");
            foreach (var algorithm in measurements.Select(m => m.Algorithm).Distinct())
            {
                var ours = measurements.Where(m => m.Algorithm == algorithm && m.Build == "this").ToList();
                var theirs = measurements.Where(m => m.Algorithm == algorithm && m.Build == "baseline").ToList();
                if (ours.Count == 0 || theirs.Count == 0)
                {
                    continue;
                }

                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{algorithm,-10} train {Median(theirs, m => m.TrainingSeconds):F2} → {Median(ours, m => m.TrainingSeconds):F2} s (×{Median(ours, m => m.TrainingSeconds) / Median(theirs, m => m.TrainingSeconds):F2}), CPU {Median(theirs, m => m.TrainingCpuSeconds):F2} → {Median(ours, m => m.TrainingCpuSeconds):F2} s (×{Median(ours, m => m.TrainingCpuSeconds) / Median(theirs, m => m.TrainingCpuSeconds):F2}), retrain {Median(theirs, m => m.RetrainSeconds):F2} → {Median(ours, m => m.RetrainSeconds):F2} s  peak WS {Median(theirs, m => m.PeakWorkingSet) / 1e6:F0} → {Median(ours, m => m.PeakWorkingSet) / 1e6:F0} MB  p50/p99@20 {Median(theirs, m => m.P50[2]):F3}/{Median(theirs, m => m.P99[2]):F3} → {Median(ours, m => m.P50[2]):F3}/{Median(ours, m => m.P99[2]):F3} ms"));
            }

            return;
        }

        var baseline = measurements.FirstOrDefault(m => m.Algorithm == ItemKnnModel.AlgorithmName);
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

    private static double Median(List<Measurement> measurements, Func<Measurement, double> value)
    {
        double[] sorted = [.. measurements.Select(value).Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Measurement(string Algorithm, string Build, double TrainingSeconds, double TrainingCpuSeconds, long ModelBytes, double[] P50, double[] P99, double QueriesPerSecond, long PeakWorkingSet)
    {
        /// <summary>The same training again in the same process, as the running bot's next retrain.</summary>
        public double RetrainSeconds { get; init; }
    }
}
