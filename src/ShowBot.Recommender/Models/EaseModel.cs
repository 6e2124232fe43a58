using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.LinearAlgebra;

namespace ShowBot.Recommender.Models;

/// <summary>
/// EASE (Steck 2019): an item × item weight matrix B with zero diagonal, learned in closed form, of which each item
/// keeps its strongest weights (<see cref="EaseTrainer.NeighboursParameter"/>). A candidate's score is the sum of
/// the liked items' weights towards it; the liked item with the largest weight towards the candidate is its
/// explanation.
/// </summary>
public sealed class EaseModel : FoldInModel
{
    /// <summary>The algorithm name.</summary>
    public const string AlgorithmName = "ease";

    private readonly NeighbourLists _weights;

    internal EaseModel(ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters, NeighbourLists weights)
        : base(items, itemLikeCounts)
    {
        Parameters = parameters;
        _weights = weights;
    }

    /// <inheritdoc />
    public override string Algorithm => AlgorithmName;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Parameters { get; }

    private protected override long PayloadMemoryBytes => _weights.MemoryBytes;

    /// <summary>Bᵢⱼ, the weight of item <paramref name="liked"/> towards <paramref name="candidate"/>; 0 when not kept.</summary>
    internal float Weight(int liked, int candidate) => _weights.Weight(liked, candidate);

    private protected override object? ScoreCatalog(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        scores.Clear();
        _weights.AddTo(likedItems, scores);
        return null;
    }

    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because) =>
        _weights.ExplainEach(likedItems, recommendedItems, floor: float.NegativeInfinity, because);

    internal override void WritePayload(BinaryWriter writer)
    {
        _weights.Write(writer);
    }

    /// <summary>
    /// Reads the payload; format 1 stored the whole dense matrix, which is pruned here as training prunes it now, so
    /// a model trained before the upgrade keeps serving.
    /// </summary>
    internal static EaseModel ReadPayload(BinaryReader reader, ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters, int formatVersion)
    {
        if (formatVersion >= 2)
        {
            return new EaseModel(items, itemLikeCounts, parameters, NeighbourLists.Read(reader, items.Count, formatVersion));
        }

        var dense = ArtifactIO.ReadFloatArray(reader);
        if (dense.Length != (long)items.Count * items.Count)
        {
            throw new ModelFormatException($"The EASE payload holds {dense.Length} weights for {items.Count} items.");
        }

        var neighbours = (int)parameters.GetValueOrDefault(EaseTrainer.NeighboursParameter, EaseTrainer.DefaultNeighbours);
        SortedDictionary<string, double> upgraded = new(parameters.ToDictionary(), StringComparer.Ordinal)
        {
            [EaseTrainer.NeighboursParameter] = neighbours,
        };
        return new EaseModel(items, itemLikeCounts, upgraded, EaseTrainer.KeepStrongest(dense, items.Count, neighbours, new ParallelOptions()));
    }
}

/// <summary>
/// Trains <see cref="EaseModel"/>: P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag(P)), i.e. Bᵢⱼ = −Pᵢⱼ/Pⱼⱼ off the
/// diagonal and 0 on it. The Gram matrix and its inverse are the lower triangle of one float32 array, overwritten in
/// place (the inverse's small pivot blocks are taken in double precision), and the kept weights of B are read from
/// it without forming B, so training needs about 4·n² bytes of address space, half of them touched; time grows as
/// n³, so the trainer refuses catalogs above <see cref="MaxItems"/>.
/// </summary>
public sealed class EaseTrainer : IModelTrainer
{
    /// <summary>Parameter: L2 regularisation λ added to the Gram matrix's diagonal (default 500).</summary>
    public const string RegularizationParameter = "regularization";

    /// <summary>Parameter: weights kept per item, the largest (default <see cref="DefaultNeighbours"/>).</summary>
    public const string NeighboursParameter = "neighbours";

