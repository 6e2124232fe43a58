using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Slack.Http;
using ShowBot.Slack.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Slack.Tests;

/// <summary>Block Kit buttons over the fake Slack: /showbot forget-me asks with a confirm button; block_actions over Socket Mode and HTTP mode, acked at once, handled once, answered through response_url.</summary>
public sealed class SlackButtonTests(ITestOutputHelper output) : FakeSlackTest
{
    private const string Confirm = "forget-me:confirm:slack:T1/U2";
    private static readonly UserKey U2 = new("slack", "T1/U2");

    [Fact]
    public async Task Forget_me_asks_with_buttons_and_the_confirm_acked_at_once_deletes_and_replaces_the_message_with_what_was_deleted()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await RateAsync(socket, "Breaking Bad", "The Wire");

        await socket.SendAsync(SlackPayloads.SlashCommand("env-ask", "/showbot", "forget-me"));
        var (ask, _) = await socket.WaitForAckAsync("env-ask");

        var payload = ask["payload"]!.AsObject();
        Assert.Equal("ephemeral", payload["response_type"]!.GetValue<string>());
        Assert.Equal("This deletes everything ShowBot stored about you: 2 rating(s) with their history, 0 suggestion list(s) and 0 request(s). It can't be undone. Delete it all?", payload["text"]!.GetValue<string>());
        var blocks = payload["blocks"]!.AsArray();
        Assert.Equal(["section", "actions"], blocks.Select(b => b!["type"]!.GetValue<string>()));
        var buttons = blocks[1]!["elements"]!.AsArray().Select(b => (b!["type"]!.GetValue<string>(), b["text"]!["text"]!.GetValue<string>(), b["action_id"]!.GetValue<string>(), b["style"]?.GetValue<string>())).ToList();
        Assert.Equal([("button", "Delete it all", Confirm, "danger"), ("button", "Keep it", "forget-me:cancel:slack:T1/U2", null)], buttons);
        Assert.Equal(2, bot.Get<IRatingStore>().ForUser(U2).Count);

        var sentAt = await socket.SendAsync(SlackPayloads.ButtonPress("env-press", Confirm, Fake.ResponseUrl("press"), "1700000000.000009"));
        var (ack, ackedAt) = await socket.WaitForAckAsync("env-press");
        var answer = await Fake.WaitForCallAsync("response_url:press");

