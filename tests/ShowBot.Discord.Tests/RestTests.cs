using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Discord.Tests.Fakes;

namespace ShowBot.Discord.Tests;

/// <summary>REST behaviour over the fake: rate limits, and where a reply goes once the interaction token is gone.</summary>
public sealed class RestTests : RunningBotTests
{
    [Fact]
    public async Task A_429_on_the_reaction_route_is_waited_out_and_no_reaction_is_lost()
    {
        Discord.InjectReactionRateLimits(3);
        var (_, token, _) = await Discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad"), SlashCommandTests.Option("count", 3)]);

        await Eventually.TrueAsync(() => Discord.RequestsTo("PUT", "/reactions/").Count() == 6, "three 429s and three reactions");

        var emojis = Discord.RequestsTo("PUT", "/reactions/").Select(r => r.RawTarget.Split('/')[^2]).ToList();
        Assert.Equal(["1%EF%B8%8F%E2%83%A3", "1%EF%B8%8F%E2%83%A3", "1%EF%B8%8F%E2%83%A3", "1%EF%B8%8F%E2%83%A3", "2%EF%B8%8F%E2%83%A3", "3%EF%B8%8F%E2%83%A3"], emojis);
        Assert.True(Bot.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "Rate limited"), Bot.Logs.All);
        Assert.Single(Discord.RequestsTo("PATCH", $"/{token}/"));
    }

    [Fact]
    public async Task A_reply_after_the_token_expired_by_age_goes_to_the_channel()
    {
        var platform = Bot.Services.GetRequiredService<ChatPlatforms>();
        var target = new DiscordReplyTarget(FakeDiscord.ApplicationId, "old-token", FakeDiscord.ChannelId, DateTimeOffset.UtcNow.AddMinutes(-16)).ToReplyTarget();

        var posted = await platform.SendAsync(target, new TextReply("Hello @everyone"), CancellationToken.None);

        var post = Assert.Single(Discord.RequestsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages"));
        Assert.Empty(Discord.RequestsTo("PATCH", "/old-token/"));
        Assert.Equal(new MessageRef("discord", FakeDiscord.ChannelId, Discord.Messages.Last()["id"]!.GetValue<string>()), posted);
        Assert.Equal("Hello @\u200Beveryone", post.Json.GetProperty("content").GetString());
        Assert.Equal(0, post.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
    }

    [Fact]
    public async Task A_reply_whose_token_Discord_rejects_goes_to_the_channel()
    {
        Discord.ExpiredTokens["rejected-token"] = true;
        var platform = Bot.Services.GetRequiredService<ChatPlatforms>();
        var target = new DiscordReplyTarget(FakeDiscord.ApplicationId, "rejected-token", FakeDiscord.ChannelId, DateTimeOffset.UtcNow).ToReplyTarget();

        await platform.SendAsync(target, new TextReply("Late answer"), CancellationToken.None);

        Assert.Single(Discord.RequestsTo("PATCH", "/rejected-token/"));
        Assert.Single(Discord.RequestsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages"));
    }

    [Fact]
    public async Task A_follow_up_after_the_token_expired_by_age_goes_to_the_channel()
    {
        var platform = Bot.Services.GetRequiredService<ChatPlatforms>();
        var target = new DiscordReplyTarget(FakeDiscord.ApplicationId, "old-token", FakeDiscord.ChannelId, DateTimeOffset.UtcNow.AddMinutes(-16), FollowUp: true).ToReplyTarget();

        var posted = await platform.SendAsync(target, new TextReply("Deployed v2"), CancellationToken.None);

        var post = Assert.Single(Discord.RequestsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages"));
        Assert.Empty(Discord.RequestsTo("POST", "/webhooks/"));
        Assert.Equal("Deployed v2", post.Json.GetProperty("content").GetString());
        Assert.False(post.Json.TryGetProperty("flags", out _));
        Assert.Equal(new MessageRef("discord", FakeDiscord.ChannelId, Discord.Messages.Last()["id"]!.GetValue<string>()), posted);
    }

    [Fact]
    public async Task A_follow_up_whose_token_Discord_rejects_goes_to_the_channel()
    {
        Discord.ExpiredTokens["rejected-token"] = true;
        var platform = Bot.Services.GetRequiredService<ChatPlatforms>();
        var target = new DiscordReplyTarget(FakeDiscord.ApplicationId, "rejected-token", FakeDiscord.ChannelId, DateTimeOffset.UtcNow, FollowUp: true).ToReplyTarget();

        await platform.SendAsync(target, new TextReply("Deployed v2"), CancellationToken.None);

        Assert.Equal(64, Assert.Single(Discord.RequestsTo("POST", "/webhooks/")).Json.GetProperty("flags").GetInt32());
        Assert.Empty(Discord.RequestsTo("PATCH", "/rejected-token/"));
        Assert.False(Assert.Single(Discord.RequestsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages")).Json.TryGetProperty("flags", out _));
    }

    [Fact]
    public async Task A_repeated_interaction_is_acknowledged_once_and_not_answered_again()
    {
        var first = await Discord.SendCommandAsync("help", []);
        await Eventually.TrueAsync(() => Discord.RequestsTo("PATCH", $"/{first.Token}/").Any(), "the answer");

        await Discord.DispatchAsync("INTERACTION_CREATE", JsonNode.Parse($$$"""
            {"id":"{{{first.Id}}}","application_id":"{{{FakeDiscord.ApplicationId}}}","type":2,"token":"{{{first.Token}}}","channel_id":"{{{FakeDiscord.ChannelId}}}",
             "member":{"user":{"id":"800000000000000001"},"permissions":"0"},"data":{"name":"help","type":1}}
            """)!);

        await Eventually.TrueAsync(() => Discord.RequestsTo("POST", $"/interactions/{first.Id}/").Count() == 2, "the second acknowledgement attempt");
        // Logged once the redelivery's handling has ended: an answer to it could only have come before.
        await Eventually.TrueAsync(() => Bot.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Information, "/help not handled: Discord refused the acknowledgement"), "the redelivery left unanswered");
        Assert.Single(Discord.RequestsTo("PATCH", $"/{first.Token}/"));
    }
}
