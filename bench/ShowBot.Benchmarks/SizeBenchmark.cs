using System.Diagnostics;
using System.Globalization;

using LiteDB;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using ShowBot.Core.Ratings;
using ShowBot.Core.Retention;
using ShowBot.Storage;

namespace ShowBot.Benchmarks;

/// <summary>
/// The database an admin ends up with (issue 13, goal 3): the anime ratings imported as an admin would
/// (<c>showbot import ratings … --allow-unknown-shows</c>), then <c>showbot train</c> a number of times with rating
/// changes between the runs (likes given, taken back and turned into dislikes, as reactions make them), then the
/// retention the bot runs daily. Prints the file's size and what holds it: the model artifacts, the rating change log
/// and the rest, and the versions kept. Figures only: whatever the artifact format, this shows what it costs.
/// </summary>
internal static class SizeBenchmark
{
    private const int PageSize = 8192;
    private const int CollectionsOffset = 192;
    private const int PageTypeOffset = 4;
    private const int CollectionIdOffset = 19;
    private const byte EmptyPage = 0;
    private const byte CollectionPage = 2;
    private const string ArtifactFiles = "_model_files";
    private const string ArtifactChunks = "_model_chunks";

    /// <summary>How many candidates config/appsettings.json lists.</summary>
    private const int ShippedCandidates = 2;

