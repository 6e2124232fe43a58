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
/// <para>
/// The solve is taken in whitened coordinates: with YᵀY + λI = L·Lᵀ, factored once when the model is built, and
/// ỹᵢ = L⁻¹yᵢ, the system becomes (I + α·Ỹᵀ Ỹ)·x̃ = (1+α)·Σ ỹᵢ with x = L⁻ᵀx̃, so yⱼ·x = ỹⱼ·x̃ and the k × k
/// Gramian is never copied or factored per person. For n liked items, fewer than the k factors, the Woodbury
/// identity turns that into an n × n system: x̃ = Ỹᵀc with (I + α·Ỹ Ỹᵀ)·c = (1+α)·𝟙, n²·k work instead of n·k² + k³.
/// With n ≥ k the k × k system is solved directly.
/// </para>
/// <para>
/// Explanation, from section 5 of the paper: with W = (YᵀC Y + λI)⁻¹ the score splits exactly into one term
/// per liked item, yⱼ·x = Σᵢ (1+α)·yⱼᵀ W yᵢ, so <c>BecauseOf</c> is the liked item with the largest term. Whitened,
/// yⱼᵀ W yᵢ = ỹⱼᵀ (I + α·ỸᵀỸ)⁻¹ ỹᵢ, which the Woodbury form gives as the i-th entry of (I + α·Ỹ Ỹᵀ)⁻¹·Ỹ ỹⱼ.
/// </para>
/// </remarks>
public sealed class ImplicitAlsModel : FoldInModel
{
    /// <summary>The algorithm name.</summary>
    public const string AlgorithmName = "ials";

    [ThreadStatic]
    private static FoldInWorkspace? foldInWorkspace;

    private readonly float[] _itemFactors;

    // L, lower triangle, where YᵀY + λI = L·Lᵀ.
    private readonly double[] _whitening;

    // ỹᵢ = L⁻¹yᵢ, item by item; not stored in the artifact: the load derives it.
    private readonly float[] _whitenedFactors;

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
        _whitening = Gramian.Compute(itemFactors, items.Count, Factors);
        for (var f = 0; f < Factors; f++)
        {
            _whitening[(f * Factors) + f] += Regularization;
        }

        Cholesky.FactorInPlace(_whitening, Factors);
        _whitenedFactors = Whiten(itemFactors, items.Count, Factors, _whitening);
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

    private protected override long PayloadMemoryBytes => (4L * _itemFactors.Length) + (4L * _whitenedFactors.Length) + (8L * _whitening.Length);

    /// <summary>The user vector of a person who likes <paramref name="likedItems"/>: the exact weighted least-squares solution.</summary>
    public float[] FoldIn(ReadOnlySpan<int> likedItems)
    {
        double[] user = [.. SolveFoldIn(likedItems).User];
        Cholesky.BackSolveInPlace(_whitening, Factors, user);
        return ToSingle(user);
    }

    /// <returns>The workspace holding the person's solved system, which the explanation reuses.</returns>
    private protected override object? ScoreCatalog(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        var workspace = SolveFoldIn(likedItems);
        MatrixVector.Multiply(_whitenedFactors, ToSingle(workspace.User), scores);
        return workspace;
    }

