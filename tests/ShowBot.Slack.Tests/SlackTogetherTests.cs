using ShowBot.Core.Ratings;
using ShowBot.Slack.Tests.Fakes;

namespace ShowBot.Slack.Tests;

/// <summary>/together over Socket Mode: the people are the mentions in the text, as Slack escapes them.</summary>
public sealed class SlackTogetherTests : FakeSlackTest
{
    private const string Fargo = "tt2802850", Dark = "tt5753856";

    [Fact]
    public async Task Together_posts_one_list_for_the_invoker_and_the_people_mentioned_without_pinging_anyone()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var ratings = bot.Get<IRatingStore>();
        Like(ratings, "U2", Fargo);
        Like(ratings, "U3", Dark);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/together", "<@U3|ben> <@U4> and <@U5|@everyone>", user: "U2"));
        var (ack, _) = await socket.WaitForAckAsync("env-1");
        var post = await Fake.WaitForCallAsync("chat.postMessage");

        Assert.StartsWith("Looking for shows for someone, ben, U4 and @\u200Beveryone… U4 has no likes yet: /showbot rate a show or /recommend a few.", ack["payload"]?["text"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("C1", post.Body["channel"]?.GetValue<string>());
        var blocks = post.Body["blocks"]!.AsArray();
        Assert.Equal("Together: someone, ben, U4, @\u200Beveryone", blocks[0]!["text"]!["text"]!.GetValue<string>());
        var sections = blocks.Where(b => b!["type"]!.GetValue<string>() == "section").Select(b => b!["text"]!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(5, sections.Count);
        Assert.All(sections, s => Assert.Matches("_for (someone|ben)", s));
        Assert.Contains(sections, s => s.Contains("for someone: because you liked Fargo; for ben: because you liked Dark", StringComparison.Ordinal));
        var body = post.Body.ToJsonString();
        Assert.DoesNotContain("<@", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<!", body, StringComparison.Ordinal);
        Assert.DoesNotContain("@everyone", post.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void Like(IRatingStore ratings, string user, string show) =>
        ratings.Upsert(new Rating(new UserKey("slack", $"{FakeSlack.TeamId}/{user}"), show, RatingKind.Like, RatingSource.Command, new DateTimeOffset(2026, 12, 5, 20, 0, 0, TimeSpan.Zero)));
}