    public static int Run(string[] args)
    {
        var root = Measure.RepositoryRoot();
        var ratings = Path.GetFullPath(Measure.Option(args, "--ratings") ?? Path.Combine(root, "..", "shared", "data", "anime", "anime_ratings.dat.gz"));
        var retrains = int.Parse(Measure.Option(args, "--retrains") ?? "10", CultureInfo.InvariantCulture);
        var changes = int.Parse(Measure.Option(args, "--changes") ?? "1000", CultureInfo.InvariantCulture);
        // EASE by default: the goal is the size with the EASE model, which iALS, far smaller, may beat on some runs.
        var candidates = (Measure.Option(args, "--candidates") ?? "ease").Split(',');
        var showbot = Path.GetFullPath(Environment.GetEnvironmentVariable("SHOWBOT_DLL") ?? Path.Combine(root, "src", "ShowBot", "bin", "Release", "net10.0", "showbot.dll"));
        if (!File.Exists(showbot) || !File.Exists(ratings))
        {
            Console.Error.WriteLine($"needs {showbot} (dotnet build -c Release src/ShowBot, or SHOWBOT_DLL) and {ratings} (--ratings)");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("showbot-size-").FullName;
        var database = Path.Combine(folder, "showbot.db");
        try
        {
            Console.WriteLine($"{showbot} on {database}, candidates {string.Join(", ", candidates)}");
            Showbot(showbot, database, candidates, "import", "ratings", ratings, "--like-threshold", "8", "--allow-unknown-shows");
            for (var round = 1; round <= retrains; round++)
            {
                if (round > 1)
                {
                    Console.WriteLine($"  {ChangeRatings(database, changes, seed: round):N0} rating change(s) as reactions");
                }

                Showbot(showbot, database, candidates, "train");
            }

            using (var opened = new ShowBotDatabase(database, "bench size"))
            {
                // What the bot does at its start and then daily (DataRetentionService); `train` alone does not.
                var report = new DataRetention(
                    new LiteRatingStore(opened), new RatingSnapshots(), new LiteModelStore(opened), new LitePredictionQueue(opened),
                    new LiteSuggestionMessageStore(opened), Options.Create(new RetentionOptions()), TimeProvider.System, NullLogger<DataRetention>.Instance).Run();
                Console.WriteLine($"retention: {report.Changes:N0} rating change(s) compacted");
            }

            Report(database);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs a verb of the built executable on the database, as an admin at a shell would, and prints its last line.</summary>
    private static void Showbot(string dll, string database, string[] candidates, params string[] verb)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var part in verb)
        {
            start.ArgumentList.Add(part);
        }

        start.Environment["ShowBot__Storage__DatabasePath"] = database;
        // Configuration merges a list by index, so every index the shipped appsettings.json fills is set too; the
        // lifecycle drops the repeats.
        for (var i = 0; i < Math.Max(candidates.Length, ShippedCandidates); i++)
        {
            start.Environment[$"ShowBot__Retraining__Candidates__{i}"] = candidates[Math.Min(i, candidates.Length - 1)];
        }
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"showbot {string.Join(' ', verb.Take(2))}: {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s, exit {process.ExitCode}: {last}"));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"showbot {string.Join(' ', verb)} failed ({process.ExitCode}): {errors.Result}");
        }
    }

    /// <summary>
    /// <paramref name="count"/> changes by people who rated before, the way reactions make them: half of them new likes,
    /// a quarter likes taken back, a quarter likes turned into dislikes.
    /// </summary>
    private static int ChangeRatings(string database, int count, int seed)
    {
        using var opened = new ShowBotDatabase(database, "bench size");
        var store = new LiteRatingStore(opened);
        var likes = store.All().Where(r => r.Kind == RatingKind.Like).ToList();
        var shows = likes.Select(r => r.ShowId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        var at = DateTimeOffset.UtcNow;
        var changed = 0;
        for (var i = 0; i < count; i++)
        {
            var rating = likes[random.Next(likes.Count)];
            changed += (i % 4) switch
            {
                0 or 1 => store.Upsert(rating with { ShowId = shows[random.Next(shows.Count)], Source = RatingSource.Reaction, At = at }) ? 1 : 0,
                2 => store.Remove(rating.User, rating.ShowId, RatingKind.Like, rating.Source) ? 1 : 0,
                _ => store.Upsert(rating with { Kind = RatingKind.Dislike, Source = RatingSource.Reaction, At = at }) ? 1 : 0,
            };
        }

        return changed;
    }

    /// <summary>The file's pages by what holds them: LiteDB 5 marks each data and index page with its collection.</summary>
    private static void Report(string database)
    {
        var bytes = File.ReadAllBytes(database);
        var collections = BsonSerializer.Deserialize(bytes.AsSpan(CollectionsOffset, BitConverter.ToInt32(bytes, CollectionsOffset)).ToArray())
            .ToDictionary(c => (uint)c.Value.AsInt32, c => c.Key);
        var pages = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var page = 0; page < bytes.Length / PageSize; page++)
        {
            var type = bytes[(page * PageSize) + PageTypeOffset];
            var owner = type == EmptyPage ? "(free pages)"
                : type == CollectionPage ? collections.GetValueOrDefault((uint)page, "(other)")
                : collections.GetValueOrDefault(BitConverter.ToUInt32(bytes, (page * PageSize) + CollectionIdOffset), "(header and other)");
            pages[owner] = pages.GetValueOrDefault(owner) + PageSize;
        }

        long Held(params string[] names) => names.Sum(pages.GetValueOrDefault);
        var artifacts = Held(ArtifactFiles, ArtifactChunks);
        var changes = Held("rating_changes");
        using var opened = new ShowBotDatabase(database, "bench size");
        var check = new DatabaseMaintenance(opened).Check();
        var models = new LiteModelStore(opened).Recent(int.MaxValue);
        var logPath = Path.ChangeExtension(database, null) + "-log" + Path.GetExtension(database);

        var log = File.Exists(logPath) ? $"  (+ {MB(new FileInfo(logPath).Length)} log)" : "";
        var served = models.Count(m => check.Artifacts.Any(a => a.Versions.Contains(m.Version)));
        var changeCount = check.Collections.Single(c => c.Collection == "rating_changes").Readable;
        var rest = pages.Where(p => p.Key is not ("rating_changes" or ArtifactFiles or ArtifactChunks)).OrderByDescending(p => p.Value).Select(p => $"{p.Key} {MB(p.Value)}");
        var statuses = models.GroupBy(m => m.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        Console.WriteLine();
        Console.WriteLine($"{"database file",-20} {MB(bytes.Length),10}{log}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"  model artifacts",-20} {MB(artifacts),10}  {check.Artifacts.Count} stored, the artifacts of {served} version(s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"  rating_changes",-20} {MB(changes),10}  {changeCount:N0} change(s)"));
        Console.WriteLine($"{"  the rest",-20} {MB(bytes.Length - artifacts - changes),10}  {string.Join(", ", rest)}");
        Console.WriteLine($"{"kept versions",-20} {models.Count,10}  {string.Join(", ", statuses)}");
    }

    private static string MB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:N1} MB");
}
