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
        foreach (int liked in likedItems)
        {
            int start = _neighbourPointers[liked];
            int end = _neighbourPointers[liked + 1];
            for (int k = start; k < end; k++)
            {
                scores[_neighbours[k]] += _similarities[k];
            }
        }

        return null;
    }

    /// <summary>Similarity of <paramref name="neighbour"/> in <paramref name="item"/>'s list, or 0 when it is not there.</summary>
    internal float Similarity(int item, int neighbour)
    {
        int start = _neighbourPointers[item];
        int index = Array.BinarySearch(_neighbours, start, _neighbourPointers[item + 1] - start, neighbour);
        return index >= 0 ? _similarities[index] : 0;
    }

    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because)
    {
        for (int r = 0; r < recommendedItems.Length; r++)
        {
            because[r] = -1;
            float best = 0;
            foreach (int liked in likedItems)
            {
                float similarity = Similarity(liked, recommendedItems[r]);
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
        int[] pointers = ArtifactIO.ReadIntArray(reader);
        int[] neighbours = ArtifactIO.ReadIntArray(reader);
        float[] similarities = ArtifactIO.ReadFloatArray(reader);
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
        int itemCount = likes.ItemCount;
        int[] likeCounts = likes.ItemLikeCounts();
        int[][] neighbourLists = new int[itemCount][];
        float[][] similarityLists = new float[itemCount][];
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

        int[] pointers = new int[itemCount + 1];
        for (int item = 0; item < itemCount; item++)
        {
            pointers[item + 1] = pointers[item] + neighbourLists[item].Length;
        }

        int[] neighbours = new int[pointers[^1]];
        float[] similarities = new float[pointers[^1]];
        for (int item = 0; item < itemCount; item++)
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
            foreach (int user in likes.UsersWhoLike(item))
            {
                foreach (int other in likes.ItemsLikedBy(user))
                {
                    if (other != item && _counts[other]++ == 0)
                    {
                        _touched.Add(other);
                    }
                }
            }

            float[] similarity = new float[_touched.Count];
            for (int t = 0; t < _touched.Count; t++)
            {
                int other = _touched[t];
                similarity[t] = (float)(_counts[other] / Math.Sqrt((double)likeCounts[item] * likeCounts[other]));
                _counts[other] = 0;
            }

            int[] order = FoldInModel.SelectTop(similarity, Math.Min(neighbourCount, similarity.Length), static _ => true);
            int[] neighbours = new int[order.Length];
            float[] kept = new float[order.Length];
            for (int k = 0; k < order.Length; k++)
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
