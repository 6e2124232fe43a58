using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Quartz;

using ShowBot.Core.Commands;
using ShowBot.Core.Lifecycle;
using ShowBot.Scheduling;
using ShowBot.Storage;

namespace ShowBot.Hosting;

internal static class LifecycleRegistration
{
    /// <summary>The name every node's scheduler shares: on PostgreSQL the nodes are one Quartz cluster by it.</summary>
    public const string SchedulerName = "ShowBot";

    /// <summary>
    /// Model versions, the retraining job on Quartz (cron from configuration), start-up restore, admin commands, and
    /// on a node that <paramref name="trains"/> (the <c>scheduler</c> role) the started scheduler and the catch-up at
    /// start. With PostgreSQL the schedule lives in the same database and the nodes are one Quartz cluster, so a
    /// scheduled run fires on one node and a node that dies mid-run has the run fired again on another.
    /// </summary>
    public static IServiceCollection AddShowBotLifecycle(this IServiceCollection services, IConfiguration configuration, bool trains)
    {
        var clustered = StorageOpener.UsesPostgres(configuration);
        services.AddValidatedOptions<RetrainingOptions>(configuration, RetrainingOptions.Section);
        if (ListSetting.Read(configuration, $"{RetrainingOptions.Section}:{nameof(RetrainingOptions.Candidates)}") is { } candidates)
        {
            services.PostConfigure<RetrainingOptions>(retraining => retraining.Candidates = [.. candidates]);
        }

        services.AddSingleton<IValidateOptions<RetrainingOptions>, CronValidator>();
        services.AddSingleton<ModelLifecycle>();
        services.AddSingleton<AdminCommands>();
        if (clustered)
        {
            services.AddSingleton<ClusterRoles>();
            services.AddSingleton<IClusterRoles>(provider => provider.GetRequiredService<ClusterRoles>());
            services.AddHostedService(provider => provider.GetRequiredService<ClusterRoles>());
        }
        else
        {
            services.AddSingleton<IClusterRoles, OneProcess>();
        }

        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<IRetrainScheduler>(provider => new QuartzRetrainScheduler(
            provider.GetRequiredService<ISchedulerFactory>(), provider.GetRequiredService<TimeProvider>(), clustered, trains));

        var cron = configuration.GetSection(RetrainingOptions.Section)[nameof(RetrainingOptions.Cron)] ?? new RetrainingOptions().Cron;
        // The scheduler runs on the application's clock (a fake one in tests), as registered before this call.
        var clock = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        services.AddQuartz(quartz =>
        {
            quartz.UseTimeProvider(clock);
            quartz.ConfigureScheduler(scheduler => scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            if (clustered)
            {
                UseTheClusterStore(quartz, configuration);
            }

            // Durable, so it stays stored between runs; asking for recovery, so a run whose node died is fired again.
            quartz.AddJob<RetrainJob>(job => job.WithIdentity(RetrainJob.Key).StoreDurably().RequestRecovery().DisallowConcurrentExecution());
            // Declared triggers replace one stored under the same key (Quartz's default), so in a cluster the node
            // started last, with the newest configuration, sets the schedule, and a restart adds no second trigger.
            quartz.AddTrigger(trigger => trigger
                .ForJob(RetrainJob.Key)
                .WithIdentity(RetrainJob.ScheduleKey)
                .WithCronSchedule(CronExpression.TryParse(cron, out _) ? cron : new RetrainingOptions().Cron, schedule => schedule
                    .InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        // A node that does not train builds its scheduler, so an admin there can still ask for a run, but never
        // starts it: the shared store's triggers are acquired only by started schedulers.
        services.AddQuartzHostedService<SchedulerStoppedFirst>(quartz =>
        {
            quartz.WaitForJobsToComplete = true;
            quartz.AutoStart = trains;
        });
        services.AddHostedService<ServingModelStartup>();
        if (trains)
        {
            services.AddHostedService<RetrainCatchUp>();
        }

        return services;
    }

    /// <summary>
    /// Quartz's ADO store on ShowBot's own database and schema (the connection string's search path), its tables
    /// created at start by whichever node gets there first, clustered under one scheduler name with an instance id
    /// of this process's own. A node is taken for dead after the same <c>NodeTimeout</c> as for its requests.
    /// </summary>
    private static void UseTheClusterStore(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section);
        var nodeName = StorageOpener.NodeName(configuration);
        var nodeTimeout = TimeSpan.TryParse(storage[nameof(StorageOptions.NodeTimeout)], CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : new StorageOptions().NodeTimeout;
        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = SchedulerName;
            scheduler.InstanceId = $"{nodeName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        });
        quartz.UsePersistentStore(store =>
        {
            // An empty connection string is refused, naming the setting, when the storage is opened.
            store.UsePostgres(configuration.GetConnectionString(StorageOpener.ConnectionStringName) ?? "");
            store.UseSystemTextJsonSerializer();
            store.ProvisionSchema();
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = nodeTimeout / 3;
                cluster.CheckinMisfireThreshold = nodeTimeout;
            });
        });
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
