using System.Diagnostics;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Discord.Gateway;
using ShowBot.Discord.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Discord.Tests;

/// <summary>
/// A gateway that accepts and then says nothing, handlers that fail or get stuck: the bot keeps serving, and what it
/// reads but has not handled stays bounded.
/// </summary>
public sealed class GatewayResilienceTests(ITestOutputHelper output) : IDisposable
{
    // Long enough that a healthy connection's Hello arrives in time on a busy machine.
    private const string HelloTimeout = "00:00:02";
    private const string Rater = "800000000000000021";

    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_gateway_that_never_completes_the_handshake_or_never_says_Hello_is_left_and_the_bot_serves_from_the_next(bool hangHandshake)
    {
        await using var discord = await FakeDiscord.StartAsync();
        if (hangHandshake)
        {
            discord.HangHandshakes(1);
        }
        else
        {
            discord.WithholdHellos(1);
        }

        var started = Stopwatch.GetTimestamp();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, WithHelloTimeout());

        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready on the next connection");
        await AssertServesRecommendAsync(discord);
        output.WriteLine($"HelloTimeout {HelloTimeout}: serving {Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s after start, {discord.Connections.Count} connections");
        Assert.True(discord.Connections.Count >= 2, $"{discord.Connections.Count} connections");
        Assert.Single(discord.Identifies);
        var expected = hangHandshake ? "WebSocket handshake did not finish within 00:00:02" : "No Hello within 00:00:02";
        Assert.True(bot.Logs.Contains(LogLevel.Warning, expected), bot.Logs.All);
    }

    [Fact]
    public async Task A_resume_that_gets_no_Hello_is_retried_as_a_resume_and_the_events_sent_meanwhile_are_answered()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, WithHelloTimeout());
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        discord.WithholdHellos(1);
        discord.DropConnection();
        var (_, token, _) = await discord.SendCommandAsync("help", []);

        await Eventually.TrueAsync(() => discord.RequestsTo("PATCH", $"/{token}/").Any(), "the command sent while the bot was away answered");
        var paths = discord.Connections.Select(c => c.Path).ToList();
        Assert.Equal("/gateway", paths[0]);
        Assert.True(paths.Count >= 3, string.Join(", ", paths));
        Assert.All(paths.Skip(1), path => Assert.Equal("/resume", path));
        Assert.Single(discord.Resumes);
        Assert.Single(discord.Identifies);
        await AssertServesRecommendAsync(discord);
    }

    [Fact]
    public async Task A_resume_url_that_never_says_Hello_is_given_up_for_a_new_session()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, WithHelloTimeout());
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        discord.WithholdHellos(DiscordGateway.FailedResumesBeforeNewSession);
        discord.DropConnection();

        await Eventually.TrueAsync(() => discord.Identifies.Count == 2, "a new session", patience: TimeSpan.FromSeconds(60));
        await AssertServesRecommendAsync(discord);
        var paths = discord.Connections.Select(c => c.Path).ToList();
        Assert.Equal("/gateway", paths[0]);
        Assert.Equal("/gateway", paths[^1]);
        Assert.All(paths[1..^1], path => Assert.Equal("/resume", path));
        Assert.True(paths.Count - 2 >= DiscordGateway.FailedResumesBeforeNewSession, string.Join(", ", paths));
        Assert.Empty(discord.Resumes);
        Assert.True(bot.Logs.Contains(LogLevel.Warning, "giving the session up"), bot.Logs.All);
    }

    [Fact]
    public async Task A_reaction_that_cannot_be_saved_costs_only_itself_and_the_next_command_and_reaction_are_handled()
    {
        FaultyRatingStore store = null!;
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, replaceServices: FaultyRatingStore.Install(s => store = s));
        var list = await PostedListAsync(discord, bot);

        store.DiskFull = true;
        await discord.SendReactionAsync(list.MessageId, "1️⃣", Rater);
        await Eventually.TrueAsync(() => FailedDispatches(bot) == 1, "the failed reaction logged");
        var (_, rateToken, _) = await discord.SendCommandAsync("rate", [SlashCommandTests.Option("show", "The Wire")], userId: Rater);
        var rateAnswer = await discord.LastAsync("PATCH", $"/{rateToken}/", 1);

        store.DiskFull = false;
        await discord.SendReactionAsync(list.MessageId, "2️⃣", Rater);
        await AssertServesRecommendAsync(discord);

        var ratings = bot.Services.GetRequiredService<IRatingStore>();
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("discord", Rater)).Any(), "the second reaction stored");
        var stored = Assert.Single(ratings.ForUser(new UserKey("discord", Rater)));
        Assert.Equal(bot.Services.GetRequiredService<ISuggestionMessageStore>().Find(list)!.ShowIds[1], stored.ShowId);
        Assert.Equal("Sorry — something went wrong on my side. Please try again in a moment.", rateAnswer.Json.GetProperty("content").GetString());
        Assert.Equal(1, FailedDispatches(bot));
        Assert.Contains(bot.Logs.Lines, e => e.Level == LogLevel.Error && e.Text.StartsWith("Could not handle MESSAGE_REACTION_ADD dispatch", StringComparison.Ordinal));
        Assert.DoesNotContain(FakeDiscord.Token.Split('.')[2], bot.Logs.All, StringComparison.Ordinal);
        Assert.False(bot.Stopping);
    }

    [Fact]
    public async Task While_a_handler_is_stuck_the_bot_reads_at_most_a_queue_full_keeps_its_heartbeats_and_loses_nothing()
    {
        const int beyondCapacity = 100;
        FaultyRatingStore store = null!;
        await using var discord = await FakeDiscord.StartAsync();
        discord.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, replaceServices: FaultyRatingStore.Install(s => store = s));
        var list = await PostedListAsync(discord, bot);

        store.Block();
        var stuck = await discord.SendReactionAsync(list.MessageId, "1️⃣", Rater);
        await Eventually.TrueAsync(() => store.BlockedWrites == 1, "the reaction's handler stuck in a write");
        // The bot's own reactions are handled without touching storage, so each one shows in the log once handled.
        long last = 0;
        for (var i = 0; i < DiscordGateway.DispatchQueueCapacity + beyondCapacity; i++)
        {
            last = await discord.SendReactionAsync(list.MessageId, "2️⃣", FakeDiscord.BotUserId);
        }

        var lastQueued = stuck + DiscordGateway.DispatchQueueCapacity;
        await Eventually.TrueAsync(() => discord.HeartbeatSequences.Contains(lastQueued), "a heartbeat saying the queue is full");
        var beats = discord.Heartbeats;
        await Eventually.TrueAsync(() => discord.Heartbeats >= beats + 3, "heartbeats going on while reading waits");
        Assert.Single(discord.Connections);
        Assert.DoesNotContain(discord.HeartbeatSequences, s => s > lastQueued);
        Assert.True(last > lastQueued);
        output.WriteLine($"stuck at #{stuck}, sent up to #{last}, heartbeats said #{discord.HeartbeatSequences.Max()} while {discord.Heartbeats - beats} more went out");

        store.Release();
        await Eventually.TrueAsync(() => OwnReactionsIgnored(bot) == DiscordGateway.DispatchQueueCapacity + beyondCapacity, "every queued and unread reaction handled");
        await Eventually.TrueAsync(() => discord.HeartbeatSequences.Contains(last), "a heartbeat with the last sequence");
        Assert.Single(bot.Services.GetRequiredService<IRatingStore>().ForUser(new UserKey("discord", Rater)));
        Assert.Single(discord.Connections);
        Assert.Empty(discord.Resumes);
        Assert.True(bot.Logs.Contains(LogLevel.Warning, "reading paused until there is room"), bot.Logs.All);
        Assert.DoesNotContain(bot.Logs.Lines, e => e.Text.Contains("zombie", StringComparison.Ordinal));
        await AssertServesRecommendAsync(discord);
    }

    private static Dictionary<string, string?> WithHelloTimeout() => new() { ["ShowBot:Discord:HelloTimeout"] = HelloTimeout };

    internal static async Task AssertServesRecommendAsync(FakeDiscord discord, string guildId = FakeDiscord.GuildId)
    {
        var (_, token, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad")], guildId: guildId);
        var answer = await discord.LastAsync("PATCH", $"/{token}/", 1);
        Assert.True(answer.Json.TryGetProperty("embeds", out var embeds) && embeds.GetArrayLength() > 0, answer.Body);
    }

    /// <summary>A suggestion list posted by /recommend and stored, so reactions on it become ratings.</summary>
    internal static async Task<MessageRef> PostedListAsync(FakeDiscord discord, DiscordBotHost bot)
    {
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");
        await AssertServesRecommendAsync(discord);
        await Eventually.TrueAsync(() => !discord.Messages.IsEmpty, "the list as Discord stored it");
        var posted = discord.Messages.Last();
        var list = new MessageRef("discord", posted["channel_id"]!.GetValue<string>(), posted["id"]!.GetValue<string>());
        var lists = bot.Services.GetRequiredService<ISuggestionMessageStore>();
        await Eventually.TrueAsync(() => lists.Find(list) is not null, "the list stored");
        return list;
    }

    private static int FailedDispatches(DiscordBotHost bot) =>
        bot.Logs.Lines.Count(e => e.Text.StartsWith("Could not handle", StringComparison.Ordinal));

    private static int OwnReactionsIgnored(DiscordBotHost bot) =>
        bot.Logs.Lines.Count(e => e.Text.Contains(nameof(ReactionOutcome.IgnoredBotReaction), StringComparison.Ordinal));
}
