using System.Diagnostics;

using Microsoft.Extensions.DependencyInjection;

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
        Assert.True(bot.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "invalid session (resumable: False)"), bot.Logs.All);
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
