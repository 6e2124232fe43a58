using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>
/// In-place inversion of a dense symmetric positive-definite matrix by the blocked sweep operator
/// (Goodnight 1979). Only the lower triangle is updated during the sweeps (half the work of a full
/// Gauss–Jordan), and the result is mirrored at the end. Rows are updated in parallel; every cell's
/// arithmetic is the same whatever the thread count, so the result is deterministic.
/// </summary>
internal static class SymmetricInverse
{
    private const int PivotBlock = 128;
    private const int RowsPerTask = 16;
    private const int ColumnsPerTile = 256;

    /// <summary>Replaces the n × n row-major SPD <paramref name="matrix"/> with its inverse.</summary>
    public static void InvertInPlace(double[] matrix, int n, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNotEqual(matrix.Length, checked(n * n));
        var blockWidth = Math.Min(PivotBlock, n);
        var panel = new double[n * blockWidth];
        var scaled = new double[n * blockWidth];
        var pivotInverse = new double[blockWidth * blockWidth];

        for (var blockStart = 0; blockStart < n; blockStart += blockWidth)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var width = Math.Min(blockWidth, n - blockStart);
            Sweep(matrix, n, blockStart, width, panel, scaled, pivotInverse);
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = -matrix[(i * n) + j];
                matrix[(i * n) + j] = value;
                matrix[(j * n) + i] = value;
            }
        }
    }

    private static void Sweep(double[] a, int n, int k0, int width, double[] panel, double[] scaled, double[] pivotInverse)
    {
        var k1 = k0 + width;

        // panel[j] = A[j, K] read from the lower triangle only.
        for (var j = 0; j < n; j++)
        {
            var target = panel.AsSpan(j * width, width);
            for (var t = 0; t < width; t++)
            {
                var row = k0 + t;
                target[t] = row <= j ? a[(j * n) + row] : a[(row * n) + j];
            }
        }

        for (var s = 0; s < width; s++)
        {
            panel.AsSpan((k0 + s) * width, width).CopyTo(pivotInverse.AsSpan(s * width, width));
        }

        InvertSmall(pivotInverse, width);

        // scaled[j] = A[j, K] · A[K, K]⁻¹
        Parallel.For(0, (n + 255) / 256, chunk =>
        {
            var end = Math.Min(n, (chunk + 1) * 256);
            for (var j = chunk * 256; j < end; j++)
            {
                var target = scaled.AsSpan(j * width, width);
                target.Clear();
                ReadOnlySpan<double> source = panel.AsSpan(j * width, width);
                for (var t = 0; t < width; t++)
                {
                    TensorPrimitives.MultiplyAdd(pivotInverse.AsSpan(t * width, width), source[t], target, target);
                }
            }
        });

        var taskCount = (n + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, taskCount, task =>
        {
            var rowStart = task * RowsPerTask;
            var rowEnd = Math.Min(n, rowStart + RowsPerTask);
            UpdateRows(a, n, rowStart, rowEnd, k0, k1, width, panel, scaled);
        });

        // Rows and columns of the pivot block become A[·,K]·A[K,K]⁻¹ and −A[K,K]⁻¹ (lower triangle).
        for (var i = 0; i < n; i++)
        {
            if (i >= k0 && i < k1)
            {
                continue;
            }

            ReadOnlySpan<double> source = scaled.AsSpan(i * width, width);
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
                a[((k0 + s) * n) + k0 + t] = -pivotInverse[(s * width) + t];
            }
        }
    }

    /// <summary>A[i, j] -= scaled[i] · panel[j] for rows i in [rowStart, rowEnd) outside K and columns j ≤ i outside K.</summary>
    private static void UpdateRows(double[] a, int n, int rowStart, int rowEnd, int k0, int k1, int width, double[] panel, double[] scaled)
    {
        for (var tileStart = 0; tileStart < rowEnd; tileStart += ColumnsPerTile)
        {
            var tileEnd = Math.Min(rowEnd, tileStart + ColumnsPerTile);
            for (var i = rowStart; i < rowEnd; i++)
            {
                if (i >= k0 && i < k1)
                {
                    continue;
                }

                var limit = Math.Min(tileEnd, i + 1);
                ReadOnlySpan<double> left = scaled.AsSpan(i * width, width);
                var row = a.AsSpan(i * n, n);
                UpdateSegment(row, left, panel, width, tileStart, Math.Min(limit, k0));
                UpdateSegment(row, left, panel, width, Math.Max(tileStart, k1), limit);
            }
        }
    }

    private static void UpdateSegment(Span<double> row, ReadOnlySpan<double> left, double[] panel, int width, int start, int end)
    {
        var j = start;
        for (; j + 4 <= end; j += 4)
        {
            (var d0, var d1, var d2, var d3) = Dot4(left, panel.AsSpan(j * width, 4 * width), width);
            row[j] -= d0;
            row[j + 1] -= d1;
            row[j + 2] -= d2;
            row[j + 3] -= d3;
        }

        for (; j < end; j++)
        {
            row[j] -= TensorPrimitives.Dot(left, panel.AsSpan(j * width, width));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double, double, double, double) Dot4(ReadOnlySpan<double> left, ReadOnlySpan<double> rows, int width)
    {
        ref var x = ref MemoryMarshal.GetReference(left);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var r1 = ref Unsafe.Add(ref r0, width);
        ref var r2 = ref Unsafe.Add(ref r1, width);
        ref var r3 = ref Unsafe.Add(ref r2, width);
        var s0 = Vector256<double>.Zero;
        var s1 = Vector256<double>.Zero;
        var s2 = Vector256<double>.Zero;
        var s3 = Vector256<double>.Zero;
        var t = 0;
        for (; t + 4 <= width; t += 4)
        {
            var v = Vector256.LoadUnsafe(ref x, (nuint)t);
            s0 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref r0, (nuint)t), s0);
            s1 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref r1, (nuint)t), s1);
            s2 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref r2, (nuint)t), s2);
            s3 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref r3, (nuint)t), s3);
        }

        var d0 = Vector256.Sum(s0);
        var d1 = Vector256.Sum(s1);
        var d2 = Vector256.Sum(s2);
        var d3 = Vector256.Sum(s3);
        for (; t < width; t++)
        {
            var v = Unsafe.Add(ref x, t);
            d0 += v * Unsafe.Add(ref r0, t);
            d1 += v * Unsafe.Add(ref r1, t);
            d2 += v * Unsafe.Add(ref r2, t);
            d3 += v * Unsafe.Add(ref r3, t);
        }

        return (d0, d1, d2, d3);
    }

    /// <summary>Inverts a small SPD block in place via Cholesky: columns of the inverse solved one by one.</summary>
    private static void InvertSmall(double[] block, int width)
    {
        var factor = block.AsSpan(0, width * width).ToArray();
        Cholesky.FactorInPlace(factor, width);
        var column = new double[width];
        for (var c = 0; c < width; c++)
        {
            Array.Clear(column);
            column[c] = 1;
            Cholesky.SolveInPlace(factor, width, column);
            for (var r = 0; r < width; r++)
            {
                block[(r * width) + c] = column[r];
            }
        }
    }
}
