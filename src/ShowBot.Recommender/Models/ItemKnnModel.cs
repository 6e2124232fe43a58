using ShowBot.Recommender.Artifacts;
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

    private readonly int[] _neighbourPointers;
    private readonly int[] _neighbours;
    private readonly float[] _similarities;

    internal ItemKnnModel(ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters, int[] neighbourPointers, int[] neighbours, float[] similarities)
        : base(items, itemLikeCounts)
    {
        if (neighbourPointers.Length != items.Count + 1 || neighbours.Length != similarities.Length || neighbourPointers[^1] != neighbours.Length)
        {
            throw new ArgumentException("Neighbour lists do not match the catalog.", nameof(neighbourPointers));
        }

        Parameters = parameters;
        _neighbourPointers = neighbourPointers;
        _neighbours = neighbours;
        _similarities = similarities;
    }

    /// <inheritdoc />
    public override string Algorithm => AlgorithmName;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Parameters { get; }

    private protected override long PayloadMemoryBytes => (4L * _neighbourPointers.Length) + (8L * _neighbours.Length);

    private protected override object? ScoreCatalog(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        scores.Clear();
        foreach (var liked in likedItems)
        {
            var start = _neighbourPointers[liked];
            var end = _neighbourPointers[liked + 1];
            for (var k = start; k < end; k++)
            {
                scores[_neighbours[k]] += _similarities[k];
            }
        }

        return null;
    }

    /// <summary>Similarity of <paramref name="neighbour"/> in <paramref name="item"/>'s list, or 0 when it is not there.</summary>
    internal float Similarity(int item, int neighbour)
    {
        var start = _neighbourPointers[item];
        var index = Array.BinarySearch(_neighbours, start, _neighbourPointers[item + 1] - start, neighbour);
        return index >= 0 ? _similarities[index] : 0;
    }

    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because)
    {
        for (var r = 0; r < recommendedItems.Length; r++)
        {
            because[r] = -1;
            float best = 0;
            foreach (var liked in likedItems)
            {
                var similarity = Similarity(liked, recommendedItems[r]);
                if (similarity > best)
                {
                    best = similarity;
                    because[r] = liked;
                }
            }
        }
    }

    internal override void WritePayload(BinaryWriter writer)
    {
        ArtifactIO.WriteArray(writer, _neighbourPointers);
        ArtifactIO.WriteArray(writer, _neighbours);
        ArtifactIO.WriteArray(writer, _similarities);
    }

    internal static ItemKnnModel ReadPayload(BinaryReader reader, ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters)
    {
        var pointers = ArtifactIO.ReadIntArray(reader);
        var neighbours = ArtifactIO.ReadIntArray(reader);
        var similarities = ArtifactIO.ReadFloatArray(reader);
        return new ItemKnnModel(items, itemLikeCounts, parameters, pointers, neighbours, similarities);
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
    public FoldInModel Train(InteractionMatrix likes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(likes);
        var itemCount = likes.ItemCount;
        var likeCounts = likes.ItemLikeCounts();
        var neighbourLists = new int[itemCount][];
        var similarityLists = new float[itemCount][];
        ParallelOptions options = new() { CancellationToken = cancellationToken };

        Parallel.For(
            0,
            itemCount,
            options,
            () => new CoOccurrence(itemCount),
            (item, _, workspace) =>
            {
                (neighbourLists[item], similarityLists[item]) = workspace.NearestNeighbours(likes, likeCounts, item, Neighbours);
                return workspace;
            },
            static _ => { });

        var pointers = new int[itemCount + 1];
        for (var item = 0; item < itemCount; item++)
        {
            pointers[item + 1] = pointers[item] + neighbourLists[item].Length;
        }

        var neighbours = new int[pointers[^1]];
        var similarities = new float[pointers[^1]];
        for (var item = 0; item < itemCount; item++)
        {
            neighbourLists[item].CopyTo(neighbours, pointers[item]);
            similarityLists[item].CopyTo(similarities, pointers[item]);
        }

        return new ItemKnnModel(likes.Items, likeCounts, Parameters, pointers, neighbours, similarities);
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

            Array.Sort(neighbours, kept);
            _touched.Clear();
            return (neighbours, kept);
        }
    }
}
