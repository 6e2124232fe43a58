using Microsoft.Extensions.Logging;

using Quartz;

using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;
using ShowBot.Verbs;

namespace ShowBot.Scheduling;

/// <summary>
/// The one retraining job. The cron schedule and an admin's "retrain" fire the same job, so they share one code
/// path; Quartz never runs it twice at once, and <see cref="ModelLifecycle"/> refuses a second concurrent run too.
/// On shutdown Quartz cancels the job's token; the run stops, and the admin who asked for it is told.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class RetrainJob(ModelLifecycle lifecycle, ChatPlatforms chat, ILogger<RetrainJob> logger) : IJob
{
    public static readonly JobKey Key = new("retrain", "showbot");
    public static readonly TriggerKey ScheduleKey = new("retrain-schedule", "showbot");
    public const string NotifyPlatform = "notify-platform";
    public const string NotifyPayload = "notify-payload";
    public const string NotifyNode = "notify-node";
    public const string Force = "force";
    public const string StoppedByShutdown = "Retraining was stopped because ShowBot is shutting down; the serving model is unchanged. Ask again once it is back.";

    // The job's own token is cancelled by then: the outcome still has this long to reach the admin.
    private static readonly TimeSpan NotifyPatience = TimeSpan.FromSeconds(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var force = data.TryGetValue(Force, out var forced) && forced is string text && bool.TryParse(text, out var yes) && yes;
        var outcome = await lifecycle.RetrainAsync(force ? RetrainMode.Forced : RetrainMode.Scheduled, new SynchronousProgress<string>(LogStep), cancellationToken);
        context.Result = outcome;
        if (data.TryGetValue(NotifyPlatform, out var platform) && platform is string platformName
            && data.TryGetValue(NotifyPayload, out var payload) && payload is string target)
        {
            if (data.TryGetValue(NotifyNode, out var node) && node is string asker && asker != context.Scheduler.SchedulerInstanceId)
            {
                // A node that died with the run left its console with it; the run was recovered here.
                LogAskerGone(asker, outcome.Message);
                return;
            }

            var message = outcome.Result == RetrainResult.Cancelled ? StoppedByShutdown : outcome.Message;
            using var patience = new CancellationTokenSource(NotifyPatience);
            try
            {
                await chat.SendAsync(new ReplyTarget(platformName, target), new TextReply(message), patience.Token);
            }
            catch (Exception ex)
            {
                LogNotifyFailed(ex, platformName);
            }
        }
    }

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Retraining: {Step}")]
    private partial void LogStep(string step);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Retraining asked on the console of {Node}, which stopped, ended here: {Outcome}")]
    private partial void LogAskerGone(string node, string outcome);

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Could not tell the admin on {Platform} how retraining ended")]
    private partial void LogNotifyFailed(Exception exception, string platform);
}
