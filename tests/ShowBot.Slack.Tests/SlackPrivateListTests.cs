using System.Collections.Concurrent;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Slack.Outbound;
using ShowBot.Slack.Tests.Fakes;
using ShowBot.Storage;

namespace ShowBot.Slack.Tests;

/// <summary>A <c>/recommend</c> in a channel the bot may not post in: the list goes to the invoker privately, or the request fails.</summary>
public sealed class SlackPrivateListTests : FakeSlackTest
{
    private const string RequestKey = "slack:trigger-env-1";

    private readonly RecordingMessageStore saved = new();

    [Theory]
    [InlineData("not_in_channel")]
    [InlineData("channel_not_found")]
    public async Task The_list_goes_to_the_invoker_through_response_url_with_the_invite_hint_and_gets_no_reactions(string error)
    {
        await using var bot = await StartAsync();
        var socket = await Fake.WaitForSocketAsync(1);
        Fake.RejectPostsTo("CSECRET", error);

        await socket.SendAsync(SlashCommand());

        var queue = bot.Get<IPredictionQueue>();
        await Eventually.TrueAsync(() => queue.StateOf(RequestKey) == RequestState.Answered, "the request answered");
        var list = await Fake.WaitForCallAsync("response_url:r1", c => c.Body["blocks"] is not null);
        Assert.Equal("ephemeral", list.Body["response_type"]!.GetValue<string>());
        Assert.Equal("", list.Authorization);
        AssertPrivateList(list.Body);
        Assert.Single(Fake.CallsTo("chat.postMessage"));
        Assert.Empty(Fake.CallsTo("chat.postEphemeral"));

        var message = Assert.Single(saved.Saved);
        Assert.True(SlackChatPlatform.IsPrivate(message.Message), $"{message.Message} is not marked private");
        Assert.Equal(("CSECRET", 5), (message.Message.Channel, message.ShowIds.Count));
        await ListInAnOpenChannelReactedToAsync(socket);
        Assert.All(Fake.CallsTo("reactions.add"), c => Assert.Equal("C1", c.Body["channel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task With_the_response_url_expired_the_list_goes_through_chat_postEphemeral()
    {
        await using var bot = await StartAsync();
        var socket = await Fake.WaitForSocketAsync(1);
        Fake.RejectPostsTo("CSECRET", "is_archived");
        Fake.ExpireResponseUrl("r1");

        await socket.SendAsync(SlashCommand());

        var queue = bot.Get<IPredictionQueue>();
        await Eventually.TrueAsync(() => queue.StateOf(RequestKey) == RequestState.Answered, "the request answered");
        var ephemeral = await Fake.WaitForCallAsync("chat.postEphemeral");
        Assert.Equal(("CSECRET", "U2"), (ephemeral.Body["channel"]!.GetValue<string>(), ephemeral.Body["user"]!.GetValue<string>()));
        Assert.Equal("Bearer " + FakeSlack.BotToken, ephemeral.Authorization);
        AssertPrivateList(ephemeral.Body, "this channel is archived");
        Assert.Contains(Fake.CallsTo("response_url:r1"), c => c.Body["blocks"] is not null);

        var message = Assert.Single(saved.Saved);
        Assert.True(SlackChatPlatform.IsPrivate(message.Message), $"{message.Message} is not marked private");
        await ListInAnOpenChannelReactedToAsync(socket);
        Assert.All(Fake.CallsTo("reactions.add"), c => Assert.Equal("C1", c.Body["channel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task With_both_private_paths_failing_the_request_is_failed_at_once()
    {
        await using var bot = await StartAsync();
        var socket = await Fake.WaitForSocketAsync(1);
        Fake.RejectPostsTo("CSECRET", "not_in_channel");
        Fake.ExpireResponseUrl("r1");
        Fake.Reject("chat.postEphemeral", "CSECRET", "channel_not_found");

        await socket.SendAsync(SlashCommand());

        var queue = bot.Get<IPredictionQueue>();
        await Eventually.TrueAsync(() => queue.StateOf(RequestKey) == RequestState.Failed, "the request failed");
        await ListInAnOpenChannelReactedToAsync(socket);
        Assert.Single(Fake.CallsTo("chat.postMessage"), c => c.Body["channel"]!.GetValue<string>() == "CSECRET");
        Assert.Single(Fake.CallsTo("chat.postEphemeral"));
        Assert.All(Fake.CallsTo("reactions.add"), c => Assert.Equal("C1", c.Body["channel"]!.GetValue<string>()));
        Assert.DoesNotContain(saved.Saved, m => m.Message.Channel == "CSECRET");
        await Eventually.TrueAsync(() => queue.CountOutstanding() == 0, "both requests settled (the lane marks a request after storing its list)");
    }

    private Task<SlackBot> StartAsync() =>
        SlackBot.StartAsync(Fake, Data.DatabasePath, replace: services => services.AddSingleton<ISuggestionMessageStore>(sp =>
            saved.Around(ActivatorUtilities.CreateInstance<LiteSuggestionMessageStore>(sp))));

    /// <summary>
    /// A list asked for where the bot may post, answered and given its five reactions. Reactions are added one at a
    /// time in order, so a reaction owed to an earlier list would have been added before these.
    /// </summary>
    private async Task ListInAnOpenChannelReactedToAsync(FakeSocket socket)
    {
        await socket.SendAsync(SlackPayloads.SlashCommand("env-2", "/recommend", "Fargo", channel: "C1", responseUrl: Fake.ResponseUrl("r2")));
        await Eventually.TrueAsync(() => Fake.CallsTo("reactions.add").Count(c => c.Body["channel"]!.GetValue<string>() == "C1") == 5, "the open channel's list reacted to");
    }

    private JsonObject SlashCommand() =>
        SlackPayloads.SlashCommand("env-1", "/recommend", "Breaking Bad, The Wire", channel: "CSECRET", responseUrl: Fake.ResponseUrl("r1"));

    /// <summary>The channel's Block Kit list, with the reaction hint replaced by why it is private and how to invite the bot.</summary>
    private static void AssertPrivateList(JsonObject body, string why = "I'm not in this channel")
    {
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        var sections = blocks.Where(b => b!["type"]!.GetValue<string>() == "section").ToList();
        Assert.Equal(5, sections.Count);
        Assert.All(sections.Select(s => s!["text"]!["text"]!.GetValue<string>()), (s, i) => Assert.Matches($@"^\*{i + 1}\.\* \*<https://www\.imdb\.com/title/tt\d+/\|[^<>|]+>\*", s));
        var hint = blocks.Single(b => b!["type"]!.GetValue<string>() == "context")!["elements"]![0]!["text"]!.GetValue<string>();
        Assert.StartsWith("Only you can see this list, so it can't be rated with reactions", hint, StringComparison.Ordinal);
        Assert.Contains(why, hint, StringComparison.Ordinal);
        Assert.Contains($"/invite <@{FakeSlack.BotUserId}>", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("React with", body.ToJsonString(), StringComparison.Ordinal);
        var text = body["text"]!.GetValue<string>();
        Assert.Equal(5, SlackSuggestionLinkTests.Links(text).Count(l => l.Url.StartsWith("https://www.imdb.com/title/tt", StringComparison.Ordinal)));
        Assert.EndsWith("\n" + hint, text, StringComparison.Ordinal);
    }

    /// <summary>The host's suggestion message store, with every saved list recorded.</summary>
    private sealed class RecordingMessageStore
    {
        private readonly ConcurrentQueue<SuggestionMessage> messages = new();

        public IReadOnlyList<SuggestionMessage> Saved => messages.ToList();

        public ISuggestionMessageStore Around(ISuggestionMessageStore inner) => new Recording(inner, messages);

        private sealed class Recording(ISuggestionMessageStore inner, ConcurrentQueue<SuggestionMessage> messages) : ISuggestionMessageStore
        {
            public void Save(SuggestionMessage message)
            {
                messages.Enqueue(message);
                inner.Save(message);
            }

            public SuggestionMessage? Find(MessageRef message) => inner.Find(message);

            public IReadOnlyCollection<string> ShowsSuggestedTo(IReadOnlyCollection<UserKey> group) => inner.ShowsSuggestedTo(group);

            public int Prune(DateTimeOffset postedBefore) => inner.Prune(postedBefore);
        }
    }
}
