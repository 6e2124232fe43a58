using System.Runtime.CompilerServices;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>
/// FᵀF of a row-major factor matrix F (rows × k): each chunk of 128 rows is one product Fᵀ·F by <see cref="TileKernel"/>,
/// its transpose as the row panel and itself packed as the column panel. Only the tiles that reach the diagonal or lie
/// above it are multiplied; the cells below are copied from above at the end (the same sums, in the same order).
/// </summary>
internal static class Gramian
{
    // Fixed-size chunks summed in chunk order make the result independent of the thread count. 128 rows keep a chunk's
    // scratch arrays off the large object heap and a packed column block (16 KB) in the first level of cache.
    private const int RowsPerChunk = 128;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Compute(float[] factors, int rows, int k, ParallelOptions? parallel = null)
    {
        var chunkCount = (rows + RowsPerChunk - 1) / RowsPerChunk;
        var partials = new float[chunkCount][];
        var leftRows = (k + TileKernel.Rows - 1) / TileKernel.Rows * TileKernel.Rows;
        Parallel.For(
            0,
            chunkCount,
            parallel ?? new ParallelOptions(),
            () => (Transposed: new float[leftRows * RowsPerChunk], Packed: new float[TileKernel.PackedLength(RowsPerChunk, k)]),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
            {
                var start = chunk * RowsPerChunk;
                partials[chunk] = ChunkProduct(factors.AsSpan(start * k, (Math.Min(rows, start + RowsPerChunk) - start) * k), k, scratch.Transposed, scratch.Packed);
                return scratch;
            },
            static _ => { });

        var gramian = new double[k * k];
        foreach (var partial in partials)
        {
            for (var cell = 0; cell < gramian.Length; cell++)
            {
                gramian[cell] += partial[cell];
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = a + 1; b < k; b++)
            {
                gramian[(b * k) + a] = gramian[(a * k) + b];
            }
        }

        return gramian;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] ChunkProduct(ReadOnlySpan<float> chunk, int k, float[] transposed, float[] packed)
    {
        var m = chunk.Length / k;
        TileKernel.Pack(chunk, m, k, k, packed);

        // Fᵀ, its rows m apart; rows past k are zero, so the last tile's extra rows add nothing.
        Array.Clear(transposed);
        for (var t = 0; t < m; t++)
        {
            var row = chunk.Slice(t * k, k);
            for (var a = 0; a < k; a++)
            {
                transposed[(a * m) + t] = row[a];
            }
        }

        var product = new float[k * k];
        Span<float> sums = stackalloc float[TileKernel.Rows * TileKernel.Columns];
        for (var a = 0; a < k; a += TileKernel.Rows)
        {
            var rows = Math.Min(TileKernel.Rows, k - a);
            for (var block = a / TileKernel.Columns; block * TileKernel.Columns < k; block++)
            {
                var column = block * TileKernel.Columns;
                var columns = Math.Min(TileKernel.Columns, k - column);
                TileKernel.Multiply(transposed.AsSpan(a * m, TileKernel.Rows * m), packed.AsSpan(block * m * TileKernel.Columns, m * TileKernel.Columns), m, sums, TileKernel.Columns, subtract: false);
                for (var r = 0; r < rows; r++)
                {
                    sums.Slice(r * TileKernel.Columns, columns).CopyTo(product.AsSpan(((a + r) * k) + column, columns));
                }
            }
        }

        return product;
    }
}
