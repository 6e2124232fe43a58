using System.Numerics.Tensors;

using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.LinearAlgebra;

namespace ShowBot.Recommender.Models;

/// <summary>
/// Implicit-feedback matrix factorisation (Hu, Koren &amp; Volinsky 2008). A person is folded in by the exact
/// least-squares solve their user vector would get in training — (YᵀY + α·Σ yᵢyᵢᵀ + λI)·x = (1+α)·Σ yᵢ over
/// the liked items i — and every item j is scored yⱼ·x.
/// </summary>
/// <remarks>
/// Explanation, from section 5 of the paper: with W = (YᵀC Y + λI)⁻¹ the score splits exactly into one term
/// per liked item, yⱼ·x = Σᵢ (1+α)·yⱼᵀ W yᵢ, so <c>BecauseOf</c> is the liked item with the largest term.
/// </remarks>
public sealed class ImplicitAlsModel : FoldInModel
{
    /// <summary>The algorithm name.</summary>
    public const string AlgorithmName = "ials";

    private readonly float[] _itemFactors;
    private readonly double[] _itemGramian;

    internal ImplicitAlsModel(ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters, float[] itemFactors)
        : base(items, itemLikeCounts)
    {
        Parameters = parameters;
        Factors = (int)parameters[ImplicitAlsTrainer.FactorsParameter];
        Alpha = parameters[ImplicitAlsTrainer.AlphaParameter];
        Regularization = parameters[ImplicitAlsTrainer.RegularizationParameter];
        if (itemFactors.Length != (long)items.Count * Factors)
        {
            throw new ArgumentException($"Expected {items.Count} × {Factors} item factors, got {itemFactors.Length} values.", nameof(itemFactors));
        }

        _itemFactors = itemFactors;
        _itemGramian = Gramian.Compute(itemFactors, items.Count, Factors);
    }

    /// <inheritdoc />
    public override string Algorithm => AlgorithmName;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Latent dimensions.</summary>
    public int Factors { get; }

    /// <summary>Confidence of a like is 1 + Alpha; every other cell has confidence 1.</summary>
    public double Alpha { get; }

    /// <summary>L2 regularisation λ.</summary>
    public double Regularization { get; }

    /// <summary>Item factors, row-major (item × <see cref="Factors"/>).</summary>
    public ReadOnlySpan<float> ItemFactors => _itemFactors;

    private protected override long PayloadMemoryBytes => (4L * _itemFactors.Length) + (8L * _itemGramian.Length);

    /// <inheritdoc />
    public override void ScoreItems(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        float[] user = FoldIn(likedItems);
        for (int item = 0; item < scores.Length; item++)
        {
            scores[item] = TensorPrimitives.Dot(_itemFactors.AsSpan(item * Factors, Factors), user);
        }
    }

    /// <summary>The user vector of a person who likes <paramref name="likedItems"/>: the exact weighted least-squares solution.</summary>
    public float[] FoldIn(ReadOnlySpan<int> likedItems)
    {
        double[] system = BuildSystem(likedItems, out double[] rightHandSide);
        Cholesky.FactorInPlace(system, Factors);
        Cholesky.SolveInPlace(system, Factors, rightHandSide);
        float[] user = new float[Factors];
        for (int f = 0; f < Factors; f++)
        {
            user[f] = (float)rightHandSide[f];
        }

        return user;
    }

    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, ReadOnlySpan<int> recommendedItems, Span<int> because)
    {
        double[] factor = BuildSystem(likedItems, out _);
        Cholesky.FactorInPlace(factor, Factors);
        double[] weighted = new double[Factors];
        for (int r = 0; r < recommendedItems.Length; r++)
        {
            ReadOnlySpan<float> candidate = _itemFactors.AsSpan(recommendedItems[r] * Factors, Factors);
            for (int f = 0; f < Factors; f++)
            {
                weighted[f] = candidate[f];
            }

            Cholesky.SolveInPlace(factor, Factors, weighted);
            because[r] = -1;
            double best = double.NegativeInfinity;
            foreach (int liked in likedItems)
            {
                ReadOnlySpan<float> likedFactors = _itemFactors.AsSpan(liked * Factors, Factors);
                double term = 0;
                for (int f = 0; f < Factors; f++)
                {
                    term += weighted[f] * likedFactors[f];
                }

                if (term > best)
                {
                    best = term;
                    because[r] = liked;
                }
            }
        }
    }

    internal override void WritePayload(BinaryWriter writer)
    {
        ArtifactIO.WriteArray(writer, _itemFactors);
    }

    internal static ImplicitAlsModel ReadPayload(BinaryReader reader, ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters)
    {
        return new ImplicitAlsModel(items, itemLikeCounts, parameters, ArtifactIO.ReadFloatArray(reader));
    }

    private double[] BuildSystem(ReadOnlySpan<int> likedItems, out double[] rightHandSide)
    {
        int k = Factors;
        double[] system = (double[])_itemGramian.Clone();
        rightHandSide = new double[k];
        for (int f = 0; f < k; f++)
        {
            system[(f * k) + f] += Regularization;
        }

        foreach (int item in likedItems)
        {
            ReadOnlySpan<float> y = _itemFactors.AsSpan(item * k, k);
            for (int a = 0; a < k; a++)
            {
                double scaled = Alpha * y[a];
                rightHandSide[a] += (1 + Alpha) * y[a];
                Span<double> row = system.AsSpan(a * k, k);
                for (int b = 0; b < k; b++)
                {
                    row[b] += scaled * y[b];
                }
            }
        }

        return system;
    }
}
