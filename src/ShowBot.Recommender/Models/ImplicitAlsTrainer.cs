using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using ShowBot.Recommender.Data;
using ShowBot.Recommender.LinearAlgebra;

namespace ShowBot.Recommender.Models;

/// <summary>
/// Trains <see cref="ImplicitAlsModel"/> by alternating least squares on the implicit-feedback loss of
/// Hu, Koren &amp; Volinsky (confidence 1 + α on likes, 1 elsewhere, L2 weight λ), each row solved
/// approximately by a few warm-started conjugate-gradient steps (Takács, Pilászy &amp; Tikk 2011) so that
/// an iteration costs O(k²·rows + k·likes) instead of a k³ solve per row.
/// </summary>
/// <remarks>
/// Deterministic for a fixed seed whatever the thread count: factors are initialised sequentially from the
/// seed, each row's solve reads only the previous factors and its own likes, and the Gramian is summed in
/// fixed chunks in a fixed order.
/// </remarks>
public sealed class ImplicitAlsTrainer : IModelTrainer
{
    /// <summary>Parameter: latent dimensions k (default 128).</summary>
    public const string FactorsParameter = "factors";

    /// <summary>Parameter: L2 regularisation λ (default 50).</summary>
    public const string RegularizationParameter = "regularization";

    /// <summary>Parameter: confidence scale α; a like has confidence 1 + α (default 10).</summary>
    public const string AlphaParameter = "alpha";

    /// <summary>Parameter: ALS sweeps, each solving all items then all users (default 15).</summary>
    public const string IterationsParameter = "iterations";

    /// <summary>Parameter: conjugate-gradient steps per row solve (default 3).</summary>
    public const string ConjugateGradientStepsParameter = "cg-steps";

    /// <summary>Parameter: seed of the random initial factors (default 42).</summary>
    public const string SeedParameter = "seed";

    private const double InitialStandardDeviation = 0.01;

    /// <summary>Creates the trainer from named parameters (see the constants); missing ones take their defaults.</summary>
    public ImplicitAlsTrainer(IReadOnlyDictionary<string, double>? parameters = null)
    {
        ParameterSet values = new(ImplicitAlsModel.AlgorithmName, parameters);
        Factors = values.GetInt(FactorsParameter, 128, 1, 1024);
        Regularization = values.Get(RegularizationParameter, 50, 1e-9, 1e9);
        Alpha = values.Get(AlphaParameter, 10, 0, 1e6);
        Iterations = values.GetInt(IterationsParameter, 15, 1, 1000);
        ConjugateGradientSteps = values.GetInt(ConjugateGradientStepsParameter, 3, 1, 1024);
        Seed = values.GetInt(SeedParameter, 42, int.MinValue, int.MaxValue);
        values.RejectUnknown();
        Parameters = ParameterSet.Of(
            (FactorsParameter, Factors),
            (RegularizationParameter, Regularization),
            (AlphaParameter, Alpha),
            (IterationsParameter, Iterations),
            (ConjugateGradientStepsParameter, ConjugateGradientSteps),
            (SeedParameter, Seed));
    }

    /// <inheritdoc />
    public string Algorithm => ImplicitAlsModel.AlgorithmName;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Latent dimensions k.</summary>
    public int Factors { get; }

    /// <summary>L2 regularisation λ.</summary>
    public double Regularization { get; }

    /// <summary>Confidence scale α.</summary>
    public double Alpha { get; }

    /// <summary>ALS sweeps.</summary>
    public int Iterations { get; }

    /// <summary>Conjugate-gradient steps per row solve.</summary>
    public int ConjugateGradientSteps { get; }