        output.WriteLine($"button press → ack: {Stopwatch.GetElapsedTime(sentAt, ackedAt).TotalMilliseconds:F1} ms; → message replaced: {Stopwatch.GetElapsedTime(sentAt, answer.At).TotalMilliseconds:F1} ms");
        output.WriteLine(answer.Body.ToJsonString());
        Assert.Equal(new JsonObject { ["envelope_id"] = "env-press" }.ToJsonString(), ack.ToJsonString());
        Assert.True(answer.Body["replace_original"]!.GetValue<bool>());
        Assert.Equal("Done: I deleted 2 rating(s), 0 suggestion list(s) and 0 request(s) of yours.", answer.Body["text"]!.GetValue<string>());
        Assert.Null(answer.Body["blocks"]);
        Assert.Empty(bot.Get<IRatingStore>().ForUser(U2));
    }

    [Fact]
    public async Task A_confirm_pressed_by_someone_else_deletes_nothing_and_tells_only_them()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await RateAsync(socket, "Breaking Bad");

        await socket.SendAsync(SlackPayloads.ButtonPress("env-press", Confirm, Fake.ResponseUrl("press"), "1700000000.000009", user: "U3", ephemeral: false));

        var answer = await Fake.WaitForCallAsync("response_url:press");
        Assert.False(answer.Body["replace_original"]!.GetValue<bool>());
        Assert.Equal("ephemeral", answer.Body["response_type"]!.GetValue<string>());
        Assert.StartsWith("That button is for the person who asked to be forgotten: nothing was deleted.", answer.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(bot.Get<IRatingStore>().ForUser(U2));
    }

    [Fact]
    public async Task A_redelivered_press_is_handled_once_and_a_second_press_changes_nothing_and_says_so()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await RateAsync(socket, "Breaking Bad");
        var press = SlackPayloads.ButtonPress("env-1", Confirm, Fake.ResponseUrl("first"), "1700000000.000009");
        await socket.SendAsync(press);
        await Fake.WaitForCallAsync("response_url:first");

        var redelivered = (JsonObject)press.DeepClone();
        redelivered["retry_attempt"] = 1;
        await socket.SendAsync(redelivered);
        var sameActionNewEnvelope = (JsonObject)press.DeepClone();
        sameActionNewEnvelope["envelope_id"] = "env-2";
        await socket.SendAsync(sameActionNewEnvelope);
        await socket.SendAsync(SlackPayloads.ButtonPress("env-3", Confirm, Fake.ResponseUrl("second"), "1700000000.000009", actionTs: "1700000300.000100"));

        var second = await Fake.WaitForCallAsync("response_url:second");
        Assert.Equal("Nothing to delete: I hold no ratings, suggestion lists or requests of yours (already forgotten?).", second.Body["text"]!.GetValue<string>());
        Assert.True(socket.WasAcked("env-2"));
        Assert.Single(Fake.CallsTo("response_url:first"));
        Assert.Single(bot.Get<IRatingStore>().ErasuresAfter(0));
    }

    [Fact]
    public async Task A_confirm_pressed_after_a_restart_still_deletes()
    {
        await using (var before = await SlackBot.StartAsync(Fake, Data.DatabasePath))
        {
            await RateAsync(await Fake.WaitForSocketAsync(1), "Breaking Bad");
        }

        await using var after = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(2);
        await socket.SendAsync(SlackPayloads.ButtonPress("env-press", Confirm, Fake.ResponseUrl("press"), "1700000000.000009"));

        var answer = await Fake.WaitForCallAsync("response_url:press");
        Assert.Equal("Done: I deleted 1 rating(s), 0 suggestion list(s) and 0 request(s) of yours.", answer.Body["text"]!.GetValue<string>());
        Assert.Empty(after.Get<IRatingStore>().ForUser(U2));
    }

    [Fact]
    public async Task Over_HTTP_mode_a_signed_press_gets_200_at_once_and_is_answered_through_response_url_and_an_unsigned_one_401()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, SlackHttp.Mode);
        var url = await bot.Get<SlackHttpService>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
        using (await SlackHttp.PostAsync(url, SlackHttp.SlashCommandForm("/showbot", "rate Breaking Bad like", "trigger-rate"), form: true, SlackHttp.Now))
        {
        }

        using var ask = await SlackHttp.PostAsync(url, SlackHttp.SlashCommandForm("/showbot", "forget-me", "trigger-ask"), form: true, SlackHttp.Now);
        var asked = JsonNode.Parse(await ask.Content.ReadAsStringAsync())!;
        Assert.Equal(Confirm, asked["blocks"]![1]!["elements"]![0]!["action_id"]!.GetValue<string>());

        var form = SlackHttp.InteractionForm(SlackPayloads.BlockActions(Confirm, Fake.ResponseUrl("forged"), "1700000000.000009"));
        using var unsigned = await SlackHttp.PostAsync(url, form, form: true, SlackHttp.Now, signature: "v0=00");
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Single(bot.Get<IRatingStore>().ForUser(U2));

        var body = SlackHttp.InteractionForm(SlackPayloads.BlockActions(Confirm, Fake.ResponseUrl("press"), "1700000000.000009"));
        var sentAt = Stopwatch.GetTimestamp();
        using var response = await SlackHttp.PostAsync(url, body, form: true, SlackHttp.Now);
        var ackedAt = Stopwatch.GetTimestamp();
        using var redelivered = await SlackHttp.PostAsync(url, body, form: true, SlackHttp.Now, retryNum: 1);
        var answer = await Fake.WaitForCallAsync("response_url:press");

        output.WriteLine($"HTTP mode: button press → 200: {Stopwatch.GetElapsedTime(sentAt, ackedAt).TotalMilliseconds:F1} ms; → message replaced: {Stopwatch.GetElapsedTime(sentAt, answer.At).TotalMilliseconds:F1} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal("Done: I deleted 1 rating(s), 0 suggestion list(s) and 0 request(s) of yours.", answer.Body["text"]!.GetValue<string>());
        Assert.Empty(bot.Get<IRatingStore>().ForUser(U2));
        Assert.Empty(Fake.CallsTo("response_url:forged"));
        Assert.Single(Fake.CallsTo("response_url:press"));
    }

    [Fact]
    public async Task A_like_or_not_for_me_button_on_a_posted_list_rates_for_whoever_presses_it_once_and_tells_them_privately()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "Breaking Bad"));
        var post = await Fake.WaitForCallAsync("chat.postMessage");
        var buttons = post.Body["blocks"]!.AsArray().Last()!;
        Assert.Equal("actions", buttons["type"]!.GetValue<string>());
        Assert.Equal(
            ["rate:like:1", "rate:like:2", "rate:like:3", "rate:like:4", "rate:like:5", "rate:dislike:1", "rate:dislike:2", "rate:dislike:3", "rate:dislike:4", "rate:dislike:5", "more"],
            buttons["elements"]!.AsArray().Select(b => b!["action_id"]!.GetValue<string>()));
        var ts = (await Fake.WaitForCallAsync("reactions.add")).Body["timestamp"]!.GetValue<string>();
        var list = await Eventually.ValueAsync(() => bot.Get<ISuggestionMessageStore>().Find(new MessageRef(SlackPlatform.Name, "C1", ts)), "the list stored");

        await socket.SendAsync(SlackPayloads.ButtonPress("env-like", "rate:like:2", Fake.ResponseUrl("like"), ts, user: "U3", ephemeral: false));
        var noted = await Fake.WaitForCallAsync("response_url:like");
        await socket.SendAsync(SlackPayloads.ButtonPress("env-like-again", "rate:like:2", Fake.ResponseUrl("again"), ts, user: "U3", actionTs: "1700000300.000100", ephemeral: false));
        var again = await Fake.WaitForCallAsync("response_url:again");
        await socket.SendAsync(SlackPayloads.ButtonPress("env-dislike", "rate:dislike:3", Fake.ResponseUrl("dislike"), ts, user: "U3", actionTs: "1700000400.000100", ephemeral: false));
        var notForMe = await Fake.WaitForCallAsync("response_url:dislike");

        output.WriteLine(noted.Body.ToJsonString());
        Assert.StartsWith("Noted: you like ", noted.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("ephemeral", false), (noted.Body["response_type"]!.GetValue<string>(), noted.Body["replace_original"]!.GetValue<bool>()));
        Assert.StartsWith("Already noted: you like ", again.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith(" is not for you.", notForMe.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            [(list.ShowIds[2], RatingKind.Dislike, RatingSource.Reaction), (list.ShowIds[1], RatingKind.Like, RatingSource.Reaction)],
            bot.Get<IRatingStore>().ForUser(new UserKey("slack", "T1/U3")).Select(r => (r.ShowId, r.Kind, r.Source)).OrderBy(r => r.Kind));
    }

    [Fact]
    public async Task More_like_this_pressed_twice_posts_two_further_lists_in_the_channel_that_never_repeat_a_show()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "Breaking Bad"));
        var first = await ListPostedAsync(bot, 1);

        await socket.SendAsync(SlackPayloads.ButtonPress("env-more-1", "more", Fake.ResponseUrl("more-1"), first, ephemeral: false));
        var (ack, _) = await socket.WaitForAckAsync("env-more-1");
        var second = await ListPostedAsync(bot, 2);
        await socket.SendAsync(SlackPayloads.ButtonPress("env-more-2", "more", Fake.ResponseUrl("more-2"), second, actionTs: "1700000300.000100", ephemeral: false));
        var third = await ListPostedAsync(bot, 3);

        Assert.Equal(new JsonObject { ["envelope_id"] = "env-more-1" }.ToJsonString(), ack.ToJsonString());
        var told = await Fake.WaitForCallAsync("response_url:more-1");
        output.WriteLine($"more → response_url: {told.Body.ToJsonString()}; chat.postMessage: {Fake.CallsTo("chat.postMessage")[1].Body.ToJsonString()}");
        Assert.Equal(("Looking for more like these…", "ephemeral", false), (told.Body["text"]!.GetValue<string>(), told.Body["response_type"]!.GetValue<string>(), told.Body["replace_original"]!.GetValue<bool>()));
        var posts = Fake.CallsTo("chat.postMessage");
        Assert.Equal(3, posts.Count);
        Assert.All(posts, p => Assert.Equal("C1", p.Body["channel"]!.GetValue<string>()));
        var lists = new[] { first, second, third }.Select(ts => bot.Get<ISuggestionMessageStore>().Find(new MessageRef(SlackPlatform.Name, "C1", ts))!).ToList();
        Assert.Equal(15, lists.SelectMany(l => l.ShowIds).Distinct().Count());
        Assert.All(lists, l => Assert.Equal(U2, l.RequestedBy));
    }

    /// <summary>Waits until list number <paramref name="count"/> is posted (its reactions going on) and stored; returns its ts.</summary>
    private async Task<string> ListPostedAsync(SlackBot bot, int count)
    {
        var lists = bot.Get<ISuggestionMessageStore>();
        return await Eventually.ValueAsync(
            () => Fake.CallsTo("reactions.add").Select(r => r.Body["timestamp"]!.GetValue<string>()).Distinct().ElementAtOrDefault(count - 1) is { } ts
                && lists.Find(new MessageRef(SlackPlatform.Name, "C1", ts)) is not null ? ts : null,
            $"list {count} posted and stored");
    }

    private static async Task RateAsync(FakeSocket socket, params string[] shows)
    {
        foreach (var show in shows)
        {
            var envelope = "env-rate-" + show;
            await socket.SendAsync(SlackPayloads.SlashCommand(envelope, "/showbot", $"rate {show} like"));
            await socket.WaitForAckAsync(envelope);
        }
    }
}
