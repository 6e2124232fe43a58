using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Quartz;

using ShowBot.Core.Commands;
using ShowBot.Core.Lifecycle;
using ShowBot.Scheduling;

namespace ShowBot.Hosting;

internal static class LifecycleRegistration
{
    /// <summary>Model versions, the retraining job on Quartz (cron from configuration), start-up restore and catch-up, admin commands.</summary>
    public static IServiceCollection AddShowBotLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RetrainingOptions>(configuration, RetrainingOptions.Section);
        services.AddSingleton<IValidateOptions<RetrainingOptions>, CronValidator>();
        services.AddSingleton<ModelLifecycle>();
        services.AddSingleton<AdminCommands>();
        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<IRetrainScheduler, QuartzRetrainScheduler>();

        var cron = configuration.GetSection(RetrainingOptions.Section)[nameof(RetrainingOptions.Cron)] ?? new RetrainingOptions().Cron;
        // The scheduler runs on the application's clock (a fake one in tests), as registered before this call.
        var clock = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        services.AddQuartz(quartz =>
        {
            quartz.UseTimeProvider(clock);
            quartz.ConfigureScheduler(scheduler => scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            quartz.AddJob<RetrainJob>(job => job.WithIdentity(RetrainJob.Key).StoreDurably().DisallowConcurrentExecution());
            quartz.AddTrigger(trigger => trigger
                .ForJob(RetrainJob.Key)
                .WithIdentity(RetrainJob.ScheduleKey)
                .WithCronSchedule(CronExpression.TryParse(cron, out _) ? cron : new RetrainingOptions().Cron, schedule => schedule
                    .InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        services.AddQuartzHostedService<SchedulerStoppedFirst>(quartz => quartz.WaitForJobsToComplete = true);
        services.AddHostedService<ServingModelStartup>();
        return services;
    }

    /// <summary>Refuses a cron expression Quartz cannot parse, naming the setting.</summary>
    private sealed class CronValidator : IValidateOptions<RetrainingOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetrainingOptions options) =>
            CronExpression.TryParse(options.Cron, out _)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{RetrainingOptions.Section}:Cron: '{options.Cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. \"0 0 3 * * ?\"");
    }
}