    /// <remarks>
    /// Each liked item's term is ỹᵢᵀ S⁻¹ ỹⱼ with S = I + α·ỸᵀỸ: for n &lt; k the entries of M⁻¹·(Ỹ ỹⱼ) with M the
    /// factored n × n system, otherwise ỹᵢ·(S⁻¹ỹⱼ) with S factored: one solve per suggestion either way.
    /// </remarks>
    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because)
    {
        var workspace = (FoldInWorkspace)foldInState!;
        var k = Factors;
        var n = likedItems.Length;
        var woodbury = UsesWoodbury(n);
        var liked = workspace.Liked.AsSpan(0, n * k);
        var candidate = new double[k];
        var terms = new double[n];
        for (var r = 0; r < recommendedItems.Length; r++)
        {
            TensorPrimitives.ConvertChecked<float, double>(_whitenedFactors.AsSpan(recommendedItems[r] * k, k), candidate);
            if (woodbury)
            {
                Project(liked, k, candidate, terms);
                Cholesky.SolveInPlace(workspace.System, n, terms);
            }
            else
            {
                Cholesky.SolveInPlace(workspace.System, k, candidate);
                Project(liked, k, candidate, terms);
            }

            because[r] = -1;
            var best = double.NegativeInfinity;
            for (var l = 0; l < n; l++)
            {
                if (terms[l] > best)
                {
                    best = terms[l];
                    because[r] = likedItems[l];
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

    /// <summary>
    /// L⁻¹·yᵢ for every item, by forward substitution in double precision. Plain loops convert the values: the first
    /// calls of the <c>TensorPrimitives</c> conversions run unoptimized code, and this runs once, at load.
    /// </summary>
    private static float[] Whiten(float[] factors, int items, int k, double[] whitening)
    {
        var whitened = new float[factors.Length];
        Parallel.For(0, items, () => new double[k], (item, _, row) =>
        {
            for (var f = 0; f < k; f++)
            {
                row[f] = factors[(item * k) + f];
            }

            Cholesky.ForwardSolveInPlace(whitening, k, row);
            for (var f = 0; f < k; f++)
            {
                whitened[(item * k) + f] = (float)row[f];
            }

            return row;
        }, static _ => { });
        return whitened;
    }

    /// <summary>projection[l] = liked row l · <paramref name="vector"/>.</summary>
    private static void Project(ReadOnlySpan<double> liked, int k, ReadOnlySpan<double> vector, Span<double> projection)
    {
        for (var l = 0; l < projection.Length; l++)
        {
            projection[l] = TensorPrimitives.Dot(liked.Slice(l * k, k), vector);
        }
    }

    private static float[] ToSingle(ReadOnlySpan<double> values)
    {
        var single = new float[values.Length];
        TensorPrimitives.ConvertChecked<double, float>(values, single);
        return single;
    }

    private bool UsesWoodbury(int likedCount) => likedCount < Factors;

    /// <summary>
    /// Solves the person's system in whitened coordinates (see the remarks on the class), leaving x̃ in the
    /// workspace's <see cref="FoldInWorkspace.User"/>, the factored system in <see cref="FoldInWorkspace.System"/>
    /// (n × n or k × k) and the liked items' ỹᵢ in double in <see cref="FoldInWorkspace.Liked"/>. The workspace is
    /// this thread's, read only until the same thread's next fold-in, which a request's explanation precedes: fresh
    /// k × k arrays per request would land on the large object heap and, at hundreds of requests a second, bring full
    /// collections into the tail latency.
    /// </summary>
    private FoldInWorkspace SolveFoldIn(ReadOnlySpan<int> likedItems)
    {
        var k = Factors;
        var n = likedItems.Length;
        var workspace = foldInWorkspace is { } cached && cached.User.Length == k ? cached : foldInWorkspace = new FoldInWorkspace(k);
        var liked = workspace.Gather(_whitenedFactors, likedItems, k);
        var user = workspace.User;
        Array.Clear(user);
        if (UsesWoodbury(n))
        {
            // M = I + α·Ỹ Ỹᵀ (lower triangle, all the factorisation reads); x̃ = Ỹᵀc with M·c = (1+α)·𝟙.
            var system = workspace.System.AsSpan(0, n * n);
            for (var a = 0; a < n; a++)
            {
                var rowA = liked.Slice(a * k, k);
                for (var b = 0; b <= a; b++)
                {
                    system[(a * n) + b] = Alpha * TensorPrimitives.Dot(rowA, liked.Slice(b * k, k));
                }

                system[(a * n) + a] += 1;
            }

            Cholesky.FactorInPlace(system, n);
            var coefficients = workspace.Coefficients.AsSpan(0, n);
            coefficients.Fill(1 + Alpha);
            Cholesky.SolveInPlace(system, n, coefficients);
            for (var i = 0; i < n; i++)
            {
                TensorPrimitives.MultiplyAdd(liked.Slice(i * k, k), coefficients[i], user, user);
            }
        }
        else
        {
            // S = I + α·Σ ỹᵢỹᵢᵀ (lower triangle); S·x̃ = (1+α)·Σ ỹᵢ.
            var system = workspace.System;
            Array.Clear(system);
            for (var a = 0; a < k; a++)
            {
                system[(a * k) + a] = 1;
            }

            for (var i = 0; i < n; i++)
            {
                var row = liked.Slice(i * k, k);
                TensorPrimitives.Add(user, row, user);
                for (var a = 0; a < k; a++)
                {
                    var cells = system.AsSpan(a * k, a + 1);
                    TensorPrimitives.MultiplyAdd(row[..(a + 1)], Alpha * row[a], cells, cells);
                }
            }

            TensorPrimitives.Multiply(user, 1 + Alpha, user);
            Cholesky.FactorInPlace(system, k);
            Cholesky.SolveInPlace(system, k, user);
        }

        return workspace;
    }

    /// <summary>One thread's fold-in scratch, for models of <c>k</c> factors.</summary>
    private sealed class FoldInWorkspace(int k)
    {
        public double[] System { get; } = new double[k * k];

        public double[] User { get; } = new double[k];

        public double[] Coefficients { get; } = new double[k];

        /// <summary>The liked items' whitened factors, grown to the most likes seen on this thread.</summary>
        public double[] Liked { get; private set; } = new double[k * k];

        public ReadOnlySpan<double> Gather(float[] whitenedFactors, ReadOnlySpan<int> items, int k)
        {
            if (Liked.Length < items.Length * k)
            {
                Liked = new double[items.Length * k];
            }

            for (var l = 0; l < items.Length; l++)
            {
                TensorPrimitives.ConvertChecked<float, double>(whitenedFactors.AsSpan(items[l] * k, k), Liked.AsSpan(l * k, k));
            }

            return Liked.AsSpan(0, items.Length * k);
        }
    }
}