    /// <summary>Seed of the initial factors.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(likes);
        ArgumentNullException.ThrowIfNull(parallel);
        (_, var itemFactors) = TrainFactors(likes, parallel);
        return new ImplicitAlsModel(likes.Items, likes.ItemLikeCounts(), Parameters, itemFactors);
    }

    /// <summary>Runs the alternating solves and returns both factor matrices, row-major; the result does not depend on <paramref name="parallel"/>'s degree (tests check that).</summary>
    internal (float[] UserFactors, float[] ItemFactors) TrainFactors(InteractionMatrix likes, ParallelOptions parallel)
    {
        var k = Factors;
        Random random = new(Seed);
        var userFactors = RandomFactors(random, likes.UserCount * k);
        var itemFactors = RandomFactors(random, likes.ItemCount * k);
        Rows byUser = new(likes.RowPointers.ToArray(), likes.ColumnIndices.ToArray());
        Rows byItem = new(likes.ColumnPointers.ToArray(), likes.RowIndices.ToArray());

        // Every solve leaves its workspace here for the next, so the gathered factors' buffers (megabytes for the
        // most liked items) are allocated once per run rather than once per worker and half-sweep. What a workspace
        // held before never reaches a result, so which worker gets which does not matter.
        ConcurrentBag<RowSolver.Workspace> workspaces = [];

        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            SolveAll(itemFactors, byItem, userFactors, likes.UserCount, parallel, workspaces);
            SolveAll(userFactors, byUser, itemFactors, likes.ItemCount, parallel, workspaces);
        }

        return (userFactors, itemFactors);
    }

    private static float[] RandomFactors(Random random, int length)
    {
        var factors = new float[length];
        for (var i = 0; i < length; i++)
        {
            // Box–Muller: one normal deviate per pair of uniforms keeps the sequence simple to reproduce.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            factors[i] = (float)(InitialStandardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return factors;
    }

    /// <summary>Updates every row of <paramref name="solved"/> against the fixed factors of the other side.</summary>
    private void SolveAll(float[] solved, Rows rows, float[] fixedFactors, int fixedCount, ParallelOptions parallel, ConcurrentBag<RowSolver.Workspace> workspaces)
    {
        var k = Factors;
        var gramianDouble = Gramian.Compute(fixedFactors, fixedCount, k, parallel);
        var gramian = new float[k * k];
        for (var cell = 0; cell < gramian.Length; cell++)
        {
            gramian[cell] = (float)gramianDouble[cell];
        }

        var packedGramian = new float[TileKernel.PackedLength(k, k)];
        TileKernel.Pack(gramian, k, k, k, packedGramian);
        RowSolver solver = new(packedGramian, fixedFactors, k, (float)Alpha, (float)Regularization, ConjugateGradientSteps);
        var rowCount = rows.Pointers.Length - 1;
        var blockCount = (rowCount + TileKernel.Rows - 1) / TileKernel.Rows;
        Parallel.ForEach(Partitioner.Create(0, blockCount, 8), parallel, () => workspaces.TryTake(out var reused) ? reused : new RowSolver.Workspace(k), (range, _, workspace) =>
        {
            for (var block = range.Item1; block < range.Item2; block++)
            {
                var first = block * TileKernel.Rows;
                solver.Solve(solved, rows, first, Math.Min(rowCount, first + TileKernel.Rows), workspace);
            }

            return workspace;
        }, workspaces.Add);
    }

    private sealed record Rows(int[] Pointers, int[] Indices);

    /// <summary>
    /// Warm-started conjugate gradient on (G + λI + α·Σ yᵢyᵢᵀ)·x = (1+α)·Σ yᵢ over each row's observed i, where
    /// G = YᵀY of the fixed side; the matrix is never formed, only applied. <see cref="TileKernel.Rows"/> rows are
    /// solved in lock step, so that G is applied to all of them in one tile product (G read once for eight rows
    /// instead of once per row); each row keeps its own step sizes and stops on its own.
    /// </summary>
    private sealed class RowSolver(float[] packedGramian, float[] fixedFactors, int k, float alpha, float regularization, int steps)
    {
        private const int ChunkRows = 32;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Solve(float[] solved, Rows rows, int first, int end, Workspace work)
        {
            var count = end - first;
            var x = work.Solution;
            var residual = work.Residual;
            var direction = work.Direction;
            var product = work.Product;
            Array.Clear(x);
            solved.AsSpan(first * k, count * k).CopyTo(x);
            var gathered = work.Gather(fixedFactors, k, rows, first, count);
            Apply(x, count, gathered, work.Offsets, product, work.Sums);

            Span<float> norms = stackalloc float[TileKernel.Rows];
            for (var r = 0; r < count; r++)
            {
                var residualRow = residual.AsSpan(r * k, k);
                SumRows(gathered.AsSpan(work.Offsets[r], work.Offsets[r + 1] - work.Offsets[r]), residualRow);
                TensorPrimitives.Multiply(residualRow, 1 + alpha, residualRow);
                TensorPrimitives.Subtract(residualRow, product.AsSpan(r * k, k), residualRow);
                residualRow.CopyTo(direction.AsSpan(r * k, k));
                norms[r] = TensorPrimitives.Dot(residualRow, residualRow);
            }

            for (var step = 0; step < steps; step++)
            {
                var active = false;
                for (var r = 0; r < count; r++)
                {
                    active |= norms[r] > 1e-20f;
                }

                if (!active)
                {
                    break;
                }

                Apply(direction, count, gathered, work.Offsets, product, work.Sums);
                for (var r = 0; r < count; r++)
                {
                    if (!(norms[r] > 1e-20f))
                    {
                        continue;
                    }

                    var directionRow = direction.AsSpan(r * k, k);
                    var productRow = product.AsSpan(r * k, k);
                    var residualRow = residual.AsSpan(r * k, k);
                    var xRow = x.AsSpan(r * k, k);
                    var stepSize = norms[r] / TensorPrimitives.Dot(directionRow, productRow);
                    TensorPrimitives.MultiplyAdd(directionRow, stepSize, xRow, xRow);
                    TensorPrimitives.MultiplyAdd(productRow, -stepSize, residualRow, residualRow);
                    var nextNorm = TensorPrimitives.Dot(residualRow, residualRow);
                    TensorPrimitives.MultiplyAdd(directionRow, nextNorm / norms[r], residualRow, directionRow);
                    norms[r] = nextNorm;
                }
            }

            x.AsSpan(0, count * k).CopyTo(solved.AsSpan(first * k, count * k));
        }

        /// <summary>result[r] = (G + λI + α·Σ yᵢyᵢᵀ)·vectors[r] for the block's rows, the yᵢ of row r gathered from offsets[r] to offsets[r + 1].</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Apply(float[] vectors, int count, float[] gathered, int[] offsets, float[] result, float[] sums)
        {
            for (var block = 0; block * TileKernel.Columns < k; block++)
            {
                var column = block * TileKernel.Columns;
                var columns = Math.Min(TileKernel.Columns, k - column);
                TileKernel.Multiply(vectors, packedGramian.AsSpan(block * k * TileKernel.Columns, k * TileKernel.Columns), k, sums, TileKernel.Columns, subtract: false);
                for (var r = 0; r < count; r++)
                {
                    sums.AsSpan(r * TileKernel.Columns, columns).CopyTo(result.AsSpan((r * k) + column, columns));
                }
            }

            for (var r = 0; r < count; r++)
            {
                ReadOnlySpan<float> vector = vectors.AsSpan(r * k, k);
                var resultRow = result.AsSpan(r * k, k);
                TensorPrimitives.MultiplyAdd(vector, regularization, resultRow, resultRow);
                AddObserved(vector, gathered.AsSpan(offsets[r], offsets[r + 1] - offsets[r]), resultRow);
            }
        }

        /// <summary>result = Σ yᵢ over the rows yᵢ of <paramref name="observed"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SumRows(ReadOnlySpan<float> observed, Span<float> result)
        {
            var count = observed.Length / k;
            if (Vector512.IsHardwareAccelerated && k % (4 * Vector512<float>.Count) == 0)
            {
                ref var target = ref MemoryMarshal.GetReference(result);
                for (nint f = 0; f < k; f += 4 * Vector512<float>.Count)
                {
                    Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                    ref var column = ref Unsafe.Add(ref MemoryMarshal.GetReference(observed), f);
                    for (var i = 0; i < count; i++)
                    {
                        s0 += Vector512.LoadUnsafe(ref column);
                        s1 += Vector512.LoadUnsafe(ref column, 16);
                        s2 += Vector512.LoadUnsafe(ref column, 32);
                        s3 += Vector512.LoadUnsafe(ref column, 48);
                        column = ref Unsafe.Add(ref column, k);
                    }

                    s0.StoreUnsafe(ref target, (nuint)f);
                    s1.StoreUnsafe(ref target, (nuint)f + 16);
                    s2.StoreUnsafe(ref target, (nuint)f + 32);
                    s3.StoreUnsafe(ref target, (nuint)f + 48);
                }

                return;
            }

            result.Clear();
            for (var i = 0; i < count; i++)
            {
                TensorPrimitives.Add(result, observed.Slice(i * k, k), result);
            }
        }

        /// <summary>
        /// result += α·Σ (yᵢ·v)·yᵢ over the rows yᵢ of <paramref name="observed"/>, <see cref="ChunkRows"/> rows at a
        /// time: first their dot products, then their sum with 64 of result's values at a time held in registers, so
        /// that no yᵢ waits for the previous one's result to be written back, and the second pass over a chunk reads it
        /// from the first level of cache.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddObserved(ReadOnlySpan<float> vector, ReadOnlySpan<float> observed, Span<float> result)
        {
            var count = observed.Length / k;
            if (Vector512.IsHardwareAccelerated && k % (4 * Vector512<float>.Count) == 0)
            {
                Span<float> scales = stackalloc float[ChunkRows];
                ref var v = ref MemoryMarshal.GetReference(vector);
                ref var target = ref MemoryMarshal.GetReference(result);
                for (var chunk = 0; chunk < count; chunk += ChunkRows)
                {
                    var rows = Math.Min(ChunkRows, count - chunk);
                    ref var y = ref Unsafe.Add(ref MemoryMarshal.GetReference(observed), chunk * k);
                    for (var i = 0; i < rows; i++)
                    {
                        // Two sums per dot product halve its chain of dependent additions.
                        ref var row = ref Unsafe.Add(ref y, i * k);
                        Vector512<float> even = default, odd = default;
                        for (nint f = 0; f < k; f += 2 * Vector512<float>.Count)
                        {
                            even = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)f), Vector512.LoadUnsafe(ref v, (nuint)f), even);
                            odd = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)(f + Vector512<float>.Count)), Vector512.LoadUnsafe(ref v, (nuint)(f + Vector512<float>.Count)), odd);
                        }

                        scales[i] = alpha * Vector512.Sum(even + odd);
                    }

                    for (nint f = 0; f < k; f += 4 * Vector512<float>.Count)
                    {
                        var s0 = Vector512.LoadUnsafe(ref target, (nuint)f);
                        var s1 = Vector512.LoadUnsafe(ref target, (nuint)f + 16);
                        var s2 = Vector512.LoadUnsafe(ref target, (nuint)f + 32);
                        var s3 = Vector512.LoadUnsafe(ref target, (nuint)f + 48);
                        ref var column = ref Unsafe.Add(ref y, f);
                        for (var i = 0; i < rows; i++)
                        {
                            var scale = Vector512.Create(scales[i]);
                            s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column), scale, s0);
                            s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 16), scale, s1);
                            s2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 32), scale, s2);
                            s3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 48), scale, s3);
                            column = ref Unsafe.Add(ref column, k);
                        }

                        s0.StoreUnsafe(ref target, (nuint)f);
                        s1.StoreUnsafe(ref target, (nuint)f + 16);
                        s2.StoreUnsafe(ref target, (nuint)f + 32);
                        s3.StoreUnsafe(ref target, (nuint)f + 48);
                    }
                }

                return;
            }

            for (var i = 0; i < count; i++)
            {
                var y = observed.Slice(i * k, k);
                TensorPrimitives.MultiplyAdd(y, alpha * TensorPrimitives.Dot(y, vector), result, result);
            }
        }

        /// <summary>One worker's vectors for a block of rows, <see cref="TileKernel.Rows"/> × k each (rows past the block's end stay zero).</summary>
        public sealed class Workspace(int k)
        {
            private float[] _gathered = [];

            public float[] Solution { get; } = new float[TileKernel.Rows * k];

            public float[] Residual { get; } = new float[TileKernel.Rows * k];

            public float[] Direction { get; } = new float[TileKernel.Rows * k];

            public float[] Product { get; } = new float[TileKernel.Rows * k];

            public float[] Sums { get; } = new float[TileKernel.Rows * TileKernel.Columns];

            /// <summary>Where each row's gathered factors start, and the last one's end.</summary>
            public int[] Offsets { get; } = new int[TileKernel.Rows + 1];

            /// <summary>
            /// The factors each row of the block observes, copied side by side: the solve reads them five times, and
            /// scattered over the fixed side's factors every read missed the caches.
            /// </summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public float[] Gather(float[] factors, int k, Rows rows, int first, int count)
            {
                var total = rows.Pointers[first + count] - rows.Pointers[first];
                if (_gathered.Length < total * k)
                {
                    _gathered = new float[total * k];
                }

                var offset = 0;
                for (var r = 0; r < count; r++)
                {
                    Offsets[r] = offset;
                    for (var p = rows.Pointers[first + r]; p < rows.Pointers[first + r + 1]; p++)
                    {
                        factors.AsSpan(rows.Indices[p] * k, k).CopyTo(_gathered.AsSpan(offset, k));
                        offset += k;
                    }
                }

                Offsets[count] = offset;
                return _gathered;
            }
        }
    }
}
