using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Quartz;

using ShowBot.Core.Lifecycle;

namespace ShowBot.Scheduling;

/// <summary>
/// Before requests are answered (it starts after the scheduler, before the prediction worker): serve the deployed
/// model, or the newest good earlier one. Then catch up: with no model yet, or when a scheduled night was missed
/// while ShowBot was down, retrain once now, not once per missed night. A node that does not train
/// (<see cref="RetrainingOptions.RunsHere"/>) leaves the catch-up to the nodes that do.
/// </summary>
internal sealed partial class ServingModelStartup(
    ModelLifecycle lifecycle,
    IModelStore models,
    IRetrainScheduler scheduler,
    IOptions<RetrainingOptions> options,
    TimeProvider time,
    ILogger<ServingModelStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serving = lifecycle.RestoreServing();
        LogServing(serving?.Version ?? "the content baseline");
        await CatchUpAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RunsHere)
        {
            return;
        }

        var deployed = models.Deployed;
        var missed = deployed is not null
            && new CronExpression(options.Value.Cron, TimeZoneInfo.Utc).GetNextValidTimeAfter(deployed.CreatedAt) is { } due
            && due < time.GetUtcNow();
        if (deployed is null || missed)
        {
            LogCatchingUp(deployed?.Version ?? "none");
            await scheduler.TriggerNowAsync(notify: null, force: false, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Serving {Version}")]
    private partial void LogServing(string version);

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "Retraining once at start: a scheduled run was missed or no model exists (deployed: {Version})")]
    private partial void LogCatchingUp(string version);
}
