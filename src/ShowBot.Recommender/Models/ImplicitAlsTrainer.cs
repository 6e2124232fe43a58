using System.Numerics;
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

    /// <summary>Parameter: ALS sweeps, each solving all items then all users (default 8).</summary>
    public const string IterationsParameter = "iterations";

    /// <summary>Parameter: conjugate-gradient steps per row solve (default 4).</summary>
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
        Iterations = values.GetInt(IterationsParameter, 8, 1, 1000);
        ConjugateGradientSteps = values.GetInt(ConjugateGradientStepsParameter, 4, 1, 1024);
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
        var byUser = Rows.Of(likes.RowPointers.ToArray(), likes.ColumnIndices.ToArray());
        var byItem = Rows.Of(likes.ColumnPointers.ToArray(), likes.RowIndices.ToArray());

        // A workspace per worker, kept for the run, so the gathered factors' buffers (megabytes for the most liked
        // items) are allocated once rather than once per half-sweep. What a workspace held before never reaches a
        // result, so which worker gets which does not matter.
        var workspaces = new RowSolver.Workspace?[parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount];

        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            SolveAll(itemFactors, byItem, userFactors, likes.UserCount, parallel, workspaces);
            SolveAll(userFactors, byUser, itemFactors, likes.ItemCount, parallel, workspaces);
        }

        parallel.CancellationToken.ThrowIfCancellationRequested();
        return (userFactors, itemFactors);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SolveAll(float[] solved, Rows rows, float[] fixedFactors, int fixedCount, ParallelOptions parallel, RowSolver.Workspace?[] workspaces)
    {
        var k = Factors;
        var gramianDouble = Gramian.Compute(fixedFactors, fixedCount, k, parallel);

        // λI is added to the Gramian here, once, rather than to every product of the solves.
        var system = new float[k * k];
        for (var cell = 0; cell < system.Length; cell++)
        {
            system[cell] = (float)(gramianDouble[cell] + (cell % (k + 1) == 0 ? Regularization : 0));
        }

        var packedSystem = new float[TileKernel.PackedLength(k, k)];
        TileKernel.Pack(system, k, k, k, packedSystem);
        RowSolver solver = new(packedSystem, fixedFactors, k, (float)Alpha, ConjugateGradientSteps);
        var rowCount = rows.Pointers.Length - 1;

        // Each worker takes the next block, heaviest first, until none is left: the last blocks taken are the lightest,
        // so the workers finish together.
        var taken = -1;
        Parallel.For(0, workspaces.Length, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (worker) =>
        {
            var workspace = workspaces[worker] ??= new RowSolver.Workspace(k);
            for (var next = Interlocked.Increment(ref taken); next < rows.HeaviestFirst.Length && !parallel.CancellationToken.IsCancellationRequested; next = Interlocked.Increment(ref taken))
            {
                var first = rows.HeaviestFirst[next] * TileKernel.Rows;
                solver.Solve(solved, rows, first, Math.Min(rowCount, first + TileKernel.Rows), workspace);
            }
        });
    }

    /// <summary>A side's likes by row (CSR), and its blocks of <see cref="TileKernel.Rows"/> rows, most likes first.</summary>
    private sealed record Rows(int[] Pointers, int[] Indices, int[] HeaviestFirst)
    {
        public static Rows Of(int[] pointers, int[] indices)
        {
            var rowCount = pointers.Length - 1;
            var blocks = Enumerable.Range(0, (rowCount + TileKernel.Rows - 1) / TileKernel.Rows).ToArray();
            var likes = blocks.Select(b => pointers[Math.Min(rowCount, (b + 1) * TileKernel.Rows)] - pointers[b * TileKernel.Rows]).ToArray();
            Array.Sort(likes.Select(l => -l).ToArray(), blocks);
            return new(pointers, indices, blocks);
        }
    }

    /// <summary>
    /// Warm-started conjugate gradient on (G + λI + α·Σ yᵢyᵢᵀ)·x = (1+α)·Σ yᵢ over each row's observed i, where
    /// G = YᵀY of the fixed side; the matrix is never formed, only applied. <see cref="TileKernel.Rows"/> rows are
    /// solved in lock step, so that G + λI is applied to all of them in one tile product (read once for eight rows
    /// instead of once per row); each row keeps its own step sizes and stops on its own.
    /// </summary>
    /// <remarks>
    /// The vector arithmetic is written here rather than taken from <c>TensorPrimitives</c>: a training run lasts about a
    /// second, and its generic methods started unoptimized and were recompiled while the run went on (a tenth of the
    /// process's CPU time went to the compiler thread, and the updates ran in unoptimized code meanwhile).
    /// </remarks>
    private sealed class RowSolver(float[] packedSystem, float[] fixedFactors, int k, float alpha, int steps)
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
            var gathered = work.Reserve(rows, first, count);
            var offsets = work.Offsets;

            // The first product gathers each row's observed factors as it reads them, and sums them for the right side.
            ApplySystem(x, product, work.Sums);
            Span<float> norms = stackalloc float[TileKernel.Rows];
            for (var r = 0; r < count; r++)
            {
                var residualRow = residual.AsSpan(r * k, k);
                var productRow = product.AsSpan(r * k, k);
                residualRow.Clear();
                AddObserved(x.AsSpan(r * k, k), gathered.AsSpan(offsets[r], offsets[r + 1] - offsets[r]), productRow, rows.Indices.AsSpan(rows.Pointers[first + r], rows.Pointers[first + r + 1] - rows.Pointers[first + r]), residualRow);
                Combine(residualRow, 1 + alpha, productRow, -1, residualRow);
                residualRow.CopyTo(direction.AsSpan(r * k, k));
                norms[r] = Dot(residualRow, residualRow);
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

                ApplySystem(direction, product, work.Sums);
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
                    AddObserved(directionRow, gathered.AsSpan(offsets[r], offsets[r + 1] - offsets[r]), productRow, [], []);
                    var stepSize = norms[r] / Dot(directionRow, productRow);
                    Combine(xRow, 1, directionRow, stepSize, xRow);
                    Combine(residualRow, 1, productRow, -stepSize, residualRow);
                    var nextNorm = Dot(residualRow, residualRow);
                    Combine(residualRow, 1, directionRow, nextNorm / norms[r], directionRow);
                    norms[r] = nextNorm;
                }
            }

            x.AsSpan(0, count * k).CopyTo(solved.AsSpan(first * k, count * k));
        }

        /// <summary>result[r] = (G + λI)·vectors[r] for the block's <see cref="TileKernel.Rows"/> rows, one tile product per <see cref="TileKernel.Columns"/> columns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ApplySystem(float[] vectors, float[] result, float[] sums)
        {
            for (var block = 0; block * TileKernel.Columns < k; block++)
            {
                var column = block * TileKernel.Columns;
                var packed = packedSystem.AsSpan(block * k * TileKernel.Columns, k * TileKernel.Columns);
                if (k % TileKernel.Columns == 0)
                {
                    TileKernel.Multiply(vectors, packed, k, result.AsSpan(column), k, subtract: false);
                    continue;
                }

                var columns = Math.Min(TileKernel.Columns, k - column);
                TileKernel.Multiply(vectors, packed, k, sums, TileKernel.Columns, subtract: false);
                for (var r = 0; r < TileKernel.Rows; r++)
                {
                    sums.AsSpan(r * TileKernel.Columns, columns).CopyTo(result.AsSpan((r * k) + column, columns));
                }
            }
        }

        /// <summary>
        /// result += α·Σ (yᵢ·v)·yᵢ over the rows yᵢ of <paramref name="observed"/>, <see cref="ChunkRows"/> rows at a
        /// time: first their dot products, then their sum with 64 of result's values at a time held in registers, so
        /// that no yᵢ waits for the previous one's result to be written back, and the second pass over a chunk reads it
        /// from the first level of cache. With <paramref name="gather"/>, the rows are first copied into
        /// <paramref name="observed"/> from the fixed factors it names; with <paramref name="sum"/>, Σ yᵢ is added to it
        /// in the same pass (each is read from the first level of cache, not from memory again).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddObserved(ReadOnlySpan<float> vector, Span<float> observed, Span<float> result, ReadOnlySpan<int> gather, Span<float> sum)
        {
            var count = observed.Length / k;
            if (Vector512.IsHardwareAccelerated && k % (4 * Vector512<float>.Count) == 0)
            {
                Span<float> scales = stackalloc float[ChunkRows];
                Span<float> ones = stackalloc float[ChunkRows];
                ones.Fill(1);
                ref var v = ref MemoryMarshal.GetReference(vector);
                for (var chunk = 0; chunk < count; chunk += ChunkRows)
                {
                    var rows = Math.Min(ChunkRows, count - chunk);
                    ref var y = ref Unsafe.Add(ref MemoryMarshal.GetReference(observed), chunk * k);
                    if (!gather.IsEmpty)
                    {
                        for (var i = 0; i < rows; i++)
                        {
                            ref var source = ref fixedFactors[gather[chunk + i] * k];
                            ref var copy = ref Unsafe.Add(ref y, i * k);
                            for (nint f = 0; f < k; f += Vector512<float>.Count)
                            {
                                Vector512.LoadUnsafe(ref source, (nuint)f).StoreUnsafe(ref copy, (nuint)f);
                            }
                        }
                    }

                    for (var i = 0; i < rows; i++)
                    {
                        // Four sums per dot product shorten its chain of dependent additions.
                        ref var row = ref Unsafe.Add(ref y, i * k);
                        Vector512<float> d0 = default, d1 = default, d2 = default, d3 = default;
                        for (nint f = 0; f < k; f += 4 * Vector512<float>.Count)
                        {
                            d0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)f), Vector512.LoadUnsafe(ref v, (nuint)f), d0);
                            d1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)f + 16), Vector512.LoadUnsafe(ref v, (nuint)f + 16), d1);
                            d2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)f + 32), Vector512.LoadUnsafe(ref v, (nuint)f + 32), d2);
                            d3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)f + 48), Vector512.LoadUnsafe(ref v, (nuint)f + 48), d3);
                        }

                        scales[i] = alpha * Vector512.Sum((d0 + d1) + (d2 + d3));
                    }

                    AddScaledRows(ref y, rows, scales, ref MemoryMarshal.GetReference(result));
                    if (!sum.IsEmpty)
                    {
                        AddScaledRows(ref y, rows, ones, ref MemoryMarshal.GetReference(sum));
                    }
                }

                return;
            }

            for (var i = 0; i < count; i++)
            {
                var y = observed.Slice(i * k, k);
                if (!gather.IsEmpty)
                {
                    fixedFactors.AsSpan(gather[i] * k, k).CopyTo(y);
                }

                Combine(result, 1, y, alpha * Dot(y, vector), result);
                if (!sum.IsEmpty)
                {
                    Combine(sum, 1, y, 1, sum);
                }
            }
        }

        /// <summary>
        /// target += Σ scales[i]·yᵢ over <paramref name="rows"/> rows of k from <paramref name="y"/>, 64 of target's values
        /// at a time held in registers (k a multiple of 64), in two sets of sums, one for the even rows and one for the odd,
        /// so that a row's additions do not wait for the previous row's.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddScaledRows(ref float y, int rows, ReadOnlySpan<float> scales, ref float target)
        {
            for (nint f = 0; f < k; f += 4 * Vector512<float>.Count)
            {
                var s0 = Vector512.LoadUnsafe(ref target, (nuint)f);
                var s1 = Vector512.LoadUnsafe(ref target, (nuint)f + 16);
                var s2 = Vector512.LoadUnsafe(ref target, (nuint)f + 32);
                var s3 = Vector512.LoadUnsafe(ref target, (nuint)f + 48);
                Vector512<float> t0 = default, t1 = default, t2 = default, t3 = default;
                ref var column = ref Unsafe.Add(ref y, f);
                var i = 0;
                for (; i + 1 < rows; i += 2)
                {
                    var scale = Vector512.Create(scales[i]);
                    s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column), scale, s0);
                    s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 16), scale, s1);
                    s2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 32), scale, s2);
                    s3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 48), scale, s3);
                    ref var next = ref Unsafe.Add(ref column, k);
                    scale = Vector512.Create(scales[i + 1]);
                    t0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next), scale, t0);
                    t1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 16), scale, t1);
                    t2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 32), scale, t2);
                    t3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 48), scale, t3);
                    column = ref Unsafe.Add(ref next, k);
                }

                if (i < rows)
                {
                    var scale = Vector512.Create(scales[i]);
                    s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column), scale, s0);
                    s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 16), scale, s1);
                    s2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 32), scale, s2);
                    s3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 48), scale, s3);
                }

                (s0 + t0).StoreUnsafe(ref target, (nuint)f);
                (s1 + t1).StoreUnsafe(ref target, (nuint)f + 16);
                (s2 + t2).StoreUnsafe(ref target, (nuint)f + 32);
                (s3 + t3).StoreUnsafe(ref target, (nuint)f + 48);
            }
        }

        /// <summary>a·b.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            var lanes = Vector<float>.Count;
            var i = 0;
            var sum = Vector<float>.Zero;
            for (; i + lanes <= a.Length; i += lanes)
            {
                sum = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref left, (nuint)i), Vector.LoadUnsafe(ref right, (nuint)i), sum);
            }

            var result = Vector.Sum(sum);
            for (; i < a.Length; i++)
            {
                result += Unsafe.Add(ref left, i) * Unsafe.Add(ref right, i);
            }

            return result;
        }

        /// <summary>target = aScale·a + bScale·b (target may be a or b).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Combine(ReadOnlySpan<float> a, float aScale, ReadOnlySpan<float> b, float bScale, Span<float> target)
        {
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            ref var output = ref MemoryMarshal.GetReference(target);
            var lanes = Vector<float>.Count;
            var i = 0;
            for (; i + lanes <= a.Length; i += lanes)
            {
                Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref right, (nuint)i), new Vector<float>(bScale), Vector.LoadUnsafe(ref left, (nuint)i) * aScale).StoreUnsafe(ref output, (nuint)i);
            }

            for (; i < a.Length; i++)
            {
                Unsafe.Add(ref output, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref right, i), bScale, Unsafe.Add(ref left, i) * aScale);
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
            /// Room for the factors each row of the block observes, side by side (filled by the solve's first product):
            /// the solve reads them four times, and scattered over the fixed side's factors every read missed the caches.
            /// </summary>
            public float[] Reserve(Rows rows, int first, int count)
            {
                var total = rows.Pointers[first + count] - rows.Pointers[first];
                if (_gathered.Length < total * k)
                {
                    _gathered = new float[total * k];
                }

                for (var r = 0; r <= count; r++)
                {
                    Offsets[r] = (rows.Pointers[first + r] - rows.Pointers[first]) * k;
                }

                return _gathered;
            }
        }
    }
}
