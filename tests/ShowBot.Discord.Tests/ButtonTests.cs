using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Discord.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Discord.Tests;

/// <summary>Buttons over the fake Discord: /forget-me asks with a confirm button, and a press is acknowledged (type 6), handled once and shown in the message.</summary>
public sealed class ButtonTests(ITestOutputHelper output) : IDisposable
{
    private const string Alice = "800000000000000001";
    private const string Bob = "800000000000000002";
    private static readonly UserKey AliceKey = new("discord", Alice);

    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Forget_me_shows_what_it_would_delete_with_a_confirm_button_and_deletes_nothing_before_it_is_pressed()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        await RateAsync(discord, "Breaking Bad", "The Wire");

        var (ask, message) = await AskToForgetAsync(discord);

        Assert.Equal(
            "This deletes everything ShowBot stored about you: 2 rating(s) with their history, 0 suggestion list(s) and 0 request(s). It can't be undone. Delete it all?",
            ask.GetProperty("content").GetString());
        var row = Assert.Single(ask.GetProperty("components").EnumerateArray());
        Assert.Equal(1, row.GetProperty("type").GetInt32());
        var buttons = row.GetProperty("components").EnumerateArray().Select(b => (b.GetProperty("type").GetInt32(), b.GetProperty("style").GetInt32(), b.GetProperty("label").GetString(), b.GetProperty("custom_id").GetString())).ToList();
        Assert.Equal([(2, 4, "Delete it all", $"forget-me:confirm:discord:{Alice}"), (2, 2, "Keep it", $"forget-me:cancel:discord:{Alice}")], buttons);
        Assert.Equal(0, ask.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Equal(2, Ratings(bot).ForUser(AliceKey).Count);
        Assert.NotNull(message["id"]);
    }

    [Fact]
    public async Task Confirm_is_acknowledged_with_a_deferred_update_then_the_message_names_what_was_deleted_and_loses_its_buttons()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        await RateAsync(discord, "Breaking Bad", "The Wire");
        var (_, message) = await AskToForgetAsync(discord);

        var (id, token, sentAt) = await discord.PressButtonAsync(message, $"forget-me:confirm:discord:{Alice}", Alice);

        var callback = await discord.LastAsync("POST", $"/interactions/{id}/", 1);
        Assert.Equal("""{"type":6}""", callback.Body);
        var update = await discord.LastAsync("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{token}/messages/@original", 1);
        output.WriteLine($"button press → acknowledgement (type 6): {Stopwatch.GetElapsedTime(sentAt, callback.At).TotalMilliseconds:F1} ms; → message updated: {Stopwatch.GetElapsedTime(sentAt, update.At).TotalMilliseconds:F1} ms");
        output.WriteLine(update.Body);
        Assert.Equal("Done: I deleted 2 rating(s), 0 suggestion list(s) and 0 request(s) of yours.", update.Json.GetProperty("content").GetString());
        Assert.Equal(0, update.Json.GetProperty("components").GetArrayLength());
        Assert.Equal(0, update.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Empty(Ratings(bot).ForUser(AliceKey));
        AssertEveryRequestFitsTheSpec(discord);
    }

    [Fact]
    public async Task A_confirm_pressed_by_someone_else_deletes_nothing_and_tells_only_them()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        await RateAsync(discord, "Breaking Bad");
        var (_, message) = await AskToForgetAsync(discord);

        var (_, token, _) = await discord.PressButtonAsync(message, $"forget-me:confirm:discord:{Alice}", Bob);