    /// <summary>Parameter: largest catalog the trainer accepts (default <see cref="DefaultMaxItems"/>).</summary>
    public const string MaxItemsParameter = "max-items";

    /// <summary>
    /// Default item limit: 15,000 items need 0.9 GB while training and serving, and the cubic-time inverse takes
    /// half a minute or more on two cores; beyond that use the factor model.
    /// </summary>
    public const int DefaultMaxItems = 15_000;

    /// <summary>
    /// Default weights kept per item. On the anime ratings (5,820 items) 300 cost 0.002 of recall@20 (0.4401 against
    /// 0.4421 with every weight; 200: 0.4380, 500: 0.4425) and raised NDCG@100 (0.4720 against 0.4662), for a 14 MB
    /// artifact instead of 136 MB (7 MB with the half-precision weights of <see cref="NeighbourLists"/>).
    /// </summary>
    public const int DefaultNeighbours = 300;

    private const int RowsPerGather = 16;

    /// <summary>Creates the trainer from named parameters (see the constants); missing ones take their defaults.</summary>
    public EaseTrainer(IReadOnlyDictionary<string, double>? parameters = null)
    {
        ParameterSet values = new(EaseModel.AlgorithmName, parameters);
        Regularization = values.Get(RegularizationParameter, 500, 1e-9, 1e12);
        MaxItems = values.GetInt(MaxItemsParameter, DefaultMaxItems, 1, 46_000);
        Neighbours = values.GetInt(NeighboursParameter, DefaultNeighbours, 1, 46_000);
        values.RejectUnknown();
        Parameters = ParameterSet.Of((RegularizationParameter, Regularization), (MaxItemsParameter, MaxItems), (NeighboursParameter, Neighbours));
    }

    /// <inheritdoc />
    public string Algorithm => EaseModel.AlgorithmName;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>L2 regularisation λ.</summary>
    public double Regularization { get; }

    /// <summary>Largest catalog the trainer accepts.</summary>
    public int MaxItems { get; }

    /// <summary>Weights kept per item.</summary>
    public int Neighbours { get; }

    /// <inheritdoc />
    public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(likes);
        ArgumentNullException.ThrowIfNull(parallel);
        var n = likes.ItemCount;
        if (n > MaxItems)
        {
            throw new ModelTrainingException(string.Create(
                CultureInfo.InvariantCulture,
                $"EASE refuses {n:N0} items: its dense item × item matrix would need {4.0 * n * n / 1e9:F1} GB to train and to serve, above the limit of {MaxItems:N0} items ('{MaxItemsParameter}'). Use '{ImplicitAlsModel.AlgorithmName}' for catalogs this large."));
        }

        var weights = GramMatrix(likes, parallel);
        for (var i = 0; i < n; i++)
        {
            weights[(i * n) + i] += (float)Regularization;
        }

