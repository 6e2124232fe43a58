using System.Globalization;

namespace ShowBot.Recommender.Evaluation;

/// <summary>What an evaluation run measured: the data, then every model side by side.</summary>
/// <param name="Dataset">Sizes of the data and of each split.</param>
/// <param name="Models">One entry per candidate, in the order they were given.</param>
public sealed record EvaluationReport(DatasetSummary Dataset, IReadOnlyList<ModelEvaluation> Models)
{
    /// <summary>Metric names in report order, e.g. <c>recall@20</c>, <c>recall@50</c>, <c>ndcg@100</c>, <c>ancestor-hits@10</c>.</summary>
    public IReadOnlyList<string> MetricNames => [.. Models.SelectMany(m => m.Metrics.Keys).Distinct(StringComparer.Ordinal)];
}

/// <summary>Sizes of the evaluated data and of its splits.</summary>
/// <param name="Users">Users with at least one like.</param>
/// <param name="Items">Items with at least one like.</param>
/// <param name="Likes">Likes after binarisation.</param>
/// <param name="EligibleUsers">Users with at least the minimum likes.</param>
/// <param name="TrainingUsers">Users the strong-generalisation models are trained on.</param>
/// <param name="TrainingItems">Items those users like: the catalog ranked for held-out users.</param>
/// <param name="ValidationUsers">Held-out users hyperparameters are chosen on (those with something to find).</param>
/// <param name="TestUsers">Held-out users the reported strong-generalisation metrics average over.</param>
/// <param name="AncestorUsers">Prolific users in the ancestor's hit-rate test.</param>
public sealed record DatasetSummary(int Users, int Items, int Likes, int EligibleUsers, int TrainingUsers, int TrainingItems, int ValidationUsers, int TestUsers, int AncestorUsers)
{
    /// <summary>The sizes as a person reads them, e.g. "300 users, 40 items, 3,094 likes; 300 users with enough likes → train 240 users × 40 items, …".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Users:N0} users, {Items:N0} items, {Likes:N0} likes; {EligibleUsers:N0} users with enough likes → train {TrainingUsers:N0} users × {TrainingItems:N0} items, validation {ValidationUsers:N0}, test {TestUsers:N0}; ancestor test {AncestorUsers:N0} prolific users");
}

/// <summary>One model's results.</summary>
/// <param name="Model">Algorithm name.</param>
/// <param name="Parameters">Hyperparameters chosen on the validation users.</param>
/// <param name="Metrics">Metric name → mean over the test users (or the ancestor test's users).</param>
/// <param name="Validation">Every grid point tried, with its validation NDCG.</param>
/// <param name="TrainingSeconds">Wall-clock training time of the chosen model on the training users.</param>
/// <param name="Skipped">Why the model could not be evaluated (e.g. too many items for EASE), or <c>null</c>.</param>
public sealed record ModelEvaluation(
    string Model,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<ValidationPoint> Validation,
    double TrainingSeconds,
    string? Skipped);

/// <summary>One hyperparameter set tried on the validation users.</summary>
/// <param name="Parameters">The parameters as trained (defaults filled in).</param>
/// <param name="ValidationNdcg">Mean NDCG at the options' cut-off over the validation users.</param>
public sealed record ValidationPoint(IReadOnlyDictionary<string, double> Parameters, double ValidationNdcg);
