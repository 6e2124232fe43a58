namespace ShowBot.Core.Titles;

/// <summary>
/// Sorted keys for per-keystroke lookups: a binary search finds the block of keys starting with what was
/// typed, and one pass over it keeps the best few shows. No edit distances, no allocation per key.
/// </summary>
internal sealed class TitlePrefixIndex
{
    private readonly string[] keys;
    private readonly int[] shows;
    private readonly byte[] kinds;

    public TitlePrefixIndex(IEnumerable<(string Key, int Show, PrefixKind Kind)> items)
    {
        var sorted = items
            .Where(i => i.Key.Length > 0)
            .Distinct()
            .OrderBy(i => i.Key, StringComparer.Ordinal)
            .ThenBy(i => i.Show)
            .ToArray();
        keys = [.. sorted.Select(i => i.Key)];
        shows = [.. sorted.Select(i => i.Show)];
        kinds = [.. sorted.Select(i => (byte)i.Kind)];
    }

    /// <summary>
    /// Adds to <paramref name="results"/> the best shows whose keys start with <paramref name="prefix"/>,
    /// ordered by <see cref="MatchRank"/> and then popularity (lower show number = more votes).
    /// </summary>
    public void Collect(string prefix, TopShows results)
    {
        var index = LowerBound(prefix);
        for (; index < keys.Length && keys[index].StartsWith(prefix, StringComparison.Ordinal); index++)
        {
            var exact = keys[index].Length == prefix.Length;
            var rank = (PrefixKind)kinds[index] switch
            {
                PrefixKind.Title => exact ? MatchRank.ExactTitle : MatchRank.TitlePrefix,
                PrefixKind.Alias => exact ? MatchRank.ExactAlias : MatchRank.AliasPrefix,
                _ => MatchRank.WordPrefix,
            };
            results.Offer(rank, shows[index]);
        }
    }

    private int LowerBound(string prefix)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(keys[middle], prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

/// <summary>What a prefix-index key is: the start of a title, the start of a later word of it, or an alias.</summary>
internal enum PrefixKind : byte
{
    Title,
    Word,
    Alias,
}

/// <summary>Autocomplete quality tiers, best first.</summary>
internal enum MatchRank
{
    ExactTitle,
    ExactAlias,
    TitlePrefix,
    WordPrefix,
    AliasPrefix,
    Fuzzy,
}

/// <summary>The best <c>capacity</c> distinct shows by (tier, popularity), kept sorted while offers stream in.</summary>
internal sealed class TopShows(int capacity)
{
    private readonly List<(MatchRank Rank, int Show)> items = new(capacity + 1);

    public int Count => items.Count;

    public bool IsFull => items.Count >= capacity;

    public IEnumerable<int> Shows => items.Select(i => i.Show);

    public bool Contains(int show) => IndexOf(show) >= 0;

    public void Offer(MatchRank rank, int show)
    {
        if (capacity == 0 || (IsFull && Compare((rank, show), items[^1]) >= 0))
        {
            return;
        }

        var existing = IndexOf(show);
        if (existing >= 0)
        {
            if (items[existing].Rank <= rank)
            {
                return;
            }

            items.RemoveAt(existing);
        }

        var at = items.Count;
        while (at > 0 && Compare((rank, show), items[at - 1]) < 0)
        {
            at--;
        }

        items.Insert(at, (rank, show));
        if (items.Count > capacity)
        {
            items.RemoveAt(items.Count - 1);
        }
    }

    private int IndexOf(int show)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Show == show)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Compare((MatchRank Rank, int Show) x, (MatchRank Rank, int Show) y) =>
        x.Rank != y.Rank ? x.Rank.CompareTo(y.Rank) : x.Show.CompareTo(y.Show);
}
