using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>FᵀF of a row-major factor matrix F (rows × k).</summary>
internal static class Gramian
{
    // Fixed-size chunks summed in chunk order make the result independent of the thread count.
    private const int RowsPerChunk = 512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Compute(float[] factors, int rows, int k, ParallelOptions? parallel = null)
    {
        var chunkCount = (rows + RowsPerChunk - 1) / RowsPerChunk;
        var partials = new float[chunkCount][];
        Parallel.For(0, chunkCount, parallel ?? new ParallelOptions(), chunk =>
        {
            var partial = new float[k * k];
            var end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
            for (var row = chunk * RowsPerChunk; row < end; row++)
            {
                ReadOnlySpan<float> vector = factors.AsSpan(row * k, k);
                for (var a = 0; a < k; a++)
                {
                    var target = partial.AsSpan(a * k, k);
                    TensorPrimitives.MultiplyAdd(vector, vector[a], target, target);
                }
            }

            partials[chunk] = partial;
        });

        var gramian = new double[k * k];
        foreach (var partial in partials)
        {
            for (var cell = 0; cell < gramian.Length; cell++)
            {
                gramian[cell] += partial[cell];
            }
        }

        return gramian;
    }
}
