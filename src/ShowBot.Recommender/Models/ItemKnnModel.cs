using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Models;

/// <summary>
/// Cosine item-kNN, the ancestor's approach and the reference baseline: each item keeps its most similar
/// items; a candidate's score is the sum of its similarities to the liked items whose neighbour lists hold it.
/// </summary>
public sealed class ItemKnnModel : FoldInModel
{
    /// <summary>The algorithm name.</summary>
    public const string AlgorithmName = "item-knn";

    private readonly NeighbourLists _neighbours;

    internal ItemKnnModel(ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters, NeighbourLists neighbours)
        : base(items, itemLikeCounts)
    {
        Parameters = parameters;
        _neighbours = neighbours;
    }

    /// <inheritdoc />
    public override string Algorithm => AlgorithmName;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Parameters { get; }

    private protected override long PayloadMemoryBytes => _neighbours.MemoryBytes;

    private protected override object? ScoreCatalog(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        scores.Clear();
        _neighbours.AddTo(likedItems, scores);
        return null;
    }

    /// <summary>Similarity of <paramref name="neighbour"/> in <paramref name="item"/>'s list, or 0 when it is not there.</summary>
    internal float Similarity(int item, int neighbour) => _neighbours.Weight(item, neighbour);

    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because) =>
        _neighbours.ExplainEach(likedItems, recommendedItems, floor: 0, because);

    internal override void WritePayload(BinaryWriter writer)
    {
        _neighbours.Write(writer);
    }

    internal static ItemKnnModel ReadPayload(BinaryReader reader, ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters, int formatVersion)
    {
        return new ItemKnnModel(items, itemLikeCounts, parameters, NeighbourLists.Read(reader, items.Count, formatVersion));
    }
}

/// <summary>Trains <see cref="ItemKnnModel"/>: cosine similarity of the items' user sets, top-k per item.</summary>
public sealed class ItemKnnTrainer : IModelTrainer
{
    /// <summary>Parameter: neighbours kept per item (default 100).</summary>
    public const string NeighboursParameter = "neighbours";

    /// <summary>Creates the trainer from named parameters (see the constants).</summary>
    public ItemKnnTrainer(IReadOnlyDictionary<string, double>? parameters = null)
    {
        ParameterSet values = new(ItemKnnModel.AlgorithmName, parameters);
        Neighbours = values.GetInt(NeighboursParameter, 100, 1, 100_000);
        values.RejectUnknown();
        Parameters = ParameterSet.Of((NeighboursParameter, Neighbours));
    }

    /// <inheritdoc />
    public string Algorithm => ItemKnnModel.AlgorithmName;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Neighbours kept per item.</summary>
    public int Neighbours { get; }

    /// <inheritdoc />
    public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(likes);
        var itemCount = likes.ItemCount;
        var likeCounts = likes.ItemLikeCounts();
        var neighbourLists = new int[itemCount][];
        var similarityLists = new float[itemCount][];
        Parallel.For(
            0,
            itemCount,
            parallel,
            () => new CoOccurrence(itemCount),
            (item, _, workspace) =>
            {
                (neighbourLists[item], similarityLists[item]) = workspace.NearestNeighbours(likes, likeCounts, item, Neighbours);
                return workspace;
            },
            static _ => { });

        return new ItemKnnModel(likes.Items, likeCounts, Parameters, NeighbourLists.FromRows(neighbourLists, similarityLists));
    }

    /// <summary>Per-thread co-occurrence counts, reset after each item.</summary>
    private sealed class CoOccurrence(int itemCount)
    {
        private readonly int[] _counts = new int[itemCount];
        private readonly List<int> _touched = [];

        public (int[] Neighbours, float[] Similarities) NearestNeighbours(InteractionMatrix likes, int[] likeCounts, int item, int neighbourCount)
        {
            foreach (var user in likes.UsersWhoLike(item))
            {
                foreach (var other in likes.ItemsLikedBy(user))
                {
                    if (other != item && _counts[other]++ == 0)
                    {
                        _touched.Add(other);
                    }
                }
            }

            var similarity = new float[_touched.Count];
            for (var t = 0; t < _touched.Count; t++)
            {
                var other = _touched[t];
                similarity[t] = (float)(_counts[other] / Math.Sqrt((double)likeCounts[item] * likeCounts[other]));
                _counts[other] = 0;
            }

            var order = FoldInModel.SelectTop(similarity, Math.Min(neighbourCount, similarity.Length), static _ => true);
            var neighbours = new int[order.Length];
            var kept = new float[order.Length];
            for (var k = 0; k < order.Length; k++)
            {
                neighbours[k] = _touched[order[k]];
                kept[k] = similarity[order[k]];
            }

            _touched.Clear();
            return (neighbours, kept);
        }
    }
}
