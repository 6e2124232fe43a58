using System.Numerics;
using System.Runtime.CompilerServices;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>Dense Cholesky factorisation and solves for small symmetric positive-definite systems (row-major, double).</summary>
internal static class Cholesky
{
    /// <summary>Overwrites the lower triangle of <paramref name="matrix"/> (n × n) with L where A = L·Lᵀ.</summary>
    /// <exception cref="ArithmeticException">The matrix is not positive definite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FactorInPlace(Span<double> matrix, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var rowJ = matrix.Slice(j * n, n);
            var diagonal = rowJ[j] - Dot(rowJ[..j], rowJ[..j]);
            if (!(diagonal > 0))
            {
                throw new ArithmeticException($"Matrix is not positive definite (pivot {j} is {diagonal}).");
            }

            var pivot = Math.Sqrt(diagonal);
            rowJ[j] = pivot;
            for (var i = j + 1; i < n; i++)
            {
                var rowI = matrix.Slice(i * n, n);
                rowI[j] = (rowI[j] - Dot(rowI[..j], rowJ[..j])) / pivot;
            }
        }
    }

    /// <summary>Solves L·Lᵀ·x = b in place, given the factor from <see cref="FactorInPlace"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveInPlace(ReadOnlySpan<double> factor, int n, Span<double> rightHandSide)
    {
        ForwardSolveInPlace(factor, n, rightHandSide);
        BackSolveInPlace(factor, n, rightHandSide);
    }

    /// <summary>Solves Lᵀ·x = z in place (the second half of <see cref="SolveInPlace"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackSolveInPlace(ReadOnlySpan<double> factor, int n, Span<double> rightHandSide)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = rightHandSide[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= factor[(k * n) + i] * rightHandSide[k];
            }

            rightHandSide[i] = sum / factor[(i * n) + i];
        }
    }

    /// <summary>Solves L·z = b in place (the first half of <see cref="SolveInPlace"/>), reading L row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardSolveInPlace(ReadOnlySpan<double> factor, int n, Span<double> rightHandSide)
    {
        for (var i = 0; i < n; i++)
        {
            var row = factor.Slice(i * n, n);
            rightHandSide[i] = (rightHandSide[i] - Dot(row[..i], rightHandSide[..i])) / row[i];
        }
    }

    /// <remarks>
    /// The solver's own rather than <c>TensorPrimitives.Dot</c>: loading a model factors its k × k system once, and the
    /// first calls of that generic method ran unoptimized code for tens of milliseconds.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var width = Vector<double>.Count;
        Vector<double> even = default, odd = default;
        var i = 0;
        for (; i + (2 * width) <= x.Length; i += 2 * width)
        {
            even = Vector.FusedMultiplyAdd(new Vector<double>(x[i..]), new Vector<double>(y[i..]), even);
            odd = Vector.FusedMultiplyAdd(new Vector<double>(x[(i + width)..]), new Vector<double>(y[(i + width)..]), odd);
        }

        var sum = Vector.Sum(even + odd);
        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
