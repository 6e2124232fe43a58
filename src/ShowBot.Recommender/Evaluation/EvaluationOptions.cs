namespace ShowBot.Recommender.Evaluation;

/// <summary>One algorithm to evaluate and the hyperparameter grid to choose from on the validation users.</summary>
/// <param name="Algorithm">Algorithm name as accepted by <see cref="Models.ModelTrainers.Create"/>.</param>
/// <param name="Grid">Parameter sets to try; the one with the best validation NDCG@100 is reported on the test users.</param>
public sealed record ModelCandidate(string Algorithm, IReadOnlyList<IReadOnlyDictionary<string, double>> Grid);

/// <summary>Settings of an evaluation run. The defaults are the protocol described in <see cref="EvaluationRunner"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Seed of every random choice the protocols make (user shuffles, fold-in/held-out splits).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Users with fewer likes than this are dropped before splitting (Liang et al.: 5).</summary>
    public int MinLikesPerUser { get; init; } = 5;

    /// <summary>Whole users held out for validation and, as many again, for test; <c>null</c> = 10 % of eligible users each.</summary>
    public int? HeldOutUsers { get; init; }

    /// <summary>
    /// Share of a held-out user's likes to be found, <c>floor(share·n)</c> of them as in Liang et al.'s code (0.2); the
    /// other 80 % are folded in.
    /// </summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Cut-offs of the recall metrics.</summary>
    public IReadOnlyList<int> RecallCutoffs { get; init; } = [20, 50];

    /// <summary>Cut-off of the NDCG metric, also the one hyperparameters are chosen by.</summary>
    public int NdcgCutoff { get; init; } = 100;

    /// <summary>Suggestions per answer in the ancestor's hit-rate test (ShowBot lists 10, one per reaction emoji).</summary>
    public int AncestorTopN { get; init; } = 10;

    /// <summary>A user is "prolific" for the ancestor's test with at least this many likes, so the 20 % held out can fill a top-N.</summary>
    public int AncestorMinLikes { get; init; } = 50;

    /// <summary>At most this many prolific users (a seeded sample) take part in the ancestor's test.</summary>
    public int AncestorMaxUsers { get; init; } = 1000;

    /// <summary>The models to compare; defaults to <see cref="DefaultCandidates"/>.</summary>
    public IReadOnlyList<ModelCandidate> Candidates { get; init; } = DefaultCandidates;

    /// <summary>Every algorithm with a small validation grid around values that work on like-matrices of thousands of users.</summary>
    public static IReadOnlyList<ModelCandidate> DefaultCandidates { get; } =
    [
        new("popularity", [new Dictionary<string, double>()]),
        new("item-knn", [.. new[] { 20, 50, 100, 200 }.Select(k => Params(("neighbours", k)))]),
        new("ials", [.. from factors in new[] { 64, 128 }
                         from regularization in new[] { 10.0, 50 }
                         from alpha in new[] { 1.0, 3, 10 }
                         select Params(("factors", factors), ("regularization", regularization), ("alpha", alpha))]),
        new("ease", [.. new[] { 100.0, 250, 500, 1000 }.Select(r => Params(("regularization", r)))]),
    ];

    private static Dictionary<string, double> Params(params (string Name, double Value)[] values)
    {
        return values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
    }
}
