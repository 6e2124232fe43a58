using System.Diagnostics;
using System.Globalization;

using ShowBot.Core.Catalog;

namespace ShowBot.Benchmarks;

/// <summary>What every suite needs: a timed call, percentiles, the results table, the catalog and the arguments.</summary>
internal static class Measure
{
    public static double Time(Func<object> action)
    {
        var start = Stopwatch.GetTimestamp();
        var result = action();
        var elapsed = Stopwatch.GetElapsedTime(start);
        GC.KeepAlive(result);
        return elapsed.TotalMicroseconds;
    }

    public static void PrintTable(List<(string Name, double[] Micros)> rows)
    {
        Console.WriteLine($"{"operation",-32} {"n",7} {"p50 µs",10} {"p90 µs",10} {"p99 µs",10} {"max µs",10} {"mean µs",10}");
        Console.WriteLine(new string('-', 93));
        foreach (var (name, micros) in rows)
        {
            Console.WriteLine($"{name,-32} {micros.Length,7:N0} {Percentile(micros, 0.5),10:N1} {Percentile(micros, 0.9),10:N1} {Percentile(micros, 0.99),10:N1} {micros.Max(),10:N1} {micros.Average(),10:N1}");
        }
    }

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public static List<Show> LoadCatalog(string path)
    {
        using var reader = new StreamReader(path);
        return [.. CatalogCsv.Read(reader).Where(r => r.Value is not null).Select(r => r.Value!)];
    }

    public static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The whole number after <paramref name="name"/>, or <paramref name="fallback"/> when it is not given.</summary>
    public static int Number(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The first argument that is neither an option nor an option's value (a suite's catalog path).</summary>
    public static string? FirstPositional(string[] args) =>
        args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).FirstOrDefault();

    /// <summary>The catalog next to the repository: <c>&lt;root&gt;/../shared/data/imdb-tv-shows/shows.csv</c>.</summary>
    public static string DefaultCatalogPath() =>
        Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", "imdb-tv-shows", "shows.csv"));

    /// <summary>The folder holding <c>ShowBot.sln</c>, found from the working directory or the executable; else the working directory.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ShowBot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}
