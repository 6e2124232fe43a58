using System.Diagnostics;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ShowBot.Core.Ratings;
using ShowBot.Discord.Tests.Fakes;

namespace ShowBot.Discord.Tests;

/// <summary>
/// Several shards on one node: a gateway session per shard, events routed by server as Discord routes them, identifies
/// spaced per bucket (<c>shard_id % max_concurrency</c>) as Discord requires, and each shard reconnecting on its own.
/// </summary>
public sealed class GatewayShardingTests : IDisposable
{
    private const string Rater = "800000000000000031";

    private static readonly TimeSpan LeaseRetry = TimeSpan.FromSeconds(1);

    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_node_running_shards_0_1_of_2_identifies_each_on_a_connection_of_its_own_and_a_reaction_in_a_server_on_shard_1_becomes_a_rating()
    {
        await using var discord = await ShardedDiscordAsync(2, identifyInterval: TimeSpan.FromMilliseconds(300));
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, Shards("0-1", 2));
        await Eventually.TrueAsync(() => discord.SessionId(1) is not null, "shard 1's session");
        var list = await GatewayResilienceTests.PostedListAsync(discord, bot);

        await discord.SendReactionAsync(list.MessageId, "1️⃣", Rater, guildId: FakeDiscord.GuildOnShard(1, 2));

