using ShowBot.Core.Catalog;

namespace ShowBot.Core.Import;

/// <summary>
/// Collects imported shows into batches for <see cref="ICatalogStore.Upsert"/>. An import only adds and updates:
/// what the file leaves empty (years, genres, rating, votes) keeps its stored value, and aliases already stored
/// (such as the built-in catalog's "BCS") are kept alongside the file's, so re-importing never loses data.
/// </summary>
internal sealed class CatalogBatchWriter
{
    private readonly ICatalogStore store;
    private readonly ImportTally tally;
    private readonly int batchSize;
    private readonly Dictionary<string, Show> stored;
    private List<Show> batch;

    public CatalogBatchWriter(ICatalogStore store, ImportTally tally, int batchSize)
    {
        this.store = store;
        this.tally = tally;
        this.batchSize = batchSize;
        batch = new List<Show>(batchSize);

        // The stored catalog (thousands to a few hundred thousand shows) is small next to the files being read.
        stored = store.Count == 0 ? [] : store.All().ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public void Add(Show show)
    {
        tally.Accept();
        batch.Add(stored.TryGetValue(show.Id, out var existing) ? Merge(existing, show) : show);
        if (batch.Count >= batchSize)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (batch.Count == 0)
        {
            return;
        }

        tally.AddWritten(store.Upsert(batch));
        batch = new List<Show>(batchSize);
    }

    internal static Show Merge(Show existing, Show incoming) => incoming with
    {
        StartYear = incoming.StartYear ?? existing.StartYear,
        EndYear = incoming.EndYear ?? existing.EndYear,
        Genres = incoming.Genres.Count > 0 ? incoming.Genres : existing.Genres,
        ImdbRating = incoming.ImdbRating ?? existing.ImdbRating,
        ImdbVotes = incoming.ImdbVotes ?? existing.ImdbVotes,
        Aliases = MergeAliases(existing, incoming),
    };

    // A stored title the file renames (the built-in "Money Heist" vs IMDb's "La casa de papel") stays findable as an alias.
    private static IReadOnlyList<string> MergeAliases(Show existing, Show incoming)
    {
        if (existing.Aliases.Count == 0 && existing.Title.Equals(incoming.Title, StringComparison.OrdinalIgnoreCase))
        {
            return incoming.Aliases;
        }

        return
        [
            .. incoming.Aliases.Concat(existing.Aliases).Append(existing.Title)
                .Where(a => !a.Equals(incoming.Title, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase),
        ];
    }
}
