using System.Globalization;

using ShowBot.Core.Catalog;

namespace ShowBot.Core.Tests.Fakes;

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
