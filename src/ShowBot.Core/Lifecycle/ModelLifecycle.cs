using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Damage;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Content;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Evaluation;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Lifecycle;

/// <summary>
/// The model's life: retrain on a snapshot of the ratings, deploy only what evaluates at least as well as the
/// serving model on the same held-out people, restore the deployed model at start (skipping damaged artifacts),
/// and roll back. One run at a time; the serving model is swapped atomically, so requests in flight finish on
/// the model they started with.
/// </summary>
public sealed partial class ModelLifecycle(
    IRatingStore ratings,
    RatingSnapshots snapshots,
    IModelStore models,
    ServingModel serving,
    KnowledgeModel content,
    IOptions<RetrainingOptions> options,
    TimeProvider time,
    ILogger<ModelLifecycle> logger,
    Func<string, IReadOnlyDictionary<string, double>?, IModelTrainer>? trainers = null) : IDisposable
{
    private readonly Func<string, IReadOnlyDictionary<string, double>?, IModelTrainer> createTrainer = trainers ?? ModelTrainers.Create;
    private const string GateMetric = "ndcg@100";
    private readonly RetrainingOptions settings = options.Value;
    private readonly SemaphoreSlim oneRunAtATime = new(1, 1);

    /// <summary>
    /// Serves the deployed version; if its artifact is damaged, marks it and serves the newest good earlier one. With
    /// the model versions themselves damaged, the content model goes on serving.
    /// </summary>
    public ModelVersion? RestoreServing()
    {
        IReadOnlyList<ModelVersion> recent;
        try
        {
            recent = models.Recent(settings.KeepVersions);
        }
        catch (StoredDataDamagedException ex)
        {
            LogVersionsDamaged(ex.Message);
            return null;
        }

        var candidates = recent
            .Where(v => v.Status is ModelStatus.Deployed or ModelStatus.Retired)
            .OrderByDescending(v => v.Status == ModelStatus.Deployed)
            .ThenByDescending(v => v.DeployedAt);
        foreach (var version in candidates)
        {
            try
            {
                Serve(version.Version, models.LoadArtifact(version.Version));
                if (version.Status != ModelStatus.Deployed)
                {
                    models.MarkDeployed(version.Version, time.GetUtcNow());
                    LogRestoredEarlier(version.Version);
                }

                return version;
            }
            catch (Exception ex) when (ex is ModelFormatException or InvalidDataException or KeyNotFoundException)
            {
                models.MarkCorrupt(version.Version, ex.Message);
                LogCorrupt(version.Version, ex.Message);
            }
        }

        return null;
    }

    /// <summary>
    /// Serves the version the store records as deployed when this process serves another: another node deployed or
    /// rolled back. Writes nothing; an artifact that cannot load leaves the serving model as it is, for the node that
    /// deployed it to mark. Returns the version now served when it changed, else null.
    /// </summary>
    public string? ServeDeployed()
    {
        var deployed = models.Deployed;
        if (deployed is null || deployed.Version == serving.Current.Version)
        {
            return null;
        }

        try
        {
            Serve(deployed.Version, models.LoadArtifact(deployed.Version));
        }
        catch (Exception ex) when (ex is ModelFormatException or InvalidDataException or KeyNotFoundException)
        {
            LogFollowFailed(deployed.Version, ex.Message);
            return null;
        }

        LogFollowed(deployed.Version);
        return deployed.Version;
    }

    /// <summary>
    /// Retrains unless a run is going on. A run that is not forced skips when the likes are the ones the serving model
    /// was trained on, and a scheduled one also when too few ratings changed since (<see cref="RetrainMode"/>).
    /// Exceptions inside training end the run as Failed, and cancellation (a shutdown) as Cancelled; either way nothing
    /// is recorded and the serving model stays.
    /// </summary>
    public async Task<RetrainOutcome> RetrainAsync(RetrainMode mode, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!oneRunAtATime.Wait(TimeSpan.Zero, CancellationToken.None))
        {
            return new RetrainOutcome(RetrainResult.AlreadyRunning, "A retraining run is already going on.");
        }

        try
        {
            var outcome = await Task.Run(() => Retrain(mode, progress, cancellationToken), cancellationToken);
            LogOutcome(outcome.Result, outcome.Message);
            return outcome;
        }
        catch (StoredDataDamagedException ex)
        {
            var outcome = new RetrainOutcome(RetrainResult.Failed, $"Retraining failed: {ex.Message}. The serving model is unchanged.");
            LogOutcome(outcome.Result, outcome.Message);
            return outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled();
            return new RetrainOutcome(RetrainResult.Cancelled, "Retraining was cancelled before it finished; the serving model is unchanged.");
        }
        catch (Exception ex) when (DiskFull.Caused(ex))
        {
            LogDiskFull();
            return new RetrainOutcome(RetrainResult.Failed, "Retraining stopped: the disk is full. The serving model is unchanged; free some space and retrain.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
            return new RetrainOutcome(RetrainResult.Failed, "Retraining failed; the serving model is unchanged. The log has the details.");
        }
        finally
        {
            oneRunAtATime.Release();
        }
    }

    /// <summary>Serves <paramref name="version"/> (or, when null, the version deployed before the current one).</summary>
    public string Rollback(string? version)
    {
        var current = models.Deployed;
        var target = version is not null
            ? models.Find(version)
            : models.Recent(settings.KeepVersions).Where(v => v.Status == ModelStatus.Retired).MaxBy(v => v.DeployedAt);
        if (target is null)
        {
            return version is null ? "There is no earlier version to roll back to." : $"There is no version {version}.";
        }

        if (target.Status is ModelStatus.Rejected or ModelStatus.Corrupt)
        {
            return $"{target.Version} cannot serve: it is {target.Status.ToString().ToLowerInvariant()} ({target.Note}).";
        }

        try
        {
            Serve(target.Version, models.LoadArtifact(target.Version));
        }
        catch (ModelFormatException ex)
        {
            models.MarkCorrupt(target.Version, ex.Message);
            return $"{target.Version}'s artifact is damaged ({ex.Message}); still serving {current?.Version ?? "the knowledge model"}.";
        }

        models.MarkDeployed(target.Version, time.GetUtcNow());
        LogRolledBack(current?.Version ?? "content", target.Version);
        return $"Rolled back: serving {target.Version} ({target.Algorithm}) instead of {current?.Version ?? "the knowledge model"}.";
    }

    /// <inheritdoc />
    public void Dispose() => oneRunAtATime.Dispose();

    private RetrainOutcome Retrain(RetrainMode mode, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var phases = new PhaseTimes();
        using var snapshot = snapshots.Take(ratings);
        var lastChange = snapshot.LastChange;
        var likes = ratings.AsOf(lastChange).Where(r => r.Kind == RatingKind.Like).Select(r => (r.User.ToString(), r.ShowId)).ToList();
        var data = DataVersion.Of(lastChange, likes);
        var deployed = models.Deployed;
        if (mode == RetrainMode.Scheduled && deployed is not null)
        {
            var changed = ratings.ChangesSince(deployed.Data.LastChange);
            if (changed < settings.MinNewRatings)
            {
                return new RetrainOutcome(RetrainResult.Skipped, $"Skipped: {changed} rating change(s) since {deployed.Version}, {settings.MinNewRatings} needed.");
            }
        }

        // Ratings changed and changed back (a like taken back) leave the same likes: training again would make the same model.
        var sameData = deployed is not null && deployed.Data.ContentHash == data.ContentHash && deployed.Data.Likes == data.Likes;
        if (sameData && mode != RetrainMode.Forced)
        {
            return new RetrainOutcome(RetrainResult.Skipped, $"Skipped: the likes are the same as {deployed!.Version} was trained on ({data}); force the retrain to train anyway.");
        }

        var forcedNote = "";
        if (sameData)
        {
            progress?.Report($"same likes as {deployed!.Version}: training anyway, as forced");
            forcedNote = $" Trained on the same likes as {deployed!.Version}, as forced.";
        }

        if (likes.Count < settings.MinLikes)
        {
            return new RetrainOutcome(RetrainResult.Skipped, $"Skipped: {likes.Count} likes stored, {settings.MinLikes} needed to train.");
        }

        progress?.Report($"snapshot {data}");
        phases.End("snapshot");
        var matrix = InteractionMatrix.FromLikes(likes);
        HeldOutComparison comparison;
        try
        {
            comparison = HeldOutComparison.Create(matrix, new EvaluationOptions());
        }
        catch (ArgumentException)
        {
            var needed = new EvaluationOptions().MinLikesPerUser;
            return new RetrainOutcome(RetrainResult.Skipped, $"Skipped: too few people with {needed} or more likes to hold some out and compare models fairly; retrain once more people have rated.");
        }

        phases.End("held-out split");
        var contentScore = comparison.Score(content, cancellationToken);
        progress?.Report($"content model: {Describe(contentScore)}");
        phases.End("content model");

        var scored = new List<(IModelTrainer Trainer, IReadOnlyDictionary<string, double> Metrics)>();
        foreach (var algorithm in settings.EffectiveCandidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainer = createTrainer(algorithm, null);
            try
            {
                var metrics = comparison.Score(new HybridModel(trainer.Train(comparison.Training, Training(cancellationToken)), content), cancellationToken);
                progress?.Report($"candidate {algorithm}: {Describe(metrics)}");
                scored.Add((trainer, metrics));
            }
            catch (ModelTrainingException ex)
            {
                progress?.Report($"candidate {algorithm} refused the data: {ex.Message}");
            }

            phases.End($"candidate {algorithm}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (scored.Count == 0)
        {
            return new RetrainOutcome(RetrainResult.Failed, "No candidate could be trained on this data; the serving model is unchanged.");
        }

        var servingVersion = serving.Current.Version;
        var servingScore = ScoreServing(deployed, comparison, scored, cancellationToken);
        progress?.Report($"serving {servingVersion}: {Describe(servingScore)} on {comparison.HeldOutUsers} held-out people");
        phases.End(deployed is null ? $"serving {servingVersion}" : $"serving {servingVersion}'s recipe");

        var (winner, winnerMetrics) = scored.MaxBy(s => s.Metrics[GateMetric]);
        var number = models.NextNumber();
        var name = $"v{number}";
        var compared = string.Create(CultureInfo.InvariantCulture, $"{GateMetric} {winnerMetrics[GateMetric]:F4} vs serving {servingVersion} {servingScore[GateMetric]:F4} on {comparison.HeldOutUsers} held-out people");
        if (winnerMetrics[GateMetric] + settings.Tolerance < contentScore[GateMetric])
        {
            var againstContent = string.Create(CultureInfo.InvariantCulture, $"{GateMetric} {winnerMetrics[GateMetric]:F4} vs the content model {contentScore[GateMetric]:F4} on {comparison.HeldOutUsers} held-out people");
            return Reject($"worse than the content model: {againstContent}", $"was worse than the content model alone ({againstContent})");
        }

        if (winnerMetrics[GateMetric] + settings.Tolerance < servingScore[GateMetric])
        {
            return Reject($"worse than serving: {compared}", $"was worse ({compared})");
        }

        progress?.Report($"training {winner.Algorithm} on all {likes.Count:N0} likes");
        var started = Stopwatch.GetTimestamp();
        var model = winner.Train(matrix, Training(cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        var version = new ModelVersion(name, model.Algorithm, model.Parameters, data, winnerMetrics, Stopwatch.GetElapsedTime(started), time.GetUtcNow(), ModelStatus.Retired) { Note = compared };
        phases.End("final fit");
        models.Add(version, model);
        Serve(name, model);
        models.MarkDeployed(name, time.GetUtcNow());
        models.Prune(settings.KeepVersions);
        phases.End("store and deploy");
        progress?.Report(phases.Summary);
        return new RetrainOutcome(RetrainResult.Deployed, $"Deployed {name} ({model.Algorithm}, {Describe(winnerMetrics)}); {compared}.{forcedNote}", models.Find(name));

        RetrainOutcome Reject(string note, string why)
        {
            var rejected = new ModelVersion(name, winner.Algorithm, winner.Parameters, data, winnerMetrics, TimeSpan.Zero, time.GetUtcNow(), ModelStatus.Rejected) { Note = note };
            models.Add(rejected, artifact: null);
            progress?.Report(phases.Summary);
            return new RetrainOutcome(RetrainResult.Rejected, $"Kept {servingVersion}: the best candidate, {winner.Algorithm}, {why}.{forcedNote}", rejected);
        }
    }

    /// <summary>Training's parallel loops take at most <see cref="RetrainingOptions.EffectiveThreads"/> cores, leaving the rest to the requests.</summary>
    private ParallelOptions Training(CancellationToken cancellationToken) =>
        new() { CancellationToken = cancellationToken, MaxDegreeOfParallelism = settings.EffectiveThreads };

    /// <summary>
    /// The serving model's score on the held-out people. A trained model has most likely seen those very people (it
    /// was trained on everyone then), and scoring it on them would flatter it and block every deploy; so its recipe,
    /// algorithm and parameters, is retrained on the same training people as the candidates, unless a candidate is
    /// that very recipe: training is deterministic, so its score is the recipe's. The content baseline learned nothing
    /// from people and is scored as it serves. Every trained model is scored as it serves: in the hybrid with the
    /// content model.
    /// </summary>
    private IReadOnlyDictionary<string, double> ScoreServing(ModelVersion? deployed, HeldOutComparison comparison, List<(IModelTrainer Trainer, IReadOnlyDictionary<string, double> Metrics)> candidates, CancellationToken cancellationToken)
    {
        if (deployed is null)
        {
            return comparison.Score(serving.Current.Model, cancellationToken);
        }

        var sameRecipe = candidates.FirstOrDefault(c => c.Trainer.Algorithm == deployed.Algorithm && SameParameters(c.Trainer.Parameters, deployed.Parameters));
        return sameRecipe.Metrics
            ?? comparison.Score(new HybridModel(createTrainer(deployed.Algorithm, deployed.Parameters).Train(comparison.Training, Training(cancellationToken)), content), cancellationToken);
    }

    private static bool SameParameters(IReadOnlyDictionary<string, double> first, IReadOnlyDictionary<string, double> second) =>
        first.Count == second.Count && first.All(p => second.TryGetValue(p.Key, out var value) && value == p.Value);

    /// <summary>Where a retraining run's time went, phase by phase: the last line of <c>train</c>'s steps and the log's.</summary>
    private sealed class PhaseTimes
    {
        private readonly long runStarted = Stopwatch.GetTimestamp();
        private readonly List<(string Phase, TimeSpan Took)> phases = [];
        private long phaseStarted = Stopwatch.GetTimestamp();

        public string Summary => string.Create(
            CultureInfo.InvariantCulture,
            $"took {Stopwatch.GetElapsedTime(runStarted).TotalSeconds:F1} s: {string.Join(", ", phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Took.TotalSeconds:F1} s")))}");

        public void End(string phase)
        {
            var now = Stopwatch.GetTimestamp();
            phases.Add((phase, Stopwatch.GetElapsedTime(phaseStarted, now)));
            phaseStarted = now;
        }
    }

    private void Serve(string version, FoldInModel model) =>
        serving.Swap(new DeployedModel(version, new HybridModel(model, content)));

    private static string Describe(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F3}")));

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Serving {Version}, deployed by another node")]
    private partial void LogFollowed(string version);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "Another node deployed {Version}, but its artifact does not load here ({Reason}); the serving model is unchanged")]
    private partial void LogFollowFailed(string version, string reason);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Retraining ended ({Result}): {Message}")]
    private partial void LogOutcome(RetrainResult result, string message);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Retraining failed; the serving model is unchanged")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Retraining was cancelled (ShowBot is stopping); nothing was recorded and the serving model is unchanged")]
    private partial void LogCancelled();

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Model {Version} has a damaged artifact and will not serve: {Reason}")]
    private partial void LogCorrupt(string version, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "No trained model can serve, the content model does: {Reason}")]
    private partial void LogVersionsDamaged(string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Serving the earlier version {Version} because the deployed one could not be loaded")]
    private partial void LogRestoredEarlier(string version);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Rolled back from {From} to {To}")]
    private partial void LogRolledBack(string from, string to);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Retraining stopped: the disk is full; the serving model is unchanged")]
    private partial void LogDiskFull();
}
