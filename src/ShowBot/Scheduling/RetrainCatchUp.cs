using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Quartz;

using ShowBot.Core.Lifecycle;

namespace ShowBot.Scheduling;

/// <summary>
/// On a node that trains, after <see cref="ServingModelStartup"/>: with no model yet, or when a scheduled night was
/// missed while ShowBot was down, retrain once now, not once per missed night. A node that does not train leaves
/// this to the nodes that do.
/// </summary>
internal sealed partial class RetrainCatchUp(
    IModelStore models,
    IRetrainScheduler scheduler,
    IOptions<RetrainingOptions> options,
    TimeProvider time,
    ILogger<RetrainCatchUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "Retraining once at start: a scheduled run was missed or no model exists (deployed: {Version})")]
    private partial void LogCatchingUp(string version);
}
