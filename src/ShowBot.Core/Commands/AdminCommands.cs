using System.Globalization;
using System.Text;

using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Requests;
using ShowBot.Core.Text;

namespace ShowBot.Core.Commands;

/// <summary>The admin commands every platform offers (after checking the invoker is an admin): retrain, status, models, rollback.</summary>
public sealed class AdminCommands(
    ModelLifecycle lifecycle,
    IModelStore models,
    IRetrainScheduler scheduler,
    IPredictionQueue queue,
    IRatingStore ratings,
    ServingModel serving,
    ThisNode node,
    IClusterRoles cluster)
{
    private const int ModelsListed = 10;

    /// <summary>
    /// Starts the retraining job now. Its outcome is sent to <paramref name="notify"/> when it finishes, unless that
    /// target is one only this node reaches and this node does not train (<c>OutcomeOwed</c> false).
    /// </summary>
    public async Task<(Reply Accepted, bool OutcomeOwed)> RetrainAsync(ReplyTarget notify, bool force, CancellationToken cancellationToken) =>
        await scheduler.TriggerNowAsync(notify, force, cancellationToken)
            ? (new TextReply("Retraining started. I'll post the outcome here when it finishes."), true)
            : (new TextReply("Retraining asked for. This node does not train, so another node runs it; /showbot models shows the outcome once it is done."), false);

    /// <summary>What serves, its metrics and data version, this node's roles and the cluster's, the queue, rating changes since training and the next scheduled run.</summary>
    public async Task<Reply> StatusAsync(CancellationToken cancellationToken)
    {
        var deployed = models.Deployed;
        var next = await scheduler.NextRunAsync(cancellationToken);
        var text = new StringBuilder();
        var servedHere = serving.Current.Version;
        text.AppendLine(deployed is null
            ? $"Serving: {servedHere} (the knowledge model; no trained model deployed)"
            : deployed.Version == servedHere
                ? $"Serving: {deployed.Version} ({deployed.Algorithm}), deployed {deployed.DeployedAt:yyyy-MM-dd HH:mm} UTC"
                : $"Serving: {servedHere} here, while {deployed.Version} ({deployed.Algorithm}), deployed {deployed.DeployedAt:yyyy-MM-dd HH:mm} UTC by another node, is being loaded");
        if (deployed is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  metrics: {deployed.DescribeMetrics()}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  trained on: {deployed.Data}");
            if (ratings.ErasuresAfter(deployed.Data.LastChange) is { Count: > 0 } erasures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  trained before {erasures.Count} erasure(s) on request ({erasures.Sum(e => e.Ratings)} rating(s)): retrain to drop them from the model");
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Roles of this node: {node.Roles}");
        foreach (var line in cluster.Describe())
        {
            text.AppendLine(line);
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Queue: {queue.CountOutstanding()} request(s) waiting");
        text.AppendLine(CultureInfo.InvariantCulture, $"Ratings since the last training: {ratings.ChangesSince(deployed?.Data.LastChange ?? 0)} change(s); {ratings.Count:N0} ratings in all");
        text.Append(next is { } when ? $"Next scheduled retraining: {when:yyyy-MM-dd HH:mm} UTC" : "Next scheduled retraining: none scheduled");
        return new TextReply(text.ToString());
    }

    /// <summary>The recent model versions, newest first, with status, metrics and data version.</summary>
    public Reply Models()
    {
        var recent = models.Recent(ModelsListed);
        if (recent.Count == 0)
        {
            return new TextReply("No model has been trained yet; the knowledge model serves.");
        }

        var text = new StringBuilder("Recent models (newest first):");
        foreach (var version in recent)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"  {version.Version,-5} {version.Status.ToString().ToLowerInvariant(),-8} {version.Algorithm,-10} {version.CreatedAt:yyyy-MM-dd HH:mm}  {version.DescribeMetrics()}  {version.Data}");
            if (version.Status is ModelStatus.Rejected or ModelStatus.Corrupt && version.Note is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  ({version.Note})");
            }
        }

        return new TextReply(text.ToString());
    }

    /// <summary>Serves <paramref name="version"/>, or the version deployed before the current one.</summary>
    public Reply Rollback(string? version) => new TextReply(lifecycle.Rollback(version is null ? null : UntrustedText.Line(version)));
}
