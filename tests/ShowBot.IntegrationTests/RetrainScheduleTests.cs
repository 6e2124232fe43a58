using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

using Quartz;

using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.IntegrationTests;

/// <summary>The real host with Quartz's scheduler on a fake clock: the nightly cron retrains and deploys.</summary>
public class RetrainScheduleTests
{
    private static readonly string[][] Tastes =
    [
        ["tt0903747", "tt0306414", "tt2707408", "tt5071412", "tt2802850", "tt3032476"],
        ["tt0108778", "tt0386676", "tt1266020", "tt0290978", "tt0098904", "tt0367279"],
    ];

    /// <summary>People in two tastes over built-in catalog shows, written straight into the database file.</summary>
    internal static void SeedRatings(string databasePath, int people, DateTimeOffset at, string prefix = "u")
    {
        using var database = new ShowBotDatabase(databasePath);
        SeedRatings(new LiteRatingStore(database), people, at, prefix);
    }

    /// <summary>People of two tastes, each liking most shows of theirs: enough for a model to learn from.</summary>
    internal static void SeedRatings(IRatingStore ratings, int people, DateTimeOffset at, string prefix = "u") =>
        ratings.UpsertMany(Enumerable.Range(0, people).SelectMany(i =>
            Tastes[i % 2].Where((_, n) => (i + n) % 7 != 0).Select(show => new Rating(new UserKey("import", $"{prefix}{i}"), show, RatingKind.Like, RatingSource.Import, at))));

