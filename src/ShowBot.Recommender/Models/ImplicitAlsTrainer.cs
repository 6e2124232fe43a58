using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

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

        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            SolveAll(itemFactors, byItem, userFactors, likes.UserCount, parallel);
            SolveAll(userFactors, byUser, itemFactors, likes.ItemCount, parallel);
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
    private void SolveAll(float[] solved, Rows rows, float[] fixedFactors, int fixedCount, ParallelOptions parallel)
    {
        var k = Factors;
        var gramianDouble = Gramian.Compute(fixedFactors, fixedCount, k, parallel);
        var gramian = new float[k * k];
        for (var cell = 0; cell < gramian.Length; cell++)
        {
            gramian[cell] = (float)gramianDouble[cell];
        }

        RowSolver solver = new(gramian, fixedFactors, k, (float)Alpha, (float)Regularization, ConjugateGradientSteps);
        var rowCount = rows.Pointers.Length - 1;
        Parallel.ForEach(Partitioner.Create(0, rowCount, 64), parallel, range =>
        {
            var workspace = new float[4 * k];
            for (var row = range.Item1; row < range.Item2; row++)
            {
                ReadOnlySpan<int> observed = rows.Indices.AsSpan(rows.Pointers[row], rows.Pointers[row + 1] - rows.Pointers[row]);
                solver.Solve(solved.AsSpan(row * k, k), observed, workspace);
            }
        });
    }

    private sealed record Rows(int[] Pointers, int[] Indices);

    /// <summary>
    /// Warm-started conjugate gradient on (G + λI + α·Σ yᵢyᵢᵀ)·x = (1+α)·Σ yᵢ over the row's observed i,
    /// where G = YᵀY of the fixed side; the matrix is never formed, only applied.
    /// </summary>
    private sealed class RowSolver(float[] gramian, float[] fixedFactors, int k, float alpha, float regularization, int steps)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Solve(Span<float> x, ReadOnlySpan<int> observed, float[] workspace)
        {
            var residual = workspace.AsSpan(0, k);
            var direction = workspace.AsSpan(k, k);
            var product = workspace.AsSpan(2 * k, k);

            residual.Clear();
            foreach (var index in observed)
            {
                TensorPrimitives.MultiplyAdd(fixedFactors.AsSpan(index * k, k), 1 + alpha, residual, residual);
            }

            Apply(x, observed, product);
            TensorPrimitives.Subtract(residual, product, residual);
            residual.CopyTo(direction);
            var residualNorm = TensorPrimitives.Dot(residual, residual);

            for (var step = 0; step < steps && residualNorm > 1e-20f; step++)
            {
                Apply(direction, observed, product);
                var stepSize = residualNorm / TensorPrimitives.Dot(direction, product);
                TensorPrimitives.MultiplyAdd(direction, stepSize, x, x);
                TensorPrimitives.MultiplyAdd(product, -stepSize, residual, residual);
                var nextNorm = TensorPrimitives.Dot(residual, residual);
                TensorPrimitives.MultiplyAdd(direction, nextNorm / residualNorm, residual, direction);
                residualNorm = nextNorm;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Apply(ReadOnlySpan<float> vector, ReadOnlySpan<int> observed, Span<float> result)
        {
            MatrixVector.Multiply(gramian, vector, result);
            TensorPrimitives.MultiplyAdd(vector, regularization, result, result);

            foreach (var index in observed)
            {
                ReadOnlySpan<float> y = fixedFactors.AsSpan(index * k, k);
                TensorPrimitives.MultiplyAdd(y, alpha * TensorPrimitives.Dot(y, vector), result, result);
            }
        }
    }
}