        SymmetricInverse.InvertNegatedInPlace(weights, n, parallel);
        return new EaseModel(likes.Items, likes.ItemLikeCounts(), Parameters, KeepStrongestOfInverse(weights, n, Neighbours, parallel));
    }

    /// <summary>
    /// Each row's <paramref name="neighbours"/> off-diagonal weights of largest magnitude from the dense n × n matrix
    /// B: the negative ones carry as much as the positive ones ("fans of this rarely like that").
    /// </summary>
    internal static NeighbourLists KeepStrongest(float[] weights, int n, int neighbours, ParallelOptions parallel)
    {
        var kept = Math.Min(neighbours, n - 1);
        var neighbourIds = new int[checked(n * kept)];
        var keptWeights = new float[neighbourIds.Length];
        Parallel.For(0, n, parallel, () => new Selection(n), (i, _, selection) =>
        {
            selection.Strongest(weights.AsSpan(i * n, n), ReadOnlySpan<float>.Empty, i, neighbourIds.AsSpan(i * kept, kept), keptWeights.AsSpan(i * kept, kept));
            return selection;
        }, static _ => { });

        return NeighbourLists.FromEqualRows(n, kept, neighbourIds, keptWeights);
    }

    /// <summary>
    /// <see cref="KeepStrongest"/> of B = I − P·diag(1/diag(P)) given only the lower triangle of −P, as
    /// <see cref="SymmetricInverse.InvertNegatedInPlace"/> leaves it, without forming B: Bᵢⱼ = −Pᵢⱼ/Pⱼⱼ is also
    /// −(−Pᵢⱼ)/(−Pⱼⱼ), to the bit. Rows are taken <see cref="RowsPerGather"/> at a time: their cells left of the
    /// diagonal from their own rows, the rest from a strip of columns read down the rows below, so every read of the
    /// matrix is a contiguous stretch and nothing is written to it.
    /// </summary>
    private static NeighbourLists KeepStrongestOfInverse(float[] negatedInverse, int n, int neighbours, ParallelOptions parallel)
    {
        var kept = Math.Min(neighbours, n - 1);
        var diagonal = new float[n];
        for (var j = 0; j < n; j++)
        {
            diagonal[j] = negatedInverse[(j * n) + j];
        }

        var neighbourIds = new int[checked(n * kept)];
        var keptWeights = new float[neighbourIds.Length];
        Parallel.For(0, (n + RowsPerGather - 1) / RowsPerGather, parallel, () => new Selection(n), (group, _, selection) =>
        {
            var first = group * RowsPerGather;
            var rows = GatherRows(negatedInverse, n, first, Math.Min(n, first + RowsPerGather), selection.Rows);
            for (var r = 0; r < rows; r++)
            {
                var row = selection.Rows.AsSpan(r * n, n);
                var i = first + r;
                selection.Strongest(row, diagonal, i, neighbourIds.AsSpan(i * kept, kept), keptWeights.AsSpan(i * kept, kept));
            }

            return selection;
        }, static _ => { });

        return NeighbourLists.FromEqualRows(n, kept, neighbourIds, keptWeights);
    }

    /// <summary>Rows <paramref name="first"/> to <paramref name="end"/> of the symmetric matrix whose lower triangle is given, whole, into <paramref name="rows"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GatherRows(float[] lower, int n, int first, int end, float[] rows)
    {
        for (var i = first; i < end; i++)
        {
            lower.AsSpan(i * n, i + 1).CopyTo(rows.AsSpan((i - first) * n));
        }

        for (var j = first + 1; j < n; j++)
        {
            ReadOnlySpan<float> strip = lower.AsSpan((j * n) + first, Math.Min(end, j) - first);
            for (var r = 0; r < strip.Length; r++)
            {
                rows[(r * n) + j] = strip[r];
            }
        }

        return end - first;
    }

    /// <summary>One worker's scratch for picking rows' strongest weights.</summary>
    private sealed class Selection(int n)
    {
        // A first threshold comes from every SampleStride-th magnitude, taken low enough that about twice the kept
        // count pass it; the exact one is then selected among those candidates only.
        private const int SampleStride = 8;

        private readonly float[] _magnitudes = new float[n];
        // Room for a whole vector's store past the last candidate (see Candidates).
        private readonly float[] _values = new float[n + Vector512<float>.Count];
        private readonly int[] _candidates = new int[n + Vector512<float>.Count];

        /// <summary>Room for <see cref="RowsPerGather"/> whole rows.</summary>
        public float[] Rows { get; } = new float[RowsPerGather * n];

        /// <summary>
        /// The weights of <paramref name="row"/> of largest magnitude, leaving out <paramref name="self"/>, as many as
        /// <paramref name="neighbours"/> holds: every one above the kept-th largest magnitude, then ties at it by
        /// ascending id; written as the lists keep them, in ascending id order and at half precision.
        /// </summary>
        /// <remarks>
        /// With <paramref name="diagonal"/>, <paramref name="row"/> is a row of −P, divided here in place by the diagonal
        /// (−Pᵢⱼ/−Pⱼⱼ = −Bᵢⱼ), and the weights written are negated back: the same bits as dividing and negating first.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Strongest(Span<float> row, ReadOnlySpan<float> diagonal, int self, Span<int> neighbours, Span<float> weights)
        {
            var n = row.Length;
            var kept = neighbours.Length;
            var negated = !diagonal.IsEmpty;
            if (negated)
            {
                DivideAndMagnitudes(row, diagonal, _magnitudes);
            }
            else
            {
                TensorPrimitives.Abs(row, _magnitudes);
            }

            _magnitudes[self] = -1;
            var count = 0;
            var sampled = n / SampleStride;
            var rank = 2 * kept / SampleStride;
            if (rank >= 1 && rank < sampled)
            {
                for (var s = 0; s < sampled; s++)
                {
                    _values[s] = _magnitudes[s * SampleStride];
                }

                // Never below 0, so that the item itself (magnitude −1) is never a candidate.
                var bound = Math.Max(0, KthLargest(_values.AsSpan(0, sampled), rank));
                count = Candidates(bound);
            }

            if (count < kept)
            {
                count = Candidates(0);
            }

            if (kept == 0)
            {
                return;
            }

            var threshold = KthLargest(_values.AsSpan(0, count), kept);
            var ties = kept;
            for (var c = 0; c < count; c++)
            {
                if (_magnitudes[_candidates[c]] > threshold)
                {
                    ties--;
                }
            }

            var filled = 0;
            for (var c = 0; c < count && filled < kept; c++)
            {
                var j = _candidates[c];
                var take = _magnitudes[j] > threshold;
                if (!take && _magnitudes[j] == threshold && ties > 0)
                {
                    ties--;
                    take = true;
                }

                if (take)
                {
                    neighbours[filled] = j;
                    weights[filled++] = (float)(Half)(negated ? -row[j] : row[j]);
                }
            }
        }

        /// <summary>
        /// row[j] /= diagonal[j] and magnitudes[j] = |row[j]|, in one pass of its own (the row is in the first-level
        /// cache): <see cref="TensorPrimitives"/> ran unoptimized for most of a training run's 5,820 rows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void DivideAndMagnitudes(Span<float> row, ReadOnlySpan<float> diagonal, Span<float> magnitudes)
        {
            ref var x = ref MemoryMarshal.GetReference(row);
            ref var d = ref MemoryMarshal.GetReference(diagonal);
            ref var m = ref MemoryMarshal.GetReference(magnitudes);
            var n = row.Length;
            var j = 0;
            for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
            {
                var quotient = Vector.LoadUnsafe(ref x, (nuint)j) / Vector.LoadUnsafe(ref d, (nuint)j);
                quotient.StoreUnsafe(ref x, (nuint)j);
                Vector.Abs(quotient).StoreUnsafe(ref m, (nuint)j);
            }

            for (; j < n; j++)
            {
                var quotient = Unsafe.Add(ref x, j) / Unsafe.Add(ref d, j);
                Unsafe.Add(ref x, j) = quotient;
                Unsafe.Add(ref m, j) = Math.Abs(quotient);
            }
        }

        /// <summary>
        /// Every item whose magnitude is at least <paramref name="bound"/> (≥ 0, which leaves the item itself out), in
        /// ascending id order, with their magnitudes. About one in ten passes the first bound, a branch the processor
        /// cannot predict: with 512-bit vectors sixteen magnitudes are compared and the passing ones packed at once,
        /// else every one is written and the count advanced by the comparison.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int Candidates(float bound)
        {
            var count = 0;
            var j = 0;
            var n = _magnitudes.Length;
            ref var magnitudes = ref MemoryMarshal.GetArrayDataReference(_magnitudes);
            ref var candidates = ref MemoryMarshal.GetArrayDataReference(_candidates);
            ref var values = ref MemoryMarshal.GetArrayDataReference(_values);
            if (Avx512F.IsSupported)
            {
                var bounds = Vector512.Create(bound);
                var ids = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
                var step = Vector512.Create(Vector512<int>.Count);
                for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
                {
                    var block = Vector512.LoadUnsafe(ref magnitudes, (nuint)j);
                    var pass = Vector512.GreaterThanOrEqual(block, bounds);
                    var passing = (int)pass.ExtractMostSignificantBits();
                    if (passing != 0)
                    {
                        // The arrays have room for a whole vector past the last candidate.
                        Avx512F.Compress(Vector512<float>.Zero, pass, block).StoreUnsafe(ref values, (nuint)count);
                        Avx512F.Compress(Vector512<int>.Zero, pass.AsInt32(), ids).StoreUnsafe(ref candidates, (nuint)count);
                        count += BitOperations.PopCount((uint)passing);
                    }

                    ids += step;
                }
            }

            for (; j < n; j++)
            {
                var magnitude = Unsafe.Add(ref magnitudes, j);
                Unsafe.Add(ref candidates, count) = j;
                Unsafe.Add(ref values, count) = magnitude;
                count += magnitude >= bound ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>The <paramref name="k"/>-th largest of <paramref name="values"/> (1-based), by quickselect; reorders them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float KthLargest(Span<float> values, int k)
    {
        var target = k - 1;
        var low = 0;
        var high = values.Length - 1;
        while (low < high)
        {
            var pivot = values[low + ((high - low) / 2)];
            var left = low;
            var right = high;
            while (left <= right)
            {
                while (values[left] > pivot)
                {
                    left++;
                }

                while (values[right] < pivot)
                {
                    right--;
                }

                if (left <= right)
                {
                    (values[left], values[right]) = (values[right], values[left]);
                    left++;
                    right--;
                }
            }

            if (target <= right)
            {
                high = right;
            }
            else if (target >= left)
            {
                low = left;
            }
            else
            {
                return values[target];
            }
        }

        return values[target];
    }

    /// <summary>
    /// The lower triangle of XᵀX, all the inverse reads: co-like counts of every item pair, counts on the diagonal
    /// (exact in float32 below 2²⁴). A person's liked items are in ascending order, so each row stops at its diagonal.
    /// </summary>
    private static float[] GramMatrix(InteractionMatrix likes, ParallelOptions parallel)
    {
        var n = likes.ItemCount;
        // Only the lower triangle is ever read, and AddCoLikes clears each row's part first: memory the process reuses
        // is not cleared whole (the upper triangle too) by the allocation.
        var gram = GC.AllocateUninitializedArray<float>(n * n);
        Parallel.For(0, n, parallel, i => AddCoLikes(likes, i, gram.AsSpan(i * n, n)));
        return gram;
    }

    /// <summary>
    /// Zeroes <paramref name="cells"/> by vector stores of its own. <c>Span.Clear</c> hands a span this long to the
    /// runtime's native clear, whose first access to a fresh page was a read (in <c>perf</c>: a write-protect fault
    /// on the shared zero page under the clear for most pages, each flushing the mapping from both cores' TLBs by an
    /// inter-processor interrupt, 3 % of the training's CPU samples); plain stores take one fault a page.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ClearByStores(Span<float> cells)
    {
        var c = 0;
        for (; c <= cells.Length - Vector<float>.Count; c += Vector<float>.Count)
        {
            Vector<float>.Zero.CopyTo(cells[c..]);
        }

        cells[c..].Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddCoLikes(InteractionMatrix likes, int i, Span<float> row)
    {
        // Where the memory is fresh from the system, writing the row first takes one fault a page: were a page's first
        // access the read of "+= 1", it would map the shared zero page, and the write would fault again and flush that
        // mapping from every core's TLB (0.3-0.4 of a CPU-second on the anime ratings).
        ClearByStores(row[..(i + 1)]);
        foreach (var user in likes.UsersWhoLike(i))
        {
            foreach (var j in likes.ItemsLikedBy(user))
            {
                if (j > i)
                {
                    break;
                }

                row[j] += 1;
            }
        }
    }
}