        var followUp = await discord.LastAsync("POST", $"/webhooks/{FakeDiscord.ApplicationId}/{token}", 1);
        Assert.StartsWith("That button is for the person who asked to be forgotten: nothing was deleted.", followUp.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, followUp.Json.GetProperty("flags").GetInt32());
        Assert.Empty(discord.RequestsTo("PATCH", $"/{token}/messages/@original"));
        Assert.Single(Ratings(bot).ForUser(AliceKey));
    }

    [Fact]
    public async Task A_redelivered_press_is_handled_once_and_a_second_press_changes_nothing_and_says_so()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        await RateAsync(discord, "Breaking Bad");
        var (_, message) = await AskToForgetAsync(discord);
        var first = await discord.PressButtonAsync(message, $"forget-me:confirm:discord:{Alice}", Alice);
        await discord.LastAsync("PATCH", $"/{first.Token}/messages/@original", 1);

        await discord.PressButtonAsync(message, $"forget-me:confirm:discord:{Alice}", Alice, redeliver: (first.Id, first.Token));
        var second = await discord.PressButtonAsync(message, $"forget-me:confirm:discord:{Alice}", Alice);

        var again = await discord.LastAsync("PATCH", $"/{second.Token}/messages/@original", 1);
        Assert.Equal("Nothing to delete: I hold no ratings, suggestion lists or requests of yours (already forgotten?).", again.Json.GetProperty("content").GetString());
        await Eventually.TrueAsync(() => discord.RequestsTo("POST", $"/interactions/{first.Id}/").Count() == 2, "the redelivery's callback");
        Assert.Single(discord.RequestsTo("PATCH", $"/{first.Token}/messages/@original"));
        Assert.Single(Ratings(bot).ErasuresAfter(0));
    }

    [Fact]
    public async Task A_confirm_pressed_after_a_restart_still_deletes()
    {
        await using var discord = await FakeDiscord.StartAsync();
        JsonObject message;
        await using (var before = await StartAsync(discord))
        {
            await RateAsync(discord, "Breaking Bad");
            (_, message) = await AskToForgetAsync(discord);
        }

        await using var after = await StartAsync(discord);
        var (_, token, _) = await discord.PressButtonAsync(message, $"forget-me:confirm:discord:{Alice}", Alice);

        var update = await discord.LastAsync("PATCH", $"/{token}/messages/@original", 1);
        Assert.Equal("Done: I deleted 1 rating(s), 0 suggestion list(s) and 0 request(s) of yours.", update.Json.GetProperty("content").GetString());
        Assert.Empty(Ratings(after).ForUser(AliceKey));
    }

    [Fact]
    public async Task A_like_or_not_for_me_button_on_a_list_rates_for_whoever_presses_it_once_and_tells_them_privately()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        var (_, listToken, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad"), SlashCommandTests.Option("count", 7)], Alice);
        var list = await discord.LastAsync("PATCH", $"/{listToken}/messages/@original", 1);
        var rows = list.Json.GetProperty("components").EnumerateArray().Select(r => r.GetProperty("components").EnumerateArray().Select(b => b.GetProperty("label").GetString()).ToList()).ToList();
        Assert.Equal([["👍 1", "👍 2", "👍 3", "👍 4", "👍 5"], ["👎 1", "👎 2", "👎 3", "👎 4", "👎 5"], ["👍 6", "👍 7"], ["👎 6", "👎 7"], ["More like this"]], rows);
        var message = await discord.ListAsync(1);
        var stored = await Eventually.ValueAsync(() => bot.Services.GetRequiredService<ISuggestionMessageStore>().Find(new("discord", FakeDiscord.ChannelId, message["id"]!.GetValue<string>())), "the list stored");

        var like = await discord.PressButtonAsync(message, "rate:like:2", Bob);
        var noted = await discord.LastAsync("POST", $"/webhooks/{FakeDiscord.ApplicationId}/{like.Token}", 1);
        var again = await discord.PressButtonAsync(message, "rate:like:2", Bob);
        var alreadyNoted = await discord.LastAsync("POST", $"/webhooks/{FakeDiscord.ApplicationId}/{again.Token}", 1);
        var dislike = await discord.PressButtonAsync(message, "rate:dislike:3", Bob);
        var notForMe = await discord.LastAsync("POST", $"/webhooks/{FakeDiscord.ApplicationId}/{dislike.Token}", 1);

        Assert.Equal("""{"type":6}""", (await discord.LastAsync("POST", $"/interactions/{like.Id}/", 1)).Body);
        output.WriteLine(noted.Body);
        Assert.StartsWith("Noted: you like ", noted.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, noted.Json.GetProperty("flags").GetInt32());
        Assert.Equal(0, noted.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.StartsWith("Already noted: you like ", alreadyNoted.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(" is not for you.", notForMe.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Empty(discord.RequestsTo("PATCH", $"/{like.Token}/messages/@original"));
        Assert.Equal(
            [(stored.ShowIds[2], RatingKind.Dislike, RatingSource.Reaction), (stored.ShowIds[1], RatingKind.Like, RatingSource.Reaction)],
            Ratings(bot).ForUser(new UserKey("discord", Bob)).Select(r => (r.ShowId, r.Kind, r.Source)).OrderBy(r => r.Kind));
        Assert.DoesNotContain(Ratings(bot).ForUser(AliceKey), r => r.Source == RatingSource.Reaction);
    }

    [Fact]
    public async Task More_like_this_pressed_twice_posts_two_further_lists_in_the_channel_that_never_repeat_a_show_and_work_after_a_restart()
    {
        await using var discord = await FakeDiscord.StartAsync();
        JsonObject first;
        await using (var before = await StartAsync(discord))
        {
            var (_, listToken, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad")], Alice);
            await discord.LastAsync("PATCH", $"/{listToken}/messages/@original", 1);
            first = await NewListAsync(discord, before, 1);
        }

        await using var bot = await StartAsync(discord);
        var press = await discord.PressButtonAsync(first, "more", Alice);
        var second = await NewListAsync(discord, bot, 2);
        await discord.PressButtonAsync(second, "more", Alice);
        await NewListAsync(discord, bot, 3);

        Assert.Equal("""{"type":6}""", (await discord.LastAsync("POST", $"/interactions/{press.Id}/", 1)).Body);
        var followUps = discord.RequestsTo("POST", $"/webhooks/{FakeDiscord.ApplicationId}/{press.Token}").Select(r => r.Json).ToList();
        var ack = Assert.Single(followUps, f => f.TryGetProperty("content", out var c) && c.GetString() == "Looking for more like these…");
        Assert.Equal(64, ack.GetProperty("flags").GetInt32());
        var posted = Assert.Single(followUps, f => f.TryGetProperty("embeds", out var embeds) && embeds.GetArrayLength() > 0);
        output.WriteLine($"press {press.Id} → callback {{\"type\":6}}; ephemeral follow-up: {ack}; public follow-up: {posted}");
        Assert.False(posted.TryGetProperty("flags", out _), "the further list is not public");
        Assert.Equal(0, posted.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var lists = await ListsOfAsync(discord, bot, 3);
        Assert.All(lists, l => Assert.Equal(5, l.ShowIds.Count));
        Assert.Equal(15, lists.SelectMany(l => l.ShowIds).Distinct().Count());
        AssertEveryRequestFitsTheSpec(discord);
    }

    [Fact]
    public async Task A_did_you_mean_offers_a_select_menu_and_the_pick_replaces_it_then_the_list_follows_with_the_count_asked()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        var (_, token, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "One Piece"), SlashCommandTests.Option("count", 3)], Alice);
        var asked = await discord.LastAsync("PATCH", $"/{token}/messages/@original", 1);
        var question = await discord.MessageAsync(asked.Json.GetProperty("content").GetString());

        var menu = Assert.Single(Assert.Single(asked.Json.GetProperty("components").EnumerateArray()).GetProperty("components").EnumerateArray());
        Assert.Equal((3, "pick:recommend:3:", "Pick the show you meant", 1, 1), (menu.GetProperty("type").GetInt32(), menu.GetProperty("custom_id").GetString(), menu.GetProperty("placeholder").GetString(), menu.GetProperty("min_values").GetInt32(), menu.GetProperty("max_values").GetInt32()));
        Assert.Equal(
            [("One Piece (1999–)", "tt0388629"), ("One Piece (2023–)", "tt11737520")],
            menu.GetProperty("options").EnumerateArray().Select(o => (o.GetProperty("label").GetString(), o.GetProperty("value").GetString())));

        var pick = await discord.PickAsync(question, "pick:recommend:3:", "tt11737520", Alice);
        var replaced = await discord.LastAsync("PATCH", $"/{pick.Token}/messages/@original", 1);
        var list = (await ListsOfAsync(discord, bot, 1)).Single();
        output.WriteLine($"pick {pick.Id} → @original replaced: {replaced.Body}");

        Assert.Equal("""{"type":6}""", (await discord.LastAsync("POST", $"/interactions/{pick.Id}/", 1)).Body);
        Assert.Equal("Looking for shows like One Piece…", replaced.Json.GetProperty("content").GetString());
        Assert.Equal(0, replaced.Json.GetProperty("components").GetArrayLength());
        Assert.Equal(3, list.ShowIds.Count);
        Assert.Contains(Ratings(bot).ForUser(AliceKey), r => r.ShowId == "tt11737520" && r.Kind == RatingKind.Like);
        AssertEveryRequestFitsTheSpec(discord);
    }

    /// <summary>Waits for list number <paramref name="count"/> to be posted and stored, and returns its message.</summary>
    private static async Task<JsonObject> NewListAsync(FakeDiscord discord, DiscordBotHost bot, int count) => (await ListsAsync(discord, bot, count))[^1].Message;

    /// <summary>The suggestion lists posted so far, in order, once there are <paramref name="count"/> of them, each stored.</summary>
    private static async Task<List<SuggestionMessage>> ListsOfAsync(FakeDiscord discord, DiscordBotHost bot, int count) =>
        [.. (await ListsAsync(discord, bot, count)).Select(l => l.Stored)];

    private static Task<List<(JsonObject Message, SuggestionMessage Stored)>> ListsAsync(FakeDiscord discord, DiscordBotHost bot, int count)
    {
        var store = bot.Services.GetRequiredService<ISuggestionMessageStore>();
        return Eventually.ValueAsync(
            () =>
            {
                var lists = discord.Messages
                    .Where(m => m["embeds"]?.AsArray().Count > 0)
                    .Select(m => (Message: m, Stored: store.Find(new MessageRef("discord", m["channel_id"]!.GetValue<string>(), m["id"]!.GetValue<string>()))))
                    .Where(l => l.Stored is not null)
                    .DistinctBy(l => l.Stored!.Message)
                    .Select(l => (l.Message, l.Stored!))
                    .ToList();
                return lists.Count == count ? lists : null;
            },
            $"{count} lists posted and stored");
    }

    /// <summary>Every body the bot sent matches the vendored slice of Discord's OpenAPI spec.</summary>
    private static void AssertEveryRequestFitsTheSpec(FakeDiscord discord)
    {
        var spec = OpenApiSchema.Load();
        Assert.All(discord.Requests.Where(r => r.Body.Length > 0), r => Assert.Empty(spec.Violations(r.Method, r.Path, r.Json)));
    }

    private async Task<DiscordBotHost> StartAsync(FakeDiscord discord)
    {
        var registered = discord.RequestsTo("PUT", "/commands").Count();
        var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Count() > registered, "the commands registered after READY");
        return bot;
    }

    private static IRatingStore Ratings(DiscordBotHost bot) => bot.Services.GetRequiredService<IRatingStore>();

    private static async Task RateAsync(FakeDiscord discord, params string[] shows)
    {
        foreach (var show in shows)
        {
            var (_, token, _) = await discord.SendCommandAsync("rate", [SlashCommandTests.Option("show", show)], Alice);
            await discord.LastAsync("PATCH", $"/{token}/messages/@original", 1);
        }
    }

    /// <summary>/forget-me by Alice: its reply's body, and the message Discord made of it.</summary>
    private static async Task<(JsonElement Body, JsonObject Message)> AskToForgetAsync(FakeDiscord discord)
    {
        var (_, token, _) = await discord.SendCommandAsync("forget-me", [], Alice);
        var ask = await discord.LastAsync("PATCH", $"/{token}/messages/@original", 1);
        var message = await discord.MessageAsync(ask.Json.GetProperty("content").GetString());
        return (ask.Json, message);
    }
}
