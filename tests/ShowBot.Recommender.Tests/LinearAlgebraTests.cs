using ShowBot.Recommender.LinearAlgebra;

namespace ShowBot.Recommender.Tests;

public class LinearAlgebraTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(35)]
    [InlineData(200)]
    [InlineData(300)]
    public void Blocked_sweep_leaves_the_negated_inverse_in_the_lower_triangle(int n)
    {
        // 35 leaves a partial tile of rows and columns; 200 is a full pivot block swept together with a partial one; 300
        // spans two full pivot blocks, swept together, and a partial third one swept alone. Only
        // the lower triangle is read, so the upper one starts as garbage, and only the lower one is the result.
        Random random = new(n);
        double[] factors = [.. Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5)];
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = i == j ? 1 : 0;
                for (var k = 0; k < n; k++)
                {
                    sum += factors[(i * n) + k] * factors[(j * n) + k];
                }

                matrix[(i * n) + j] = sum;
            }
        }

        float[] swept = [.. matrix.Select((value, cell) => cell % n > cell / n ? float.NaN : (float)value)];
        SymmetricInverse.InvertNegatedInPlace(swept, n, new ParallelOptions());
        double Inverse(int i, int j) => -swept[(Math.Max(i, j) * n) + Math.Min(i, j)];

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double product = 0;
                for (var k = 0; k < n; k++)
                {
                    product += matrix[(i * n) + k] * Inverse(k, j);
                }

                Assert.Equal(i == j ? 1 : 0, product, 4);
            }
        }
    }

    [Theory]
    [InlineData(1100, 35)]
    [InlineData(700, 128)]
    [InlineData(5, 3)]
    public void Gramian_by_tiles_matches_the_definition(int rows, int k)
    {
        // 1,100 rows: eight full chunks and a partial one; 35 columns leave partial tiles both ways.
        Random random = new(rows + k);
        float[] factors = [.. Enumerable.Range(0, rows * k).Select(_ => (float)random.NextDouble() - 0.5f)];

        var gramian = Gramian.Compute(factors, rows, k, new ParallelOptions { MaxDegreeOfParallelism = 2 });

        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                var expected = Enumerable.Range(0, rows).Sum(row => (double)factors[(row * k) + a] * factors[(row * k) + b]);
                Assert.Equal(expected, gramian[(a * k) + b], 1e-3);
            }
        }
    }

    [Theory]
    [InlineData(8, 16)]
    [InlineData(7, 19)]
    [InlineData(3, 5)]
    public void Matrix_times_vector_matches_the_definition(int rows, int columns)
    {
        // 7 × 19 leaves a row past the blocks of four and columns past the last full vector.
        Random random = new(rows * columns);
        float[] matrix = [.. Enumerable.Range(0, rows * columns).Select(_ => (float)random.NextDouble() - 0.5f)];
        float[] vector = [.. Enumerable.Range(0, columns).Select(_ => (float)random.NextDouble() - 0.5f)];
        var result = new float[rows];

        MatrixVector.Multiply(matrix, vector, result);

        for (var r = 0; r < rows; r++)
        {
            var expected = Enumerable.Range(0, columns).Sum(c => (double)matrix[(r * columns) + c] * vector[c]);
            Assert.Equal(expected, result[r], 5);
        }
    }

    [Fact]
    public void Cholesky_solves_a_hand_computed_system()
    {
        // [[4, 2], [2, 3]]·x = [2, 1] → x = [0.5, 0].
        double[] matrix = [4, 2, 2, 3];
        double[] rightHandSide = [2, 1];

        Cholesky.FactorInPlace(matrix, 2);
        Cholesky.SolveInPlace(matrix, 2, rightHandSide);

        Assert.Equal(0.5, rightHandSide[0], 12);
        Assert.Equal(0, rightHandSide[1], 12);
    }

    [Fact]
    public void Cholesky_rejects_a_matrix_that_is_not_positive_definite()
    {
        Assert.Throws<ArithmeticException>(() => Cholesky.FactorInPlace(new double[] { 1, 2, 2, 1 }, 2));
    }
}
