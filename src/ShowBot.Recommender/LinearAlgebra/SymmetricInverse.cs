using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>
/// In-place inversion of a dense symmetric positive-definite matrix (float32) by the blocked sweep operator
/// (Goodnight 1979). Each sweep pivots on a block of <see cref="PivotBlock"/> rows: the block itself is inverted
/// in double precision, and the rest of the lower triangle takes a rank-<see cref="PivotBlock"/> update, computed by
/// a register-blocked kernel (<see cref="KernelRows"/> rows × <see cref="KernelColumns"/> columns held in
/// registers), rows in parallel. Only the lower triangle is kept exact during the sweeps; the result is mirrored at
/// the end. Every cell's arithmetic is the same whatever the thread count, so the result is deterministic.
/// No copy of the matrix is made: besides it, the sweeps use about 3 · n · <see cref="PivotBlock"/> floats.
/// The hot methods are compiled optimized at once (<see cref="MethodImplOptions.AggressiveOptimization"/>): a
/// retraining run is seconds of a few loops, too short for tiered compilation to catch up with them.
/// </summary>
internal static class SymmetricInverse
{
    private const int PivotBlock = 128;
    private const int KernelRows = 8;
    private const int KernelColumns = 32;
    private const int RowsPerTask = 64;
    private const int MirrorTile = 64;
    private const int PanelChunk = 64;

    /// <summary>
    /// Replaces the n × n row-major SPD <paramref name="matrix"/> with its inverse; only its lower triangle is read. The
    /// parallel loops run within <paramref name="parallel"/> (its cancellation and degree).
    /// </summary>
    public static void InvertInPlace(float[] matrix, int n, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNotEqual(matrix.Length, checked(n * n));
        var width = Math.Min(PivotBlock, n);
        var paddedRows = RoundUp(n, KernelRows);
        var paddedColumns = RoundUp(n, KernelColumns);
        Workspace workspace = new(
            Panel: new float[paddedRows * width],
            Packed: new float[paddedColumns * width],
            Scaled: new float[paddedRows * width],
            PivotInverse: new double[width * width],
            PackedPivotInverse: new float[RoundUp(width, KernelColumns) * width],
            Parallel: parallel);

        for (var blockStart = 0; blockStart < n; blockStart += width)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            Sweep(matrix, n, blockStart, Math.Min(width, n - blockStart), workspace);
        }

