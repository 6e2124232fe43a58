using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Discord.Tests.Fakes;

namespace ShowBot.Discord.Tests;

/// <summary>The gateway's life over the fake: heartbeats, resume, re-identify, fatal close codes, restarts, and what the logs never say.</summary>
public sealed class GatewaySessionTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Heartbeats_are_sent_and_acknowledged_on_a_healthy_connection()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.HeartbeatInterval = TimeSpan.FromMilliseconds(150);
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);

        await Eventually.TrueAsync(() => discord.Heartbeats >= 3, "three heartbeats");

        Assert.Single(discord.Connections);
        Assert.Single(discord.Identifies);
    }

    [Fact]
    public async Task A_dropped_socket_is_resumed_and_the_events_sent_meanwhile_are_handled_exactly_once()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");
        var before = await discord.SendCommandAsync("help", []);
        await Eventually.TrueAsync(() => discord.RequestsTo("POST", $"/interactions/{before.Id}/").Any(), "the first command acknowledged");

        discord.ReplayOverlapping = true;
        discord.DropConnection();
        var during = await discord.SendCommandAsync("help", []);
        var alsoDuring = await discord.SendCommandAsync("likes", []);

        await Eventually.TrueAsync(() => discord.RequestsTo("PATCH", $"/{alsoDuring.Token}/").Any(), "the commands sent while disconnected answered");
        var resume = Assert.Single(discord.Resumes);
        Assert.Equal("/resume", resume.Path);
        Assert.Equal(FakeDiscord.Token, resume.Payload.GetProperty("token").GetString());
        Assert.Equal(2, resume.Payload.GetProperty("seq").GetInt64());
        Assert.Single(discord.Identifies);
        Assert.Single(discord.RequestsTo("POST", $"/interactions/{before.Id}/"));
        Assert.Single(discord.RequestsTo("POST", $"/interactions/{during.Id}/"));
        Assert.Single(discord.RequestsTo("POST", $"/interactions/{alsoDuring.Id}/"));
        Assert.Single(discord.RequestsTo("PUT", "/commands"));
    }

    [Fact]
    public async Task Reconnect_op_7_resumes_on_the_resume_url()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        await discord.SendOpAsync(7, null);

        await Eventually.TrueAsync(() => discord.Resumes.Count == 1, "a resume");
        Assert.Equal("/resume", discord.Connections.Last().Path);
        Assert.Single(discord.Identifies);
        await Eventually.TrueAsync(() => !discord.CloseCodesFromBot.IsEmpty, "the old connection closed");
        Assert.NotEqual(1000, discord.CloseCodesFromBot.First());
    }

    [Fact]
    public async Task A_zombie_connection_without_acks_is_dropped_and_resumed()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
        discord.AckHeartbeats = false;
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);

        await Eventually.TrueAsync(() => !discord.Resumes.IsEmpty, "a resume after missed ACKs");

        discord.AckHeartbeats = true;
        Assert.Single(discord.Identifies);
        Assert.DoesNotContain(1000, discord.CloseCodesFromBot);
        Assert.True(bot.Logs.Contains(LogLevel.Warning, "zombie"), bot.Logs.All);
    }

    [Fact]
    public async Task Invalid_session_that_cannot_be_resumed_identifies_again_after_a_pause()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        await discord.SendOpAsync(9, false);

        await Eventually.TrueAsync(() => discord.Identifies.Count == 2, "a second identify");
        Assert.Empty(discord.Resumes);
        var (_, token, _) = await discord.SendCommandAsync("help", []);
        await Eventually.TrueAsync(() => discord.RequestsTo("PATCH", $"/{token}/").Any(), "a command on the new session answered");
    }

    [Fact]
    public async Task Invalid_session_that_can_be_resumed_resumes()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        await discord.SendOpAsync(9, true);

        await Eventually.TrueAsync(() => discord.Resumes.Count == 1, "a resume");
        Assert.Single(discord.Identifies);
    }

    [Theory]
    [InlineData(4004, "authentication failed")]
    [InlineData(4014, "disallowed intents")]
    public async Task A_close_code_that_reconnecting_cannot_fix_stops_the_application_without_a_loop(int closeCode, string explanation)
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        await discord.CloseAsync(closeCode, "closed by the test");

        await Eventually.TrueAsync(() => bot.Stopping, "the application stopping");
        await bot.StoppedAsync();
        Assert.Single(discord.Connections);
        Assert.True(bot.Logs.Contains(LogLevel.Critical, explanation), bot.Logs.All);
        var reason = bot.Services.GetRequiredService<FatalStop>().Reason;
        Assert.NotNull(reason);
        Assert.Contains($"closed the gateway with {closeCode}: {explanation}", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscord.Token.Split('.')[2], reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_rejected_by_gateway_bot_stops_the_application_and_records_the_setting_to_fix()
    {
        const string revoked = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.RevokedTokenRevokedTokenRevoked1";
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, new Dictionary<string, string?> { ["ShowBot:Discord:Token"] = revoked });

        await Eventually.TrueAsync(() => bot.Stopping, "the application stopping");

        var reason = bot.Services.GetRequiredService<FatalStop>().Reason;
        Assert.NotNull(reason);
        Assert.Contains("(401)", reason, StringComparison.Ordinal);
        Assert.Contains("ShowBot:Discord:Token", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(revoked.Split('.')[2], reason, StringComparison.Ordinal);
        Assert.Empty(discord.Connections);
    }

    [Fact]
    public async Task A_resumable_close_code_resumes()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        await discord.CloseAsync(4000, "unknown error");

        await Eventually.TrueAsync(() => discord.Resumes.Count == 1, "a resume");
        Assert.False(bot.Stopping);
    }

    [Fact]
    public async Task A_reaction_on_a_list_posted_before_a_restart_still_becomes_a_rating()
    {
        string messageId;
        await using (var discord = await FakeDiscord.StartAsync())
        {
            await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
            await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");
            var (_, token, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad")]);
            await Eventually.TrueAsync(() => !discord.Messages.IsEmpty, "the suggestions");
            var posted = discord.Messages.Last();
            messageId = posted["id"]!.GetValue<string>();
            var list = new MessageRef("discord", posted["channel_id"]!.GetValue<string>(), messageId);
            var lists = bot.Services.GetRequiredService<ISuggestionMessageStore>();
            await Eventually.TrueAsync(() => lists.Find(list) is not null, "the list stored before the bot goes down");
        }

        await using var discordAfter = await FakeDiscord.StartAsync();
        await using var botAfter = await DiscordBotHost.StartAsync(discordAfter, data.DatabasePath);
        await Eventually.TrueAsync(() => discordAfter.RequestsTo("PUT", "/commands").Any(), "ready after the restart");

        await discordAfter.SendReactionAsync(messageId, "1️⃣", "800000000000000009");

        var ratings = botAfter.Services.GetRequiredService<IRatingStore>();
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("discord", "800000000000000009")).Any(), "the rating");
        Assert.Equal(RatingSource.Reaction, Assert.Single(ratings.ForUser(new UserKey("discord", "800000000000000009"))).Source);
    }

    [Fact]
    public async Task The_bot_token_never_appears_in_the_logs()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.HeartbeatInterval = TimeSpan.FromMilliseconds(150);
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");
        var (_, token, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "The Wire")]);
        await Eventually.TrueAsync(() => discord.RequestsTo("PATCH", $"/{token}/").Any(), "the suggestions");
        discord.DropConnection();
        await Eventually.TrueAsync(() => discord.Resumes.Count == 1, "a resume");
        await discord.CloseAsync(4004, "Authentication failed.");
        await Eventually.TrueAsync(() => bot.Stopping, "the application stopping");

        Assert.True(bot.Logs.Lines.Count > 10, bot.Logs.All);
        Assert.DoesNotContain(FakeDiscord.Token, bot.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscord.Token.Split('.')[2], bot.Logs.All, StringComparison.Ordinal);
    }
}
