namespace ShowBot.Core.Ratings;

/// <summary>
/// Picks the rating changes a compaction deletes. Fed the log in order, it keeps for each rating only its last change
/// before each change that must stay exact, and drops that one too when it leaves the rating as it was at the previous
/// such change (a like taken back). The newest change of the log always stays: its number is the data's version.
/// Every storage provider compacts its log with it, so they keep the same changes.
/// </summary>
public sealed class ChangeLogCompaction
{
    private readonly long[] exact;
    private readonly long newest;
    private readonly Dictionary<string, RatingValue> settled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Id, RatingValue? Rating)> latest = new(StringComparer.Ordinal);
    private readonly List<long> superseded = [];
    private int next;

    /// <param name="exact">The changes after which the ratings must stay as they were.</param>
    /// <param name="newest">The log's newest change.</param>
    public ChangeLogCompaction(IEnumerable<long> exact, long newest)
    {
        this.exact = [.. exact.Distinct().Order()];
        this.newest = newest;
    }

    /// <summary>The next change, with the rating it sets (null when it removes one).</summary>
    public void Add(long id, string key, RatingValue? value)
    {
        while (next < exact.Length - 1 && id > exact[next])
        {
            Settle();
            next++;
        }

        if (latest.TryGetValue(key, out var earlier))
        {
            superseded.Add(earlier.Id);
        }

        latest[key] = (id, value);
    }

    /// <summary>The changes nothing exact depends on.</summary>
    public IReadOnlyList<long> Superseded()
    {
        Settle();
        return superseded;
    }

    private void Settle()
    {
        foreach (var (key, (id, rating)) in latest)
        {
            if (id != newest && SameRating(settled.TryGetValue(key, out var before) ? before : null, rating))
            {
                superseded.Add(id);
            }

            if (rating is { } kept)
            {
                settled[key] = kept;
            }
            else
            {
                settled.Remove(key);
            }
        }

        latest.Clear();
    }

    private static bool SameRating(RatingValue? before, RatingValue? after) => before == after;
}

/// <summary>What a change leaves of a rating, all a compaction compares: the log's documents are not kept.</summary>
public readonly record struct RatingValue(RatingKind Kind, RatingSource Source, long AtTicks);