        MirrorNegatedLowerTriangle(matrix, n, parallel);
    }

    private static void Sweep(float[] a, int n, int k0, int width, Workspace work)
    {
        var k1 = k0 + width;
        ReadPanel(a, n, k0, width, work.Panel, work.Parallel);
        PackPanel(work.Panel, n, width, work.Packed, work.Parallel);

        var pivotInverse = work.PivotInverse.AsSpan(0, width * width);
        for (var s = 0; s < width; s++)
        {
            for (var t = 0; t < width; t++)
            {
                pivotInverse[(s * width) + t] = work.Panel[((k0 + s) * width) + t];
            }
        }

        InvertSmall(pivotInverse, width);
        PackPivotInverse(pivotInverse, width, work.PackedPivotInverse);

        // scaled[i] = A[i, K] · A[K, K]⁻¹, by the same kernel. The last group of rows may reach past n: what the kernel
        // computes there is dropped, here and in the update.
        var pivotBlocks = (width + KernelColumns - 1) / KernelColumns;
        Parallel.For(0, (n + KernelRows - 1) / KernelRows, work.Parallel, group =>
        {
            var row = group * KernelRows;
            var rows = Math.Min(KernelRows, n - row);
            Span<float> sums = stackalloc float[KernelRows * KernelColumns];
            for (var block = 0; block < pivotBlocks; block++)
            {
                var columns = Math.Min(KernelColumns, width - (block * KernelColumns));
                Multiply(work.Panel.AsSpan(row * width, KernelRows * width), work.PackedPivotInverse.AsSpan(block * width * KernelColumns, width * KernelColumns), width, sums);
                for (var r = 0; r < rows; r++)
                {
                    sums.Slice(r * KernelColumns, columns).CopyTo(work.Scaled.AsSpan(((row + r) * width) + (block * KernelColumns), columns));
                }
            }
        });

        // A[i, j] −= scaled[i] · A[j, K] for j ≤ i. Cells of the pivot rows and columns get a meaningless update
        // here and are overwritten below; cells above the diagonal are never read.
        var taskCount = (n + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, taskCount, work.Parallel, task => UpdateRows(a, n, task * RowsPerTask, Math.Min(n, (task + 1) * RowsPerTask), width, work));

        // Rows and columns of the pivot block become A[·,K]·A[K,K]⁻¹ and −A[K,K]⁻¹ (lower triangle).
        for (var i = 0; i < n; i++)
        {
            if (i >= k0 && i < k1)
            {
                continue;
            }

            ReadOnlySpan<float> source = work.Scaled.AsSpan(i * width, width);
            if (i >= k1)
            {
                source.CopyTo(a.AsSpan((i * n) + k0, width));
            }
            else
            {
                for (var t = 0; t < width; t++)
                {
                    a[((k0 + t) * n) + i] = source[t];
                }
            }
        }

        for (var s = 0; s < width; s++)
        {
            for (var t = 0; t <= s; t++)
            {
                a[((k0 + s) * n) + k0 + t] = (float)-pivotInverse[(s * width) + t];
            }
        }
    }

    /// <summary>
    /// panel[j] = A[j, K], read from the lower triangle only: A[j, k] from row k where k ≥ j, from row j where k &lt; j.
    /// Columns are taken in chunks, so that reading along the pivot rows writes into a panel stretch that stays in cache.
    /// </summary>
    private static void ReadPanel(float[] a, int n, int k0, int width, float[] panel, ParallelOptions parallel)
    {
        Parallel.For(0, (n + PanelChunk - 1) / PanelChunk, parallel, chunk =>
        {
            var start = chunk * PanelChunk;
            var end = Math.Min(n, start + PanelChunk);
            for (var t = 0; t < width; t++)
            {
                ReadOnlySpan<float> pivotRow = a.AsSpan((k0 + t) * n, n);
                var last = Math.Min(end, k0 + t + 1);
                for (var j = start; j < last; j++)
                {
                    panel[(j * width) + t] = pivotRow[j];
                }
            }

            for (var j = Math.Max(start, k0 + 1); j < end; j++)
            {
                var count = Math.Min(width, j - k0);
                a.AsSpan((j * n) + k0, count).CopyTo(panel.AsSpan(j * width, count));
            }
        });
    }

    /// <summary>
    /// The panel in the kernel's order: for each block of <see cref="KernelColumns"/> columns j, pivot by pivot,
    /// the block's A[j, k] side by side, so the kernel reads one contiguous stretch; columns beyond n are zero.
    /// </summary>
    private static void PackPanel(float[] panel, int n, int width, float[] packed, ParallelOptions parallel)
    {
        var blocks = (n + KernelColumns - 1) / KernelColumns;
        Parallel.For(0, blocks, parallel, block =>
        {
            var target = packed.AsSpan(block * width * KernelColumns, width * KernelColumns);
            target.Clear();
            var columns = Math.Min(KernelColumns, n - (block * KernelColumns));
            for (var c = 0; c < columns; c++)
            {
                var source = panel.AsSpan(((block * KernelColumns) + c) * width, width);
                for (var t = 0; t < width; t++)
                {
                    target[(t * KernelColumns) + c] = source[t];
                }
            }
        });
    }

    /// <summary>A[K, K]⁻¹ in the kernel's order (it is symmetric, so its rows are its columns), in float32.</summary>
    private static void PackPivotInverse(ReadOnlySpan<double> pivotInverse, int width, float[] packed)
    {
        Array.Clear(packed);
        for (var t = 0; t < width; t++)
        {
            for (var c = 0; c < width; c++)
            {
                packed[((c / KernelColumns) * width * KernelColumns) + (t * KernelColumns) + (c % KernelColumns)] = (float)pivotInverse[(t * width) + c];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateRows(float[] a, int n, int rowStart, int rowEnd, int width, Workspace work)
    {
        var lastBlock = (rowEnd - 1) / KernelColumns;
        for (var block = 0; block <= lastBlock; block++)
        {
            var columnStart = block * KernelColumns;
            var columns = Math.Min(KernelColumns, n - columnStart);
            ReadOnlySpan<float> packed = work.Packed.AsSpan(block * width * KernelColumns, width * KernelColumns);
            for (var row = Math.Max(rowStart, columnStart & ~(KernelRows - 1)); row < rowEnd; row += KernelRows)
            {
                var rows = Math.Min(KernelRows, n - row);
                ReadOnlySpan<float> scaled = work.Scaled.AsSpan(row * width, KernelRows * width);
                var target = a.AsSpan((row * n) + columnStart);
                if (rows == KernelRows && columns == KernelColumns)
                {
                    Kernel(target, n, scaled, packed, width);
                }
                else
                {
                    PartialKernel(target, n, rows, columns, scaled, packed, width);
                }
            }
        }
    }

    /// <summary>target[r, c] −= Σₜ scaled[r, t] · packed[t, c] for a full KernelRows × KernelColumns tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(Span<float> target, int n, ReadOnlySpan<float> scaled, ReadOnlySpan<float> packed, int width)
    {
        Span<float> sums = stackalloc float[KernelRows * KernelColumns];
        Multiply(scaled, packed, width, sums);
        for (var r = 0; r < KernelRows; r++)
        {
            var row = target.Slice(r * n, KernelColumns);
            TensorPrimitives.Subtract(row, sums.Slice(r * KernelColumns, KernelColumns), row);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PartialKernel(Span<float> target, int n, int rows, int columns, ReadOnlySpan<float> scaled, ReadOnlySpan<float> packed, int width)
    {
        Span<float> sums = stackalloc float[KernelRows * KernelColumns];
        Multiply(scaled, packed, width, sums);
        for (var r = 0; r < rows; r++)
        {
            var row = target.Slice(r * n, columns);
            TensorPrimitives.Subtract(row, sums.Slice(r * KernelColumns, columns), row);
        }
    }

    /// <summary>sums[r, c] = Σₜ scaled[r, t] · packed[t, c]: the hot loop, with every sum kept in a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(ReadOnlySpan<float> scaled, ReadOnlySpan<float> packed, int width, Span<float> sums)
    {
        ref var x = ref MemoryMarshal.GetReference(scaled);
        ref var p = ref MemoryMarshal.GetReference(packed);
        ref var output = ref MemoryMarshal.GetReference(sums);

        // One kernel per vector width: 512-bit where the processor runs it natively, else the platform's Vector<T>.
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
            for (var t = 0; t < width; t++)
            {
                var b0 = Vector512.LoadUnsafe(ref p, (nuint)(t * KernelColumns));
                var b1 = Vector512.LoadUnsafe(ref p, (nuint)((t * KernelColumns) + 16));
                var x0 = Vector512.Create(Unsafe.Add(ref x, t));
                c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
                var x1 = Vector512.Create(Unsafe.Add(ref x, width + t));
                c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
                var x2 = Vector512.Create(Unsafe.Add(ref x, (2 * width) + t));
                c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
                var x3 = Vector512.Create(Unsafe.Add(ref x, (3 * width) + t));
                c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
                var x4 = Vector512.Create(Unsafe.Add(ref x, (4 * width) + t));
                c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
                var x5 = Vector512.Create(Unsafe.Add(ref x, (5 * width) + t));
                c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
                var x6 = Vector512.Create(Unsafe.Add(ref x, (6 * width) + t));
                c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
                var x7 = Vector512.Create(Unsafe.Add(ref x, (7 * width) + t));
                c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
            }

            c00.StoreUnsafe(ref output, 0);
            c01.StoreUnsafe(ref output, 16);
            c10.StoreUnsafe(ref output, 32);
            c11.StoreUnsafe(ref output, 48);
            c20.StoreUnsafe(ref output, 64);
            c21.StoreUnsafe(ref output, 80);
            c30.StoreUnsafe(ref output, 96);
            c31.StoreUnsafe(ref output, 112);
            c40.StoreUnsafe(ref output, 128);
            c41.StoreUnsafe(ref output, 144);
            c50.StoreUnsafe(ref output, 160);
            c51.StoreUnsafe(ref output, 176);
            c60.StoreUnsafe(ref output, 192);
            c61.StoreUnsafe(ref output, 208);
            c70.StoreUnsafe(ref output, 224);
            c71.StoreUnsafe(ref output, 240);
            return;
        }

        var lanes = Vector<float>.Count;
        for (var r = 0; r < KernelRows; r += 4)
        {
            ref var rows = ref Unsafe.Add(ref x, r * width);
            for (var c = 0; c < KernelColumns; c += lanes)
            {
                Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (var t = 0; t < width; t++)
                {
                    var b = Vector.LoadUnsafe(ref p, (nuint)((t * KernelColumns) + c));
                    s0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, t)), b, s0);
                    s1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, width + t)), b, s1);
                    s2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, (2 * width) + t)), b, s2);
                    s3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, (3 * width) + t)), b, s3);
                }

                ref var sums0 = ref Unsafe.Add(ref output, r * KernelColumns);
                s0.StoreUnsafe(ref sums0, (nuint)c);
                s1.StoreUnsafe(ref sums0, (nuint)(KernelColumns + c));
                s2.StoreUnsafe(ref sums0, (nuint)((2 * KernelColumns) + c));
                s3.StoreUnsafe(ref sums0, (nuint)((3 * KernelColumns) + c));
            }
        }
    }

    /// <summary>The sweeps leave −A⁻¹ in the lower triangle: negate it and copy it above the diagonal, tile by tile.</summary>
    private static void MirrorNegatedLowerTriangle(float[] a, int n, ParallelOptions parallel)
    {
        var tiles = (n + MirrorTile - 1) / MirrorTile;
        Parallel.For(0, tiles, parallel, tileRow =>
        {
            var rowStart = tileRow * MirrorTile;
            var rowEnd = Math.Min(n, rowStart + MirrorTile);
            for (var tileColumn = 0; tileColumn <= tileRow; tileColumn++)
            {
                var columnStart = tileColumn * MirrorTile;
                for (var i = rowStart; i < rowEnd; i++)
                {
                    var columnEnd = Math.Min(i + 1, columnStart + MirrorTile);
                    for (var j = columnStart; j < columnEnd; j++)
                    {
                        var value = -a[(i * n) + j];
                        a[(i * n) + j] = value;
                        a[(j * n) + i] = value;
                    }
                }
            }
        });
    }

    /// <summary>
    /// Inverts a small SPD block in place, in double precision, by the plain sweep operator: sweeping every pivot
    /// leaves −A⁻¹, negated at the end.
    /// </summary>
    /// <exception cref="ArithmeticException">The block is not positive definite.</exception>
    private static void InvertSmall(Span<double> block, int width)
    {
        Span<double> pivotRow = stackalloc double[width];
        for (var k = 0; k < width; k++)
        {
            var pivot = block[(k * width) + k];
            if (!(pivot > 0))
            {
                throw new ArithmeticException($"Matrix is not positive definite (pivot {k} is {pivot}).");
            }

            block.Slice(k * width, width).CopyTo(pivotRow);
            for (var i = 0; i < width; i++)
            {
                if (i == k)
                {
                    continue;
                }

                var row = block.Slice(i * width, width);
                var factor = row[k] / pivot;
                TensorPrimitives.MultiplyAdd(pivotRow, -factor, row, row);
                row[k] = factor;
            }

            var swept = block.Slice(k * width, width);
            TensorPrimitives.Divide(pivotRow, pivot, swept);
            swept[k] = -1 / pivot;
        }

        TensorPrimitives.Negate(block, block);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private sealed record Workspace(float[] Panel, float[] Packed, float[] Scaled, double[] PivotInverse, float[] PackedPivotInverse, ParallelOptions Parallel);
}
