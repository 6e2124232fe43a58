using Quartz;

using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;

namespace ShowBot.Scheduling;

/// <summary>Admin triggers and "next run" answered by the Quartz scheduler.</summary>
internal sealed class QuartzRetrainScheduler(ISchedulerFactory schedulers) : IRetrainScheduler
{
    public async Task TriggerNowAsync(ReplyTarget? notify, bool force, CancellationToken cancellationToken)
    {
        var data = new JobDataMap { [RetrainJob.Force] = force };
        if (notify is not null)
        {
            data[RetrainJob.NotifyPlatform] = notify.Platform;
            data[RetrainJob.NotifyPayload] = notify.Payload;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(RetrainJob.Key, data, cancellationToken);
    }

    public async Task<DateTimeOffset?> NextRunAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = await scheduler.GetTrigger(RetrainJob.ScheduleKey, cancellationToken);
        return trigger?.NextFireTimeUtc;
    }
}
