using ShowBot.Core.Catalog;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Slack.Tests.Fakes;

namespace ShowBot.Slack.Tests;

/// <summary>The admin subcommands through Core's model lifecycle, with the real Quartz scheduler of the host.</summary>
public sealed class SlackAdminCommandTests : FakeSlackTest
{
    [Fact]
    public async Task Retrain_is_accepted_in_the_ack_and_its_outcome_posted_in_the_channel_then_status_models_and_rollback_answer()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, s => s["ShowBot:Retraining:MinLikes"] = "50");
        var socket = await Fake.WaitForSocketAsync(1);
        await WaitForRetrainOutcomesAsync(bot, 1); // the start-up catch-up, on no ratings: skipped
        SeedTwoTasteGroups(bot);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "retrain", user: "UADMIN", channel: "CADMIN"));

        var (ack, _) = await socket.WaitForAckAsync("env-1");
        Assert.Equal("Retraining started. I'll post the outcome here when it finishes.", ack["payload"]!["text"]!.GetValue<string>());
        Assert.Equal("ephemeral", ack["payload"]!["response_type"]!.GetValue<string>());
        var outcome = await Fake.WaitForCallAsync("chat.postMessage", timeout: TimeSpan.FromSeconds(60));
        Assert.Equal("CADMIN", outcome.Body["channel"]!.GetValue<string>());
        Assert.StartsWith("Deployed v1 (", outcome.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v1", bot.Get<ServingModel>().Current.Version);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-2", "/showbot", "status", user: "UADMIN"));
        var status = TextOf((await socket.WaitForAckAsync("env-2")).Ack);
        Assert.StartsWith("Serving: v1 (", status, StringComparison.Ordinal);
        Assert.Contains("Ratings since the last training: 0 change(s)", status, StringComparison.Ordinal);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-3", "/showbot", "models", user: "UADMIN"));
        var models = TextOf((await socket.WaitForAckAsync("env-3")).Ack);
        Assert.StartsWith("```\nRecent models (newest first):", models, StringComparison.Ordinal);
        Assert.Contains("v1    deployed", models, StringComparison.Ordinal);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-4", "/showbot", "rollback", user: "UADMIN"));
        Assert.Equal("There is no earlier version to roll back to.", TextOf((await socket.WaitForAckAsync("env-4")).Ack));
        await socket.SendAsync(SlackPayloads.SlashCommand("env-5", "/showbot", "rollback v7", user: "UADMIN"));
        Assert.Equal("There is no version v7.", TextOf((await socket.WaitForAckAsync("env-5")).Ack));
        Assert.Single(Fake.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Where_the_bot_may_not_post_the_retrain_outcome_goes_to_the_admin_through_response_url()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await WaitForRetrainOutcomesAsync(bot, 1);
        Fake.RejectPostsTo("CSECRET", "not_in_channel");

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "retrain force", user: "UADMIN", channel: "CSECRET", responseUrl: Fake.ResponseUrl("r1")));

        await socket.WaitForAckAsync("env-1");
        var privately = await Fake.WaitForCallAsync("response_url:r1", timeout: TimeSpan.FromSeconds(30));
        Assert.StartsWith("Skipped: 0 likes stored", privately.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ephemeral", privately.Body["response_type"]!.GetValue<string>());
        Assert.Single(Fake.CallsTo("chat.postMessage"));
    }

    private static string TextOf(System.Text.Json.Nodes.JsonObject ack) => ack["payload"]!["text"]!.GetValue<string>();

    private static Task WaitForRetrainOutcomesAsync(SlackBot bot, int count) =>
        Eventually.TrueAsync(
            () => bot.Logs.Lines.Count(l => l.EventId == 300 && l.Category.EndsWith(nameof(ModelLifecycle), StringComparison.Ordinal)) >= count,
            $"{count} retraining outcome(s)",
            TimeSpan.FromSeconds(30));

    /// <summary>100 people in two taste groups, each liking 8 of their group's 20 shows from the built-in catalog.</summary>
    private static void SeedTwoTasteGroups(SlackBot bot)
    {
        var shows = bot.Get<ShowCatalog>().Shows.Take(40).Select(s => s.Id).ToList();
        var random = new Random(42);
        var at = DateTimeOffset.UtcNow;
        var likes = new List<Rating>();
        for (var person = 0; person < 100; person++)
        {
            var group = shows.Skip(person % 2 * 20).Take(20).ToList();
            foreach (var show in group.OrderBy(_ => random.Next()).Take(8))
            {
                likes.Add(new Rating(new UserKey("slack", $"T1/USEED{person}"), show, RatingKind.Like, RatingSource.Import, at));
            }
        }

        bot.Get<IRatingStore>().UpsertMany(likes);
    }
}
