using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Groups;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Requests;
using ShowBot.Core.Retention;
using ShowBot.Recommender.Content;
using ShowBot.Storage;
using ShowBot.Storage.Postgres;

namespace ShowBot.Hosting;

/// <summary>The composition root: the one place that knows every part of ShowBot.</summary>
internal static class ShowBotHost
{
    /// <summary>
    /// A host builder with configuration from <c>config/appsettings.json</c> beside the executable, then environment
    /// variables (<c>ShowBot__Storage__DatabasePath</c>…), logging to standard error so standard output stays the chat.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?>? overrides = null)
    {
        KeepThreadsForSockets();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json"), optional: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());

        builder.Logging
            .AddConfiguration(builder.Configuration.GetSection("Logging"))
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder;
    }

    /// <summary>
    /// A retraining run fills the thread pool with CPU-bound parallel loops. The pool adds threads beyond its minimum
    /// only slowly, so a chat acknowledgement (Discord allows 3 s) could wait behind them; with a higher minimum the
    /// pool starts a thread for it at once, and the operating system shares the cores.
    /// </summary>
    private static void KeepThreadsForSockets()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = Math.Max(workers, (4 * Environment.ProcessorCount) + 16);
        ThreadPool.SetMinThreads(wanted, Math.Max(completionPorts, wanted));
    }

    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>()
            .Configure(_ => SettingValues.Check<TOptions>(configuration, section))
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section));
        return services;
    }

    /// <summary>
    /// The stores of the configured provider (<c>ShowBot:Storage:Provider</c>): the LiteDB file, which this process
    /// (<paramref name="process"/>, e.g. "showbot chat") owns while it runs, or a PostgreSQL database shared with other nodes.
    /// </summary>
    public static IServiceCollection AddShowBotStorage(this IServiceCollection services, IConfiguration configuration, string process = "showbot")
    {
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        if (StorageOpener.UsesPostgres(configuration))
        {
            return services.AddPostgresStorage(sp => StorageOpener.OpenPostgres(configuration, sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        }

        services.AddSingleton(sp => StorageOpener.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath, process)
            .Reporting(sp.GetRequiredService<ILoggerFactory>().CreateLogger<ShowBotDatabase>()));
        services.AddSingleton<ICatalogStore, LiteCatalogStore>();
        services.AddSingleton<IRatingStore, LiteRatingStore>();
        services.AddSingleton<IPredictionQueue, LitePredictionQueue>();
        services.AddSingleton<ISuggestionMessageStore, LiteSuggestionMessageStore>();
        services.AddSingleton<IModelStore, LiteModelStore>();
        services.AddSingleton(new StorageFailures(ex => ex is LiteDB.LiteException));
        services.AddSingleton<IPersonalDataEraser, LitePersonalDataEraser>();
        services.AddSingleton<IIdentifyGate, InProcessIdentifyGate>();
        services.AddSingleton<IShardLease, InProcessShardLease>();
        return services;
    }

    /// <summary>
    /// Catalog, title matching, commands, reactions, the serving model, and of the hosted services those of this
    /// node's roles (<c>ShowBot:Roles</c>): the prediction worker (<c>worker</c>), retraining and the data retention
    /// (<c>scheduler</c>). The stores and services every role uses are there on every node.
    /// </summary>
    public static IServiceCollection AddShowBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        var roles = services.AddNodeRoles(configuration);
        services.AddValidatedOptions<RecommendationOptions>(configuration, RecommendationOptions.Section);
        services.AddValidatedOptions<PredictionWorkerOptions>(configuration, PredictionWorkerOptions.Section);
        services.AddSingleton(sp => ShowCatalog.LoadSeeded(sp.GetRequiredService<ICatalogStore>()));
        services.AddSingleton(sp => ShowContent.Knowledge(sp.GetRequiredService<ShowCatalog>(), ShowKnowledge.BuiltIn));
        services.AddSingleton(sp => new ServingModel(new DeployedModel("content", sp.GetRequiredService<KnowledgeModel>())));
        services.AddSingleton(ShowKnowledge.BuiltIn);
        services.AddSingleton<ShowRecommender>();
        services.AddSingleton<GroupRecommender>();
        services.AddSingleton<WatchTogether>();
        services.AddSingleton(sp => new RequestInterpreter(sp.GetRequiredService<ShowCatalog>(), ShowKnowledge.BuiltIn));
        services.TryAddSingleton(StorageFailures.OperatingSystemOnly);
        services.AddSingleton<PredictionSignal>();
        services.AddSingleton<PredictionAnswerer>();
        services.AddSingleton<ChatPlatforms>();
        services.AddSingleton<FatalStop>();
        services.AddSingleton<CommandHandler>();
        services.AddSingleton<ListsBeingPosted>();
        services.AddSingleton<ReactionHandler>();
        services.AddSingleton<ActionHandler>();
        services.AddShowBotLifecycle(configuration, roles.Has(NodeRole.Scheduler));
        if (roles.Has(NodeRole.Worker))
        {
            services.AddHostedService<PredictionWorker>();
        }

        services.AddValidatedOptions<RetentionOptions>(configuration, RetentionOptions.Section);
        services.AddSingleton<RatingSnapshots>();
        services.AddSingleton<DataRetention>();
        if (roles.Has(NodeRole.Scheduler))
        {
            // Beside the retraining it must not compact under: a run's snapshot is held in its own process only.
            services.AddHostedService<DataRetentionService>();
        }

        return services;
    }

    /// <summary>
    /// <c>ShowBot:Roles</c>, validated at start, said in the log and in <c>/showbot status</c>; returns them as
    /// configured, for the registrations to leave out the hosted services of a role this node lacks (a bad value
    /// stops the start before any of them runs).
    /// </summary>
    private static NodeRoles AddNodeRoles(this IServiceCollection services, IConfiguration configuration)
    {
        var roles = NodeRoles.Read(configuration);
        services.AddOptions<NodeRoles>().Configure(o => o.Names = roles.Names).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeRoles>>(new NodeRoles.Validator(StorageOpener.UsesPostgres(configuration)));
        services.AddSingleton(new ThisNode(NodeRoles.Describe(roles.Roles)));
        services.AddHostedService<NodeRolesAnnouncement>();
        return roles;
    }
}
