using System.Buffers;

using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Models;

/// <summary>
/// Base of every trained ShowBot model: it scores the whole catalog for a set of liked items (the fold-in
/// query) and turns that into the <see cref="IRecommendationModel"/> answer — unknown likes ignored, liked,
/// disliked and filtered-out items never returned, popularity order when no like is known, and the liked item
/// that contributed most as the explanation. Instances are immutable and safe to share across threads.
/// </summary>
public abstract class FoldInModel : IRecommendationModel
{
    private readonly int[] _itemLikeCounts;
    private readonly int[] _itemsByPopularity;

    /// <summary>Initialises the shared parts: the item ids and how many training users like each item.</summary>
    private protected FoldInModel(ExternalIdMap items, int[] itemLikeCounts)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(itemLikeCounts);
        if (itemLikeCounts.Length != items.Count)
        {
            throw new ArgumentException($"Got {itemLikeCounts.Length} like counts for {items.Count} items.", nameof(itemLikeCounts));
        }

        Items = items;
        _itemLikeCounts = itemLikeCounts;
        _itemsByPopularity = [.. Enumerable.Range(0, items.Count).OrderByDescending(i => itemLikeCounts[i]).ThenBy(i => i)];
    }

    /// <inheritdoc />
    public abstract string Algorithm { get; }

    /// <summary>The hyperparameters the model was trained with, by name.</summary>
    public abstract IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>The catalog the model can rank: external item ids and their dense ids.</summary>
    public ExternalIdMap Items { get; }

    /// <summary>How many training users liked each item (dense item id order).</summary>
    public ReadOnlySpan<int> ItemLikeCounts => _itemLikeCounts;

    /// <summary>How many training users liked the item with that external id; 0 for an item the model never saw.</summary>
    public int LikeCountOf(string itemId) => Items.TryGetDenseId(itemId, out var dense) ? _itemLikeCounts[dense] : 0;

    /// <summary>Approximate bytes the model holds in memory while serving.</summary>
    public long EstimatedMemoryBytes => (sizeof(int) * 2L * _itemLikeCounts.Length) + PayloadMemoryBytes;

    /// <summary>Bytes of the algorithm-specific state (factors, similarities…).</summary>
    private protected abstract long PayloadMemoryBytes { get; }

    /// <inheritdoc />
    public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Count);
        if (query.Count == 0)
        {
            return [];
        }

        var liked = ToDenseIds(query.Liked);
        HashSet<int> excluded = [.. liked, .. ToDenseIds(query.Disliked)];
        if (liked.Length == 0)
        {
            return RecommendByPopularity(query, excluded);
        }

        var scores = ArrayPool<float>.Shared.Rent(Items.Count);
        try
        {
            var itemScores = scores.AsSpan(0, Items.Count);
            var foldInState = ScoreCatalog(liked, itemScores);
            var top = SelectTop(itemScores, query.Count, item => !excluded.Contains(item) && (query.Include is null || query.Include(Items[item])));
            var because = new int[top.Length];
            ExplainItems(liked, foldInState, top, because);
            var result = new Recommendation[top.Length];
            for (var rank = 0; rank < top.Length; rank++)
            {
                result[rank] = new Recommendation(Items[top[rank]], itemScores[top[rank]], because[rank] < 0 ? null : Items[because[rank]]);
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// Scores every catalog item for a person who likes <paramref name="likedItems"/> (dense ids, distinct, non-empty).
    /// Higher is better. Liked items get scores too; callers exclude them.
    /// </summary>
    /// <param name="likedItems">Dense ids of the liked items.</param>
    /// <param name="scores">Receives one score per item; its length must be <see cref="Items"/>.Count.</param>
    public void ScoreItems(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Length, Items.Count);
        ScoreCatalog(likedItems, scores);
    }

    /// <summary>
    /// Scores every item (see <see cref="ScoreItems"/>) and returns whatever per-query state
    /// <see cref="ExplainItems"/> can reuse, so a query's explanation does not redo its scoring work.
    /// </summary>
    private protected abstract object? ScoreCatalog(ReadOnlySpan<int> likedItems, Span<float> scores);

    /// <summary>
    /// For each recommended item, the liked item (dense id) that contributed most to its score, or −1 when none did.
    /// </summary>
    private protected abstract void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because);

    /// <summary>Writes the algorithm-specific state; the artifact format frames it.</summary>
    internal abstract void WritePayload(BinaryWriter writer);

    /// <summary>
    /// Indices of the <paramref name="count"/> highest scores among items <paramref name="eligible"/> accepts,
    /// best first; ties go to the lower dense id so answers are reproducible.
    /// </summary>
    internal static int[] SelectTop(ReadOnlySpan<float> scores, int count, Func<int, bool> eligible)
    {
        PriorityQueue<int, (float Score, int Item)> worstFirst = new(count + 1, TopComparer.Instance);
        for (var item = 0; item < scores.Length; item++)
        {
            var score = scores[item];
            if (float.IsNaN(score))
            {
                continue;
            }

            if (worstFirst.Count == count)
            {
                worstFirst.TryPeek(out _, out var worst);
                if (TopComparer.Instance.Compare((score, item), worst) <= 0)
                {
                    continue;
                }
            }

            if (!eligible(item))
            {
                continue;
            }

            worstFirst.Enqueue(item, (score, item));
            if (worstFirst.Count > count)
            {
                worstFirst.Dequeue();
            }
        }

        var top = new int[worstFirst.Count];
        for (var rank = top.Length - 1; rank >= 0; rank--)
        {
            top[rank] = worstFirst.Dequeue();
        }

        return top;
    }

    private List<Recommendation> RecommendByPopularity(RecommendationQuery query, HashSet<int> excluded)
    {
        List<Recommendation> result = new(Math.Min(query.Count, Items.Count));
        foreach (var item in _itemsByPopularity)
        {
            if (result.Count == query.Count)
            {
                break;
            }

            if (!excluded.Contains(item) && (query.Include is null || query.Include(Items[item])))
            {
                result.Add(new Recommendation(Items[item], _itemLikeCounts[item], null));
            }
        }

        return result;
    }

    private int[] ToDenseIds(IReadOnlyCollection<string> externalIds)
    {
        List<int> dense = new(externalIds.Count);
        HashSet<int> seen = [];
        foreach (var id in externalIds)
        {
            if (Items.TryGetDenseId(id, out var item) && seen.Add(item))
            {
                dense.Add(item);
            }
        }

        return [.. dense];
    }

    /// <summary>Orders (score, item) so that the worse one is smaller: lower score, or equal score and higher id.</summary>
    private sealed class TopComparer : IComparer<(float Score, int Item)>
    {
        public static readonly TopComparer Instance = new();

        public int Compare((float Score, int Item) x, (float Score, int Item) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Item.CompareTo(x.Item);
        }
    }
}
