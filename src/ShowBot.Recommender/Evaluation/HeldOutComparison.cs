using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Evaluation;

/// <summary>
/// Compares any models, trained here or elsewhere, on the same held-out users of the strong-generalisation
/// split (<see cref="EvaluationOptions"/>, seed included): each model gets the 80 % of a user's likes to fold in,
/// through its public <see cref="IRecommendationModel.Recommend"/>, and is scored on the other 20 %.
/// This is the retraining gate's measure: a candidate and the serving model see exactly the same people.
/// </summary>
public sealed class HeldOutComparison
{
    private readonly StrongGeneralizationSplit split;
    private readonly EvaluationOptions options;

    private HeldOutComparison(StrongGeneralizationSplit split, EvaluationOptions options)
    {
        this.split = split;
        this.options = options;
    }

    /// <summary>The likes of the users that are not held out: what candidates are trained on.</summary>
    public InteractionMatrix Training => split.Train;

    /// <summary>Number of held-out users the scores are averaged over.</summary>
    public int HeldOutUsers => split.Test.Count;

    /// <summary>Splits <paramref name="likes"/>; throws <see cref="ArgumentException"/> when there are too few eligible users.</summary>
    public static HeldOutComparison Create(InteractionMatrix likes, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(likes);
        ArgumentNullException.ThrowIfNull(options);
        return new HeldOutComparison(StrongGeneralizationSplit.Create(likes, options), options);
    }

    /// <summary>Mean Recall@K (for each configured K) and NDCG over the held-out users, keyed like <see cref="EvaluationReport"/>.</summary>
    /// <param name="model">The model to score.</param>
    /// <param name="cancellationToken">Checked before each user.</param>
    public IReadOnlyDictionary<string, double> Score(IRecommendationModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var depth = Math.Max(options.NdcgCutoff, options.RecallCutoffs.Max());
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var user in split.Test)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var liked = user.FoldIn.Select(item => split.Train.Items[item]).ToArray();
            var ranked = model.Recommend(new RecommendationQuery(liked, depth))
                .Select(r => split.Train.Items.TryGetDenseId(r.ItemId, out var dense) ? dense : -1)
                .ToArray();
            foreach (var k in options.RecallCutoffs)
            {
                Add(sums, $"recall@{k}", RankingMetrics.Recall(ranked, user.HeldOut, k));
            }

            Add(sums, $"ndcg@{options.NdcgCutoff}", RankingMetrics.Ndcg(ranked, user.HeldOut, options.NdcgCutoff));
        }

        return sums.ToDictionary(s => s.Key, s => split.Test.Count == 0 ? 0 : s.Value / split.Test.Count, StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, double> sums, string metric, double value) =>
        sums[metric] = sums.GetValueOrDefault(metric) + value;
}
