namespace ShowBot.Recommender.Evaluation;

/// <summary>Top-K metrics of one ranked list against one person's held-out items.</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Recall@K as in Liang et al. 2018: hits in the top K divided by min(K, held-out count), so a perfect
    /// ranking scores 1 even when more than K items are held out.
    /// </summary>
    public static double Recall(ReadOnlySpan<int> ranked, IReadOnlySet<int> heldOut, int k)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (heldOut.Count == 0)
        {
            return 0;
        }

        return (double)Hits(ranked, heldOut, k) / Math.Min(k, heldOut.Count);
    }

    /// <summary>
    /// NDCG@K with binary relevance: DCG = Σ 1/log₂(rank + 1) over hits at ranks 1..K, divided by the ideal DCG
    /// of min(K, held-out count) hits at the top.
    /// </summary>
    public static double Ndcg(ReadOnlySpan<int> ranked, IReadOnlySet<int> heldOut, int k)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (heldOut.Count == 0)
        {
            return 0;
        }

        double dcg = 0;
        var depth = Math.Min(k, ranked.Length);
        for (var rank = 0; rank < depth; rank++)
        {
            if (heldOut.Contains(ranked[rank]))
            {
                dcg += 1.0 / Math.Log2(rank + 2);
            }
        }

        double ideal = 0;
        var idealHits = Math.Min(k, heldOut.Count);
        for (var rank = 0; rank < idealHits; rank++)
        {
            ideal += 1.0 / Math.Log2(rank + 2);
        }

        return dcg / ideal;
    }

    /// <summary>Share of the top N suggestions that are held-out items: hits / N (the ancestor's hit-rate).</summary>
    public static double HitShare(ReadOnlySpan<int> ranked, IReadOnlySet<int> heldOut, int n)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (double)Hits(ranked, heldOut, n) / n;
    }

    private static int Hits(ReadOnlySpan<int> ranked, IReadOnlySet<int> heldOut, int k)
    {
        var hits = 0;
        var depth = Math.Min(k, ranked.Length);
        for (var rank = 0; rank < depth; rank++)
        {
            if (heldOut.Contains(ranked[rank]))
            {
                hits++;
            }
        }

        return hits;
    }
}
