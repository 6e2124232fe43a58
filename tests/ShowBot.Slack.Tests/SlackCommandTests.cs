using ShowBot.Core.Ratings;
using ShowBot.Slack.Tests.Fakes;

namespace ShowBot.Slack.Tests;

public sealed class SlackCommandTests : FakeSlackTest
{
    [Fact]
    public async Task Admin_subcommands_are_refused_to_non_admins_and_trigger_nothing()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        string[] subcommands = ["retrain force", "status", "models", "rollback v1"];

        for (var i = 0; i < subcommands.Length; i++)
        {
            await socket.SendAsync(SlackPayloads.SlashCommand($"env-{i}", "/showbot", subcommands[i], user: "U2"));
            var (ack, _) = await socket.WaitForAckAsync($"env-{i}");
            var text = ack["payload"]!["text"]!.GetValue<string>();
            Assert.Equal($"Only ShowBot's admins can use /showbot {subcommands[i].Split(' ')[0]}. Ask whoever runs this bot.", text);
            Assert.Equal("ephemeral", ack["payload"]!["response_type"]!.GetValue<string>());
        }

        // Each refusal was acknowledged after the command was handled: nothing of it can still be on its way.
        Assert.Empty(Fake.CallsTo("chat.postMessage"));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains("Rolled back", StringComparison.Ordinal));
        Assert.True(bot.Logs.Lines.Count(l => l.EventId == 300 && l.Category.EndsWith("ModelLifecycle", StringComparison.Ordinal)) <= 1, "a retrain ran besides the start-up catch-up");
    }

    [Fact]
    public async Task Status_for_an_admin_comes_from_Core()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "status", user: "UADMIN"));

        var (ack, _) = await socket.WaitForAckAsync("env-1");
        var text = ack["payload"]!["text"]!.GetValue<string>();
        Assert.StartsWith("Serving: ", text, StringComparison.Ordinal);
        Assert.Contains("no trained model deployed", text, StringComparison.Ordinal);
        Assert.Contains("Queue: 0 request(s) waiting", text, StringComparison.Ordinal);
        Assert.Contains("Next scheduled retraining: ", text, StringComparison.Ordinal);
        Assert.Equal("ephemeral", ack["payload"]!["response_type"]!.GetValue<string>());
        Assert.Empty(Fake.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task An_ambiguous_title_gets_a_did_you_mean_and_queues_nothing()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "One Piece"));

        var (ack, _) = await socket.WaitForAckAsync("env-1");
        var text = ack["payload"]!["text"]!.GetValue<string>();
        Assert.Contains("I couldn't place \"One Piece\". Did you mean:", text, StringComparison.Ordinal);
        Assert.Contains("(1999–)", text, StringComparison.Ordinal);
        Assert.Contains("(2023–)", text, StringComparison.Ordinal);
        Assert.Equal(0, bot.Get<Core.Requests.IPredictionQueue>().CountOutstanding());
    }

    [Fact]
    public async Task A_did_you_mean_offers_a_menu_and_the_pick_replaces_it_and_the_list_is_posted_with_the_count_asked()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "One Piece --count 3"));
        var (ack, _) = await socket.WaitForAckAsync("env-1");
        var menu = ack["payload"]!["blocks"]!.AsArray().Last()!["elements"]!.AsArray().Single()!;
        Assert.Equal(("static_select", "pick:recommend:3:", "Pick the show you meant"), (menu["type"]!.GetValue<string>(), menu["action_id"]!.GetValue<string>(), menu["placeholder"]!["text"]!.GetValue<string>()));
        Assert.Equal(
            [("One Piece (1999–)", "tt0388629"), ("One Piece (2023–)", "tt11737520")],
            menu["options"]!.AsArray().Select(o => (o!["text"]!["text"]!.GetValue<string>(), o["value"]!.GetValue<string>())));

        await socket.SendAsync(SlackPayloads.OptionPicked("env-pick", "pick:recommend:3:", "tt11737520", Fake.ResponseUrl("pick"), "1700000000.000009"));

        await socket.WaitForAckAsync("env-pick");
        var replaced = await Fake.WaitForCallAsync("response_url:pick");
        var posted = await Fake.WaitForCallAsync("chat.postMessage");
        Assert.Equal(("Looking for shows like One Piece…", true), (replaced.Body["text"]!.GetValue<string>(), replaced.Body["replace_original"]!.GetValue<bool>()));
        Assert.Equal("C1", posted.Body["channel"]!.GetValue<string>());
        Assert.Contains(bot.Get<Core.Ratings.IRatingStore>().ForUser(new Core.Ratings.UserKey("slack", "T1/U2")), r => r.ShowId == "tt11737520");
        await Eventually.TrueAsync(() => bot.Get<Core.Requests.IPredictionQueue>().CountOutstanding() == 0, "the list answered");
    }

    [Fact]
    public async Task A_request_in_words_is_understood_and_answered_with_a_list_that_says_what_fits()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "a cozy British murder mystery"));
        var (ack, _) = await socket.WaitForAckAsync("env-1");
        var post = await Fake.WaitForCallAsync("chat.postMessage");

        Assert.Equal("Looking for the best shows that fit: cozy, British, murder mystery…", ack["payload"]!["text"]!.GetValue<string>());
        var blocks = post.Body["blocks"]!.AsArray();
        Assert.Equal("Shows that fit: cozy, British, murder mystery", blocks[0]!["text"]!["text"]!.GetValue<string>());
        var sections = blocks.Where(b => b!["type"]!.GetValue<string>() == "section").Select(b => b!["text"]!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(5, sections.Count);
        Assert.All(sections, s => Assert.EndsWith("_fits: cozy, British, murder mystery_", s.Split('\n')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Likes_and_forget_me_answer_privately_in_the_ack_and_forget_me_asks_first()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "rate Breaking Bad like"));
        await socket.WaitForAckAsync("env-1");

        await socket.SendAsync(SlackPayloads.SlashCommand("env-2", "/showbot", "likes"));
        var (likes, _) = await socket.WaitForAckAsync("env-2");
        await socket.SendAsync(SlackPayloads.SlashCommand("env-3", "/showbot", "forget-me"));
        var (forget, _) = await socket.WaitForAckAsync("env-3");

        Assert.Contains("Breaking Bad", likes["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ephemeral", forget["payload"]!["response_type"]!.GetValue<string>());
        Assert.StartsWith("This deletes everything ShowBot stored about you: 1 rating(s)", forget["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(bot.Get<IRatingStore>().ForUser(new UserKey("slack", "T1/U2")));
    }
}
