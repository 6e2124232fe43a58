using System.Diagnostics;
using System.Globalization;

using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Recommender.Evaluation;

/// <summary>
/// Compares models on one likes matrix with two protocols, deterministically for a given seed.
/// </summary>
/// <remarks>
/// <para><b>Strong generalisation</b> (Liang et al. 2018, used by the EASE and iALS papers): users with at least
/// 5 likes are shuffled; N are held out for validation and N for test; models train on the rest. Each held-out
/// user's likes are split at random, 80 % folded in and 20 % to be found; the catalog minus the folded-in items is
/// ranked. Recall@K = hits in the top K / min(K, held-out count); NDCG@100 is normalised by the ideal DCG of
/// min(100, held-out count) hits. Each grid point is trained once and scored on the validation users; the best by
/// NDCG is the one reported on the test users, which are never used for choosing.</para>
/// <para><b>The ancestor's test</b>: prolific users (≥ 50 likes, a seeded sample of up to 1,000) lose a random
/// 20 % of their likes from the training data; the model, trained with the chosen parameters on all the rest,
/// folds in each such user's remaining 80 % and suggests 10 items; the score is the share of those 10 that are in
/// the held-out 20 %, averaged over users (<c>ancestor-hits@10</c>).</para>
/// </remarks>
public static class EvaluationRunner
{
    /// <summary>Name of the ancestor hit-rate metric for a top-N of <paramref name="topN"/>.</summary>
    public static string AncestorMetricName(int topN)
    {
        return string.Create(CultureInfo.InvariantCulture, $"ancestor-hits@{topN}");
    }

    /// <summary>Runs both protocols for every candidate in <paramref name="options"/>.</summary>
    /// <param name="likes">Binary likes (e.g. <see cref="InteractionMatrix.FromRatings"/> with the like threshold).</param>
    /// <param name="options">Protocol settings and candidates.</param>
    /// <param name="progress">Receives one line per step (training, scoring), for a console.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public static EvaluationReport Run(InteractionMatrix likes, EvaluationOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(likes);
        ArgumentNullException.ThrowIfNull(options);
        var split = StrongGeneralizationSplit.Create(likes, options);
        var ancestor = AncestorSplit.Create(likes, options);
        DatasetSummary summary = new(
            likes.UserCount,
            likes.ItemCount,
            likes.LikeCount,
            split.EligibleUsers,
            split.Train.UserCount,
            split.Train.ItemCount,
            split.Validation.Count,
            split.Test.Count,
            ancestor.Users.Count);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"data: {summary}"));

        List<ModelEvaluation> results = [];
        foreach (var candidate in options.Candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(EvaluateCandidate(candidate, split, ancestor, options, progress, cancellationToken));
        }

        return new EvaluationReport(summary, results);
    }

    private static ModelEvaluation EvaluateCandidate(
        ModelCandidate candidate,
        StrongGeneralizationSplit split,
        AncestorSplit ancestor,
        EvaluationOptions options,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        List<ValidationPoint> validation = [];
        FoldInModel? best = null;
        var bestScore = double.NegativeInfinity;
        double bestSeconds = 0;
        try
        {
            foreach (var parameters in candidate.Grid)
            {
                var trainer = ModelTrainers.Create(candidate.Algorithm, parameters);
                var stopwatch = Stopwatch.StartNew();
                var model = trainer.Train(split.Train, cancellationToken);
                var seconds = stopwatch.Elapsed.TotalSeconds;
                var score = MeanOver(Score(model, split.Validation, options.NdcgCutoff, cancellationToken), split.Validation, (ranked, user) => RankingMetrics.Ndcg(ranked, user.HeldOut, options.NdcgCutoff));
                validation.Add(new ValidationPoint(trainer.Parameters, score));
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{candidate.Algorithm} {Describe(trainer.Parameters)}: validation ndcg@{options.NdcgCutoff} {score:F4}, trained in {seconds:F1} s"));
                if (score > bestScore)
                {
                    (best, bestScore, bestSeconds) = (model, score, seconds);
                }
            }
        }
        catch (ModelTrainingException exception)
        {
            progress?.Report($"{candidate.Algorithm}: skipped, {exception.Message}");
            return new ModelEvaluation(candidate.Algorithm, new Dictionary<string, double>(), new Dictionary<string, double>(), validation, 0, exception.Message);
        }

        if (best is null)
        {
            throw new ArgumentException($"Candidate '{candidate.Algorithm}' has an empty grid.", nameof(candidate));
        }

        var depth = Math.Max(options.NdcgCutoff, options.RecallCutoffs.Max());
        var testRankings = Score(best, split.Test, depth, cancellationToken);
        Dictionary<string, double> metrics = [];
        foreach (var cutoff in options.RecallCutoffs)
        {
            metrics[string.Create(CultureInfo.InvariantCulture, $"recall@{cutoff}")] = MeanOver(testRankings, split.Test, (ranked, user) => RankingMetrics.Recall(ranked, user.HeldOut, cutoff));
        }

        metrics[string.Create(CultureInfo.InvariantCulture, $"ndcg@{options.NdcgCutoff}")] = MeanOver(testRankings, split.Test, (ranked, user) => RankingMetrics.Ndcg(ranked, user.HeldOut, options.NdcgCutoff));

        var chosen = best.Parameters;
        var ancestorModel = ModelTrainers.Create(candidate.Algorithm, chosen).Train(ancestor.Train, cancellationToken);
        var ancestorRankings = Score(ancestorModel, ancestor.Users, options.AncestorTopN, cancellationToken);
        metrics[AncestorMetricName(options.AncestorTopN)] = MeanOver(ancestorRankings, ancestor.Users, (ranked, user) => RankingMetrics.HitShare(ranked, user.HeldOut, options.AncestorTopN));
        progress?.Report($"{candidate.Algorithm} {Describe(chosen)}: {string.Join(", ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")))}");
        return new ModelEvaluation(candidate.Algorithm, chosen, metrics, validation, bestSeconds, null);
    }

    private static double MeanOver(List<int[]> rankings, IReadOnlyList<HeldOutUser> users, Func<int[], HeldOutUser, double> metric)
    {
        double sum = 0;
        for (var u = 0; u < users.Count; u++)
        {
            sum += metric(rankings[u], users[u]);
        }

        return users.Count == 0 ? 0 : sum / users.Count;
    }

    /// <summary>Top-<paramref name="depth"/> items for each user, folded-in items excluded, in user order.</summary>
    internal static List<int[]> Score(FoldInModel model, IReadOnlyList<HeldOutUser> users, int depth, CancellationToken cancellationToken)
    {
        var rankings = new int[users.Count][];
        ParallelOptions options = new() { CancellationToken = cancellationToken };
        Parallel.For(
            0,
            users.Count,
            options,
            () => new float[model.Items.Count],
            (u, _, scores) =>
            {
                var user = users[u];
                model.ScoreItems(user.FoldIn, scores);
                HashSet<int> foldIn = [.. user.FoldIn];
                rankings[u] = FoldInModel.SelectTop(scores, depth, item => !foldIn.Contains(item));
                return scores;
            },
            static _ => { });
        return [.. rankings];
    }

    private static string Describe(IReadOnlyDictionary<string, double> parameters)
    {
        return parameters.Count == 0
            ? "(no parameters)"
            : string.Join(" ", parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:G}")));
    }
}
