using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>
/// y = A·x for a small dense row-major matrix: four rows at a time share each load of x, and each row's sum stays in
/// a register until the end, where a dot product per row would pay a call and a horizontal sum for every row.
/// </summary>
internal static class MatrixVector
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> matrix, ReadOnlySpan<float> vector, Span<float> result)
    {
        var columns = vector.Length;
        var rows = result.Length;
        ArgumentOutOfRangeException.ThrowIfNotEqual(matrix.Length, rows * columns);
        ref var x = ref MemoryMarshal.GetReference(vector);
        var lanes = Vector<float>.Count;
        var vectorEnd = columns - (columns % lanes);
        var row = 0;
        for (; row + 4 <= rows; row += 4)
        {
            ref var a0 = ref MemoryMarshal.GetReference(matrix[(row * columns)..]);
            ref var a1 = ref Unsafe.Add(ref a0, columns);
            ref var a2 = ref Unsafe.Add(ref a1, columns);
            ref var a3 = ref Unsafe.Add(ref a2, columns);
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var c = 0; c < vectorEnd; c += lanes)
            {
                var v = Vector.LoadUnsafe(ref x, (nuint)c);
                s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a0, (nuint)c), v, s0);
                s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a1, (nuint)c), v, s1);
                s2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a2, (nuint)c), v, s2);
                s3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a3, (nuint)c), v, s3);
            }

            float t0 = Vector.Sum(s0), t1 = Vector.Sum(s1), t2 = Vector.Sum(s2), t3 = Vector.Sum(s3);
            for (var c = vectorEnd; c < columns; c++)
            {
                var v = Unsafe.Add(ref x, c);
                t0 += Unsafe.Add(ref a0, c) * v;
                t1 += Unsafe.Add(ref a1, c) * v;
                t2 += Unsafe.Add(ref a2, c) * v;
                t3 += Unsafe.Add(ref a3, c) * v;
            }

            result[row] = t0;
            result[row + 1] = t1;
            result[row + 2] = t2;
            result[row + 3] = t3;
        }

        for (; row < rows; row++)
        {
            result[row] = TensorPrimitives.Dot(matrix.Slice(row * columns, columns), vector);
        }
    }
}
