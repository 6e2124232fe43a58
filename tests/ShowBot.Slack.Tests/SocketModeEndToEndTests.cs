using System.Diagnostics;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Slack.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Slack.Tests;

public sealed class SocketModeEndToEndTests(ITestOutputHelper output) : FakeSlackTest
{
    [Fact]
    public async Task A_slash_command_is_acked_within_3_s_and_answered_with_a_posted_message_and_reactions()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        var sentAt = await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "Breaking Bad, The Wire"));
        var (ack, ackedAt) = await socket.WaitForAckAsync("env-1");
        var post = await Fake.WaitForCallAsync("chat.postMessage");

        var toAck = Stopwatch.GetElapsedTime(sentAt, ackedAt);
        var toPost = Stopwatch.GetElapsedTime(sentAt, post.At);
        output.WriteLine($"first (cold): envelope → ack {toAck.TotalMilliseconds:F1} ms; envelope → chat.postMessage {toPost.TotalMilliseconds:F1} ms");
        Assert.True(toAck < TimeSpan.FromSeconds(3), $"acked after {toAck}");
        Assert.Equal("ephemeral", ack["payload"]?["response_type"]?.GetValue<string>());
        Assert.Contains("Looking for shows like Breaking Bad, The Wire", ack["payload"]?["text"]?.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal("Bearer " + FakeSlack.BotToken, post.Authorization);
        Assert.Equal("C1", post.Body["channel"]?.GetValue<string>());
        var blocks = post.Body["blocks"]!.AsArray();
        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        var sections = blocks.Where(b => b!["type"]!.GetValue<string>() == "section").ToList();
        Assert.Equal(5, sections.Count);
        Assert.All(sections.Select(s => s!["text"]!["text"]!.GetValue<string>()), (s, i) => Assert.Matches($@"^\*{i + 1}\.\* \*<https://www\.imdb\.com/title/tt\d+/\|[^<>|]+>\*", s));
        Assert.All(sections, s => Assert.Equal(3, s!["text"]!["text"]!.GetValue<string>().Split('\n').Length));
        Assert.Equal(5, SlackSuggestionLinkTests.Links(post.Body["text"]!.GetValue<string>()).Count(l => l.Url.StartsWith("https://www.imdb.com/title/tt", StringComparison.Ordinal)));
        Assert.Contains(" 1. <https://www.imdb.com/title/tt", post.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var ts = FakeTs(1);
        await Eventually.TrueAsync(() => Fake.CallsTo("reactions.add").Count == 5, "five reactions");
        Assert.Equal(["one", "two", "three", "four", "five"], Fake.CallsTo("reactions.add").Select(c => c.Body["name"]!.GetValue<string>()));
        Assert.All(Fake.CallsTo("reactions.add"), c => Assert.Equal(ts, c.Body["timestamp"]!.GetValue<string>()));
        await Eventually.TrueAsync(() => bot.Get<ISuggestionMessageStore>().Find(new MessageRef(SlackPlatform.Name, "C1", ts)) is not null, "the list stored");

        var warmSentAt = await socket.SendAsync(SlackPayloads.SlashCommand("env-2", "/recommend", "Fargo", channel: "C2"));
        var (_, warmAckedAt) = await socket.WaitForAckAsync("env-2");
        var warmPost = await Fake.WaitForCallAsync("chat.postMessage", c => c.Body["channel"]?.GetValue<string>() == "C2");
        output.WriteLine($"warm: envelope → ack {Stopwatch.GetElapsedTime(warmSentAt, warmAckedAt).TotalMilliseconds:F1} ms; envelope → chat.postMessage {Stopwatch.GetElapsedTime(warmSentAt, warmPost.At).TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task A_reaction_on_a_suggestion_becomes_a_rating_and_the_bots_own_reactions_do_not()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "Breaking Bad"));
        await Fake.WaitForCallAsync("chat.postMessage");
        // A person reacts once the list is there; the bot stores it a moment after posting it.
        var list = await Eventually.ValueAsync(() => bot.Get<ISuggestionMessageStore>().Find(new MessageRef(SlackPlatform.Name, "C1", FakeTs(1))), "the stored list");

        await socket.SendAsync(SlackPayloads.Reaction("env-2", "Ev1", "two", "C1", FakeTs(1), user: FakeSlack.BotUserId));
        await socket.SendAsync(SlackPayloads.Reaction("env-3", "Ev2", "two", "C1", FakeTs(1), user: "U3"));
        await socket.SendAsync(SlackPayloads.Reaction("env-4", "Ev3", "thumbsdown::skin-tone-2", "C1", FakeTs(1), user: "U4"));

        var ratings = bot.Get<IRatingStore>();
        var reacted = await Eventually.ValueAsync(() => ratings.ForUser(new UserKey("slack", "T1/U3")).SingleOrDefault(), "U3's rating");
        Assert.Equal((list.ShowIds[1], RatingKind.Like, RatingSource.Reaction), (reacted.ShowId, reacted.Kind, reacted.Source));
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("slack", "T1/U4")).Count == list.ShowIds.Count, "U4's dislikes");
        Assert.Empty(ratings.ForUser(new UserKey("slack", "T1/" + FakeSlack.BotUserId)));

        await socket.SendAsync(SlackPayloads.Reaction("env-5", "Ev4", "two", "C1", FakeTs(1), user: "U3", added: false));
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("slack", "T1/U3")).Count == 0, "U3's like taken back");
    }

    [Fact]
    public async Task Titles_cannot_ping_anyone_and_no_token_is_ever_logged()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "<!everyone> <@U999> Breaking Bad & The Wire"));
        var (ack, _) = await socket.WaitForAckAsync("env-1");
        await Fake.WaitForCallAsync("chat.postMessage");
        await Eventually.TrueAsync(() => Fake.CallsTo("reactions.add").Count == 5, "five reactions");

        var ackText = ack.ToJsonString();
        Assert.DoesNotContain("<!everyone>", ackText, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U999>", ackText, StringComparison.Ordinal);
        Assert.NotEmpty(bot.Logs.Lines);
        Assert.All(bot.Logs.Lines, line =>
        {
            Assert.DoesNotContain(FakeSlack.BotToken, line.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeSlack.AppToken, line.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("ticket=", line.Text, StringComparison.Ordinal);
        });
    }

    private static string FakeTs(int n) => $"1700000000.{n:000000}";
}
