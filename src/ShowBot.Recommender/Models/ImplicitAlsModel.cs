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

    [ThreadStatic]
    private static double[]? foldInScratch;

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

    /// <summary>The user vector of a person who likes <paramref name="likedItems"/>: the exact weighted least-squares solution.</summary>
    public float[] FoldIn(ReadOnlySpan<int> likedItems)
    {
        return SolveFoldIn(likedItems, out _);
    }

    /// <returns>The Cholesky factor of the person's system, which the explanation reuses.</returns>
    private protected override object? ScoreCatalog(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        var user = SolveFoldIn(likedItems, out var factor);
        MatrixVector.Multiply(_itemFactors, user, scores);

        return factor;
    }

    /// <remarks>
    /// With W⁻¹ = L·Lᵀ, yⱼᵀ W yᵢ = (L⁻¹yⱼ)·(L⁻¹yᵢ): one forward substitution per liked and per suggested item, each
    /// reading L row by row, instead of a full solve per suggestion.
    /// </remarks>
    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because)
    {
        var factor = (double[])foldInState!;
        var k = Factors;
        var likedWhitened = new double[likedItems.Length * k];
        for (var l = 0; l < likedItems.Length; l++)
        {
            Whiten(factor, likedItems[l], likedWhitened.AsSpan(l * k, k));
        }

        var candidate = new double[k];
        for (var r = 0; r < recommendedItems.Length; r++)
        {
            Whiten(factor, recommendedItems[r], candidate);
            because[r] = -1;
            var best = double.NegativeInfinity;
            for (var l = 0; l < likedItems.Length; l++)
            {
                var term = TensorPrimitives.Dot(candidate, likedWhitened.AsSpan(l * k, k));
                if (term > best)
                {
                    best = term;
                    because[r] = likedItems[l];
                }
            }
        }
    }

    /// <summary>L⁻¹·yᵢ for item <paramref name="item"/>.</summary>
    private void Whiten(double[] factor, int item, Span<double> result)
    {
        TensorPrimitives.ConvertChecked<float, double>(_itemFactors.AsSpan(item * Factors, Factors), result);
        Cholesky.ForwardSolveInPlace(factor, Factors, result);
    }

    internal override void WritePayload(BinaryWriter writer)
    {
        ArtifactIO.WriteArray(writer, _itemFactors);
    }

    internal static ImplicitAlsModel ReadPayload(BinaryReader reader, ExternalIdMap items, int[] itemLikeCounts, IReadOnlyDictionary<string, double> parameters)
    {
        return new ImplicitAlsModel(items, itemLikeCounts, parameters, ArtifactIO.ReadFloatArray(reader));
    }

    /// <summary>
    /// Solves (YᵀY + λI + α·Σ yᵢyᵢᵀ)·x = (1+α)·Σ yᵢ and also returns the system's Cholesky factor, in this thread's
    /// scratch matrix: a fresh k × k array per request would land on the large object heap and, at hundreds of
    /// requests a second, bring full collections into the tail latency. The factor is read only until the same
    /// thread's next fold-in, which a request's explanation precedes.
    /// </summary>
    private float[] SolveFoldIn(ReadOnlySpan<int> likedItems, out double[] factor)
    {
        var k = Factors;
        if (foldInScratch is null || foldInScratch.Length != _itemGramian.Length)
        {
            foldInScratch = new double[_itemGramian.Length];
        }

        factor = foldInScratch;
        _itemGramian.CopyTo(factor, 0);
        var rightHandSide = new double[k];
        var liked = new double[k];
        for (var f = 0; f < k; f++)
        {
            factor[(f * k) + f] += Regularization;
        }

        foreach (var item in likedItems)
        {
            TensorPrimitives.ConvertChecked<float, double>(_itemFactors.AsSpan(item * k, k), liked);
            TensorPrimitives.MultiplyAdd(liked, 1 + Alpha, rightHandSide, rightHandSide);
            for (var a = 0; a < k; a++)
            {
                var row = factor.AsSpan(a * k, k);
                TensorPrimitives.MultiplyAdd(liked, Alpha * liked[a], row, row);
            }
        }

        Cholesky.FactorInPlace(factor, k);
        Cholesky.SolveInPlace(factor, k, rightHandSide);
        var user = new float[k];
        TensorPrimitives.ConvertChecked<double, float>(rightHandSide, user);
        return user;
    }
}
