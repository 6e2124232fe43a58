using System.Globalization;
using System.IO.Compression;
using System.Text;

using ShowBot.Core.Catalog;
using ShowBot.Core.Import;
using ShowBot.Core.Ratings;

namespace ShowBot.Core.Tests.Import;

/// <summary>A catalog store over a dictionary that records how it was called.</summary>
internal sealed class InMemoryCatalogStore : ICatalogStore
{
    public string? BuiltInVersion { get; set; }

    private readonly Dictionary<string, Show> shows = new(StringComparer.Ordinal);

    public InMemoryCatalogStore(params Show[] initial)
    {
        foreach (var show in initial)
        {
            shows[show.Id] = show;
        }
    }

    public int UpsertCalls { get; private set; }

    public int LargestBatch { get; private set; }

    public int Count => shows.Count;

    public Show this[string id] => shows[id];

    public bool Contains(string id) => shows.ContainsKey(id);

    public IReadOnlyList<Show> All() => shows.Values.ToList();

    public int Upsert(IEnumerable<Show> batch)
    {
        UpsertCalls++;
        var written = 0;
        foreach (var show in batch)
        {
            shows[show.Id] = show;
            written++;
        }

        LargestBatch = Math.Max(LargestBatch, written);
        return written;
    }

    /// <summary>The contents as comparable text (Show's lists compare by reference).</summary>
    public IReadOnlyList<string> Snapshot() =>
        shows.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(Describe).ToList();

    public static string Describe(Show s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{s.Id}|{s.Title}|{s.StartYear}|{s.EndYear}|{string.Join(',', s.Genres)}|{s.ImdbRating}|{s.ImdbVotes}|{string.Join(';', s.Aliases)}");
}

/// <summary>A rating store over a dictionary keyed by (user, show).</summary>
internal sealed class InMemoryRatingStore : IRatingStore
{
    private readonly Dictionary<(UserKey User, string Show), Rating> ratings = [];

    public InMemoryRatingStore(params Rating[] initial)
    {
        foreach (var rating in initial)
        {
            ratings[(rating.User, rating.ShowId)] = rating;
        }
    }

    public int Count => ratings.Count;

    public int UpsertManyCalls { get; private set; }

    public Rating? Find(UserKey user, string showId) => ratings.GetValueOrDefault((user, showId));

    public bool Upsert(Rating rating)
    {
        var changed = !ratings.TryGetValue((rating.User, rating.ShowId), out var old) || old != rating;
        ratings[(rating.User, rating.ShowId)] = rating;
        return changed;
    }

    public int UpsertMany(IEnumerable<Rating> batch)
    {
        UpsertManyCalls++;
        return batch.Count(Upsert);
    }

    public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source) =>
        ratings.TryGetValue((user, showId), out var r) && r.Kind == kind && r.Source == source && ratings.Remove((user, showId));

    public IReadOnlyList<Rating> ForUser(UserKey user) =>
        ratings.Values.Where(r => r.User == user).OrderByDescending(r => r.At).ToList();

    public int ForgetUser(UserKey user) =>
        ratings.Keys.Where(k => k.User == user).ToList().Count(k => ratings.Remove(k));

    public IReadOnlyList<Rating> Snapshot() =>
        ratings.Values.OrderBy(r => r.User.ToString(), StringComparer.Ordinal).ThenBy(r => r.ShowId, StringComparer.Ordinal).ToList();
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
internal sealed class RecordingProgress : IProgress<ImportProgress>
{
    public List<ImportProgress> Reports { get; } = [];

    public void Report(ImportProgress value) => Reports.Add(value);
}

internal static class TestData
{
    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static MemoryStream Gzip(string text)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        compressed.Position = 0;
        return compressed;
    }

    /// <summary>
    /// <c>../shared/data/&lt;relative&gt;</c> next to the repository (found by walking up to ShowBot.sln),
    /// or null when the shared data is not on this machine.
    /// </summary>
    public static string? SharedFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShowBot.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relative));
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "showbot-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
