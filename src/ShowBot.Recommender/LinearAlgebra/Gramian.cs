using System.Numerics.Tensors;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>FᵀF of a row-major factor matrix F (rows × k).</summary>
internal static class Gramian
{
    // Fixed-size chunks summed in chunk order make the result independent of the thread count.
    private const int RowsPerChunk = 512;

    public static double[] Compute(float[] factors, int rows, int k)
    {
        int chunkCount = (rows + RowsPerChunk - 1) / RowsPerChunk;
        float[][] partials = new float[chunkCount][];
        Parallel.For(0, chunkCount, chunk =>
        {
            float[] partial = new float[k * k];
            int end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
            for (int row = chunk * RowsPerChunk; row < end; row++)
            {
                ReadOnlySpan<float> vector = factors.AsSpan(row * k, k);
                for (int a = 0; a < k; a++)
                {
                    Span<float> target = partial.AsSpan(a * k, k);
                    TensorPrimitives.MultiplyAdd(vector, vector[a], target, target);
                }
            }

            partials[chunk] = partial;
        });

        double[] gramian = new double[k * k];
        foreach (float[] partial in partials)
        {
            for (int cell = 0; cell < gramian.Length; cell++)
            {
                gramian[cell] += partial[cell];
            }
        }

        return gramian;
    }
}
