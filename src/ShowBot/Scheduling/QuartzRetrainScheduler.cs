using Quartz;

using ShowBot.ConsoleChat;
using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;

namespace ShowBot.Scheduling;

/// <summary>
/// Admin triggers and "next run" answered by the Quartz scheduler (in a cluster, by the shared store). On a node that
/// does not train (<paramref name="trainsHere"/> false) the scheduler is never started: a run asked there is stored
/// for a node that trains.
/// </summary>
internal sealed class QuartzRetrainScheduler(ISchedulerFactory schedulers, TimeProvider time, bool clustered, bool trainsHere) : IRetrainScheduler
{
    public async Task<bool> TriggerNowAsync(ReplyTarget? notify, bool force, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // Strings only: a persistent store keeps job data as JSON, where a bool would not come back as one.
        var data = new JobDataMap();
        data.PutAsString(RetrainJob.Force, force);
        // On the scheduler's clock, which is the application's.
        var trigger = TriggerBuilder.Create().ForJob(RetrainJob.Key).StartAt(time.GetUtcNow());
        var told = true;
        if (notify is not null && ConsoleAddress.IsConsole(notify.Platform) && !trainsHere)
        {
            // This console is this process's; a node that trains cannot print on it, so it is not named.
            told = false;
        }
        else if (notify is not null)
        {
            data[RetrainJob.NotifyPlatform] = notify.Platform;
            data[RetrainJob.NotifyPayload] = notify.Payload;
            if (ConsoleAddress.IsConsole(notify.Platform))
            {
                // The console is this process's alone: the run stays here, and only here is its outcome printed.
                data[RetrainJob.NotifyNode] = scheduler.SchedulerInstanceId;
                if (clustered)
                {
                    trigger = trigger.WithPreferredNode(PreferredNode.For(scheduler.SchedulerInstanceId));
                }
            }
        }

        await scheduler.ScheduleJob(trigger.UsingJobData(data).Build(), default, cancellationToken);
        return told;
    }

    public async Task<DateTimeOffset?> NextRunAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = await scheduler.GetTrigger(RetrainJob.ScheduleKey, cancellationToken);
        return trigger?.NextFireTimeUtc;
    }
}