        var ratings = bot.Services.GetRequiredService<IRatingStore>();
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("discord", Rater)).Any(), "the reaction's rating");
        Assert.Equal([[0, 2], [1, 2]], IdentifiedShards(discord));
        Assert.Equal(["/gateway", "/gateway"], discord.Connections.Select(c => c.Path));
        Assert.NotEqual(discord.SessionId(0), discord.SessionId(1));
        Assert.Equal(["READY"], discord.Dispatched(0));
        Assert.Contains("MESSAGE_REACTION_ADD", discord.Dispatched(1));
        Assert.Single(discord.RequestsTo("PUT", "/commands"));
    }

    [Fact]
    public async Task Identifies_in_one_bucket_come_an_interval_apart_and_Discord_refuses_none()
    {
        await using var discord = await ShardedDiscordAsync(3, identifyInterval: TimeSpan.FromMilliseconds(500));
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, Shards("0-2", 3));

        await Eventually.TrueAsync(() => discord.IdentifyAttempts.Count(a => !a.Refused) == 3, "three sessions started");

        var attempts = discord.IdentifyAttempts.ToList();
        Assert.DoesNotContain(attempts, a => a.Refused);
        Assert.Equal([0, 1, 2], attempts.Select(a => a.ShardId).Order());
        var gaps = attempts.Zip(attempts.Skip(1), (earlier, later) => Stopwatch.GetElapsedTime(earlier.At, later.At)).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= discord.IdentifyInterval, $"identifies {gap.TotalMilliseconds:F0} ms apart"));
    }

    [Fact]
    public async Task An_identify_too_soon_in_its_bucket_gets_an_invalid_session_as_from_Discord_and_the_shard_identifies_again_later()
    {
        await using var discord = await ShardedDiscordAsync(2);
        // A bot that does not wait its turn, as two nodes sharing no gate would be: both shards identify at once.
        await using var bot = await DiscordBotHost.StartAsync(
            discord, data.DatabasePath, Shards("0-1", 2), services => services.Configure<DiscordOptions>(o => o.IdentifyInterval = TimeSpan.Zero));

        await Eventually.TrueAsync(() => discord.IdentifyAttempts.Count(a => !a.Refused) == 2, "both sessions started");

        var accepted = discord.IdentifyAttempts.Where(a => !a.Refused).ToList();
        Assert.Contains(discord.IdentifyAttempts, a => a.Refused && a.ShardId == accepted[1].ShardId);
        Assert.True(Stopwatch.GetElapsedTime(accepted[0].At, accepted[1].At) >= discord.IdentifyInterval);
        Assert.True(bot.Logs.Contains(LogLevel.Warning, "invalid session (resumable: False)"), bot.Logs.All);
        Assert.NotNull(discord.SessionId(0));
        Assert.NotNull(discord.SessionId(1));
    }

    [Fact]
    public async Task With_max_concurrency_2_two_shards_in_different_buckets_identify_without_waiting_for_each_other()
    {
        // An interval far longer than the wait below: a shard that waited for the other's would not be ready in time.
        await using var discord = await ShardedDiscordAsync(2, maxConcurrency: 2, identifyInterval: TimeSpan.FromMinutes(2));
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, Shards("0-1", 2));

        await Eventually.TrueAsync(() => discord.IdentifyAttempts.Count(a => !a.Refused) == 2, "both sessions started", patience: TimeSpan.FromSeconds(60));

        Assert.DoesNotContain(discord.IdentifyAttempts, a => a.Refused);
        Assert.Equal([[0, 2], [1, 2]], IdentifiedShards(discord));
    }

    [Fact]
    public async Task One_shards_dropped_connection_is_resumed_while_the_other_shard_serves_undisturbed()
    {
        await using var discord = await ShardedDiscordAsync(2, maxConcurrency: 2);
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, Shards("0-1", 2));
        await Eventually.TrueAsync(() => discord.SessionId(1) is not null, "shard 1's session");
        var list = await GatewayResilienceTests.PostedListAsync(discord, bot);
        var (shard0, shard1) = (discord.SessionId(0), discord.SessionId(1));

        discord.DropConnection(shardId: 1);
        await discord.SendReactionAsync(list.MessageId, "2️⃣", Rater, guildId: FakeDiscord.GuildOnShard(1, 2));
        await GatewayResilienceTests.AssertServesRecommendAsync(discord, guildId: FakeDiscord.GuildOnShard(0, 2));

        var ratings = bot.Services.GetRequiredService<IRatingStore>();
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("discord", Rater)).Any(), "the reaction sent while shard 1 was away");
        var resume = Assert.Single(discord.Resumes);
        Assert.Equal(shard1, resume.Payload.GetProperty("session_id").GetString());
        Assert.Equal(2, discord.Identifies.Count);
        Assert.Equal(3, discord.Connections.Count);
        Assert.Equal(shard0, discord.SessionId(0));
        Assert.Equal(shard1, discord.SessionId(1));
        Assert.Equal([null], discord.CloseCodesFromBot);
    }

    [SkippableFact]
    public async Task Two_nodes_on_one_database_configured_with_the_same_shard_run_it_once_and_the_other_takes_it_over_within_the_retry_once_its_holder_stops()
    {
        using var schema = new TestPostgres.Schema();
        await using var discord = await ShardedDiscordAsync(1, identifyInterval: TimeSpan.FromMilliseconds(200));
        var (holder, standby) = await HolderAndStandbyAsync(discord, schema);
        await using var holderNode = holder;
        await using var standbyNode = standby;
        Assert.Single(discord.Connections);
        Assert.Single(discord.Identifies);
        Assert.True(holder.Logs.Contains(1003), holder.Logs.All);

        holder.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await holder.StoppedAsync();
        await Eventually.TrueAsync(() => discord.Identifies.Count == 2 && discord.SessionId(0) is not null, "node b's session", patience: LeaseRetry + TimeSpan.FromSeconds(2));

        Assert.Equal([[0, 1], [0, 1]], IdentifiedShards(discord));
        Assert.True(standby.Logs.Contains(1020), standby.Logs.All);
        Assert.Single(standby.Logs.Lines, l => l.EventId == 1019);
        Assert.DoesNotContain(discord.IdentifyAttempts, a => a.Refused);
    }

    [SkippableFact]
    public async Task A_node_whose_lease_connection_fails_closes_the_shards_session_and_waits_while_the_other_node_takes_it()
    {
        using var schema = new TestPostgres.Schema();
        await using var discord = await ShardedDiscordAsync(1, identifyInterval: TimeSpan.FromMilliseconds(200));
        var (holder, standby) = await HolderAndStandbyAsync(discord, schema);
        await using var holderNode = holder;
        await using var standbyNode = standby;

        // The holder's process lives on, but its lease connection is gone.
        Assert.True(TestPostgres.TerminateShardLeaseHolders(schema.ConnectionString));

        await Eventually.TrueAsync(() => discord.Identifies.Count == 2 && holder.Logs.Contains(1019), "node b's session, and node a waiting");
        Assert.True(holder.Logs.Contains(LogLevel.Warning, "its lease could not be vouched for"), holder.Logs.All);
        Assert.Single(discord.CloseCodesFromBot);
        Assert.Equal(2, discord.Connections.Count);
        Assert.True(standby.Logs.Contains(1020), standby.Logs.All);
    }

    /// <summary>Node a, holding shard 0 of 1 with a session open, and node b, configured with the same shard, having found it held.</summary>
    private async Task<(DiscordBotHost Holder, DiscordBotHost Standby)> HolderAndStandbyAsync(FakeDiscord discord, TestPostgres.Schema schema)
    {
        var holder = await StartLeasingNodeAsync(discord, schema, "a");
        await Eventually.TrueAsync(() => discord.SessionId(0) is not null, "node a's session");
        var standby = await StartLeasingNodeAsync(discord, schema, "b");
        await Eventually.TrueAsync(() => standby.Logs.Contains(1019), "node b finding the shard held");
        return (holder, standby);
    }

    private Task<DiscordBotHost> StartLeasingNodeAsync(FakeDiscord discord, TestPostgres.Schema schema, string name) =>
        DiscordBotHost.StartAsync(discord, data.DatabasePath, new Dictionary<string, string?>(Shards("0", 1))
        {
            ["ShowBot:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:ShowBot"] = schema.ConnectionString,
            ["ShowBot:Storage:NodeName"] = name,
            ["ShowBot:Discord:ShardLeaseRetry"] = LeaseRetry.ToString(),
        });

    /// <summary>A fake Discord recommending <paramref name="shards"/> shards, with the identify rule of <paramref name="maxConcurrency"/> buckets (Discord's 5 s unless told).</summary>
    private static async Task<FakeDiscord> ShardedDiscordAsync(int shards, int maxConcurrency = 1, TimeSpan? identifyInterval = null)
    {
        var discord = await FakeDiscord.StartAsync();
        discord.RecommendedShards = shards;
        discord.MaxConcurrency = maxConcurrency;
        discord.IdentifyInterval = identifyInterval ?? discord.IdentifyInterval;
        return discord;
    }

    private static Dictionary<string, string?> Shards(string shards, int shardCount) => new()
    {
        ["ShowBot:Discord:Shards"] = shards,
        ["ShowBot:Discord:ShardCount"] = shardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static List<int[]> IdentifiedShards(FakeDiscord discord) =>
        [.. discord.Identifies.Select(i => i.GetProperty("shard").EnumerateArray().Select(n => n.GetInt32()).ToArray()).OrderBy(shard => shard[0])];
}