    /// <summary>The same people, stored through the host's stores on a PostgreSQL database.</summary>
    internal static void SeedRatingsOnPostgres(string connectionString, int people, string prefix = "u")
    {
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["ShowBot:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:ShowBot"] = connectionString,
        });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        using var host = builder.Build();
        SeedRatings(host.Services.GetRequiredService<IRatingStore>(), people, DateTimeOffset.UtcNow, prefix);
    }

    /// <summary>One more like, through the host's store: a model trained after it is not the one trained before.</summary>
    internal static void LikeOneMore(IServiceProvider services, DateTimeOffset at) =>
        services.GetRequiredService<IRatingStore>().Upsert(new Rating(new UserKey("import", "latecomer"), Tastes[0][0], RatingKind.Like, RatingSource.Import, at));

    /// <summary>The stored artifact of <paramref name="version"/> (<c>artifacts/&lt;sha256&gt;</c>), read from the closed file.</summary>
    internal static string ArtifactOf(string databasePath, string version)
    {
        using var database = new ShowBotDatabase(databasePath);
        return new DatabaseMaintenance(database).Check().Artifacts.Single(a => a.Versions.Contains(version)).Id;
    }

    private static IHost BuildHost(TempDirectory data, TimeProvider clock)
    {
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
            ["ShowBot:Retraining:MinLikes"] = "100",
            ["ShowBot:Retraining:MinNewRatings"] = "10",
            ["ShowBot:Retraining:Candidates:0"] = "item-knn",
        });
        builder.Services.AddSingleton(clock);
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task At_the_scheduled_time_the_job_retrains_on_the_new_ratings_and_deploys_the_new_version()
    {
        using var data = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        SeedRatings(data.DatabasePath, 80, clock.GetUtcNow());
        using (var first = BuildHost(data, clock))
        {
            await first.StartAsync();
            var models = first.Services.GetRequiredService<IModelStore>();
            await Eventually.TrueAsync(() => models.Deployed?.Version == "v1");
            await first.StopAsync();
        }

        SeedRatings(data.DatabasePath, 20, clock.GetUtcNow(), prefix: "night");
        using var host = BuildHost(data, clock);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IModelStore>();
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), await host.Services.GetRequiredService<IRetrainScheduler>().NextRunAsync(CancellationToken.None));
        Assert.Equal("v1", store.Deployed!.Version);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => store.Deployed?.Version == "v2");
        await host.StopAsync();

        var v2 = store.Find("v2")!;
        Assert.True(v2.Data.LastChange > store.Find("v1")!.Data.LastChange);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 0, 1, TimeSpan.Zero), v2.CreatedAt);
    }

    [Fact]
    public async Task Two_triggers_at_once_run_one_training()
    {
        using var data = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        SeedRatings(data.DatabasePath, 80, clock.GetUtcNow());
        using var host = BuildHost(data, clock);
        var runs = new FinishedRuns();
        var quartz = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        quartz.ListenerManager.AddJobListener(runs);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IModelStore>();
        // The run the start triggers finishes first, as v1: the store has it a moment before Quartz has the run done.
        await Eventually.TrueAsync(() => runs.Outcomes.Count == 1 && store.Deployed?.Version == "v1", "the start's run deployed v1");
        host.Services.GetRequiredService<IRatingStore>().UpsertMany(Enumerable.Range(0, 40).Select(i =>
            new Rating(new UserKey("console", $"late{i}"), "tt0903747", RatingKind.Like, RatingSource.Reaction, clock.GetUtcNow())));

        var scheduler = host.Services.GetRequiredService<IRetrainScheduler>();
        await Task.WhenAll(
            scheduler.TriggerNowAsync(notify: null, force: false, CancellationToken.None),
            scheduler.TriggerNowAsync(notify: null, force: false, CancellationToken.None));
        await Eventually.TrueAsync(() => runs.Outcomes.Count == 3, "both triggered runs finished");
        await host.StopAsync();

        Assert.Equal([RetrainResult.Deployed, RetrainResult.Skipped], runs.Outcomes.Skip(1).Select(o => o.Result).Order());
        Assert.Equal(["v2", "v1"], store.Recent(10).Select(v => v.Version));
    }

    /// <summary>The outcome of every retraining run Quartz finished while listening.</summary>
    private sealed class FinishedRuns : IJobListener
    {
        public string Name => "finished-runs";

        public System.Collections.Concurrent.ConcurrentQueue<RetrainOutcome> Outcomes { get; } = new();

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            Outcomes.Enqueue((RetrainOutcome)context.Result!);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_damaged_artifact_found_at_start_is_marked_corrupt_and_the_previous_version_serves()
    {
        using var data = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        SeedRatings(data.DatabasePath, 80, clock.GetUtcNow());
        using (var first = BuildHost(data, clock))
        {
            await first.StartAsync();
            var models = first.Services.GetRequiredService<IModelStore>();
            await Eventually.TrueAsync(() => models.Deployed?.Version == "v1");
            LikeOneMore(first.Services, clock.GetUtcNow());
            Assert.Equal(RetrainResult.Deployed, (await RetrainWhenFreeAsync(first.Services.GetRequiredService<ModelLifecycle>())).Result);
            await first.StopAsync();
        }

        DamageArtifact(data.DatabasePath, ArtifactOf(data.DatabasePath, "v2"));
        using var host = BuildHost(data, clock);
        await host.StartAsync();

        var store = host.Services.GetRequiredService<IModelStore>();
        Assert.Equal("v1", host.Services.GetRequiredService<ShowBot.Core.Recommendations.ServingModel>().Current.Version);
        Assert.Equal("v1", store.Deployed!.Version);
        Assert.Equal(ModelStatus.Corrupt, store.Find("v2")!.Status);
        await host.StopAsync();
    }

    /// <summary>Retrains as soon as the start-up run (which deployed v1 a moment before it ends) has let go.</summary>
    internal static async Task<RetrainOutcome> RetrainWhenFreeAsync(ModelLifecycle lifecycle)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var outcome = await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
            if (outcome.Result != RetrainResult.AlreadyRunning || DateTime.UtcNow > deadline)
            {
                return outcome;
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Flips bytes in the middle of a stored artifact, as a bad disk or a torn write would.</summary>
    private static void DamageArtifact(string databasePath, string fileId)
    {
        using var lite = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = databasePath, Connection = LiteDB.ConnectionType.Direct, Collation = LiteDB.Collation.Binary });
        var chunks = lite.GetCollection("_model_chunks");
        var chunk = chunks.Find(LiteDB.Query.EQ("_id.f", fileId)).First();
        var bytes = chunk["data"].AsBinary;
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        chunk["data"] = bytes;
        chunks.Update(chunk);
    }

}
