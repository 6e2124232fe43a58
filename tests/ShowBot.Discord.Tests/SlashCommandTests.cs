using System.Diagnostics;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Ratings;
using ShowBot.Discord.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Discord.Tests;

/// <summary>The whole path over the fake Discord: gateway session, slash commands, the asynchronous reply, reactions as ratings.</summary>
public sealed class SlashCommandTests(ITestOutputHelper output) : RunningBotTests
{
    private const string Alice = "800000000000000001";
    [Fact]
    public async Task Identifies_with_the_minimum_intents_and_registers_the_commands_globally()
    {
        var identify = Assert.Single(Discord.Identifies);
        Assert.Equal(FakeDiscord.Token, identify.GetProperty("token").GetString());
        Assert.Equal(1 | (1 << 10), identify.GetProperty("intents").GetInt32());
        Assert.Equal([0, 1], identify.GetProperty("shard").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("?v=10&encoding=json", Assert.Single(Discord.Connections).Query);

        var registration = Assert.Single(Discord.RequestsTo("PUT", "/commands"));
        Assert.Equal($"/api/v10/applications/{FakeDiscord.ApplicationId}/commands", registration.Path);
        Assert.StartsWith("DiscordBot (", registration.UserAgent, StringComparison.Ordinal);
        Assert.Equal("application/json; charset=utf-8", registration.ContentType);
        var commands = registration.Json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["recommend", "together", "rate", "likes", "forget-me", "help", "showbot"], commands.Keys);
        var recommendOptions = commands["recommend"].GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(5, recommendOptions.Count(o => o.GetProperty("name").GetString()!.StartsWith("show", StringComparison.Ordinal) && o.GetProperty("autocomplete").GetBoolean()));
        Assert.Equal("32", commands["showbot"].GetProperty("default_member_permissions").GetString());
        var admin = commands["showbot"].GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(["retrain", "status", "models", "rollback"], admin.Keys);
        Assert.All(admin.Values, o => Assert.Equal(1, o.GetProperty("type").GetInt32()));
        var force = Assert.Single(admin["retrain"].GetProperty("options").EnumerateArray());
        Assert.Equal(("force", 5, false), (force.GetProperty("name").GetString(), force.GetProperty("type").GetInt32(), force.TryGetProperty("required", out _)));
        var version = Assert.Single(admin["rollback"].GetProperty("options").EnumerateArray());
        Assert.Equal(("version", 3, false), (version.GetProperty("name").GetString(), version.GetProperty("type").GetInt32(), version.TryGetProperty("required", out _)));
        Assert.All(commands.Values, c => Assert.Matches("^[-_a-z0-9]{1,32}$", c.GetProperty("name").GetString()!));
        Assert.All(commands.Values, c => Assert.InRange(c.GetProperty("description").GetString()!.Length, 1, 100));
    }

    [Fact]
    public async Task Recommend_is_deferred_at_once_then_answered_with_numbered_suggestions_and_their_reactions()
    {
        var (id, token, sentAt) = await Discord.SendCommandAsync("recommend", [Option("show", "Breaking Bad"), Option("count", 4)]);

        var callback = await SingleRequestAsync("POST", $"/interactions/{id}/");
        var deferredAfter = Stopwatch.GetElapsedTime(sentAt, callback.At);
        Assert.Equal(5, callback.Json.GetProperty("type").GetInt32());
        Assert.True(deferredAfter < TimeSpan.FromSeconds(3), $"deferred after {deferredAfter}");

        var reply = await SingleRequestAsync("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{token}/messages/@original");
        output.WriteLine($"received → deferred: {deferredAfter.TotalMilliseconds:F0} ms; → suggestions: {Stopwatch.GetElapsedTime(sentAt, reply.At).TotalMilliseconds:F0} ms");
        var embed = Assert.Single(reply.Json.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Because you like Breaking Bad", embed.GetProperty("title").GetString());
        var lines = embed.GetProperty("description").GetString()!.Split('\n').Where(l => !l.StartsWith(' ')).ToList();
        Assert.Equal(["1️⃣", "2️⃣", "3️⃣", "4️⃣"], lines.Select(l => l.Split(' ')[0]));
        Assert.All(lines, l => Assert.Matches(@"^\S+ \*\*\[[^\[\]]+\]\(https://www\.imdb\.com/title/tt\d+/\)\*\* \(\d{4}–(\d{4})?\) · \w", l));
        Assert.Contains("because you liked Breaking Bad", embed.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("\n    Years before Breaking Bad, small-time lawyer", embed.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Empty(OpenApiSchema.Load().Violations(reply.Method, reply.Path, reply.Json));
        Assert.Equal(0, reply.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());

        await Eventually.TrueAsync(() => Discord.RequestsTo("PUT", "/reactions/").Count() == 4, "four number reactions");
        Assert.Equal(
            ["1%EF%B8%8F%E2%83%A3", "2%EF%B8%8F%E2%83%A3", "3%EF%B8%8F%E2%83%A3", "4%EF%B8%8F%E2%83%A3"],
            Discord.RequestsTo("PUT", "/reactions/").Select(r => r.RawTarget.Split('/')[^2]));
    }

    [Fact]
    public async Task A_request_in_words_typed_in_the_show_option_is_understood()
    {
        var (_, token, _) = await Discord.SendCommandAsync("recommend", [Option("show", "something like Severance but funnier")]);

        var reply = await SingleRequestAsync("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{token}/messages/@original");
        var embed = Assert.Single(reply.Json.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Because you like Severance — comedy", embed.GetProperty("title").GetString());
        var description = embed.GetProperty("description").GetString()!;
        Assert.Equal(5, description.Split('\n').Count(l => l.Contains("*because you liked Severance: ", StringComparison.Ordinal)));
        Assert.All(description.Split('\n').Where(l => l.Contains("**", StringComparison.Ordinal)), l => Assert.Contains("Comedy", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_genre_alone_browses_the_best_shows_of_that_genre()
    {
        var (_, token, _) = await Discord.SendCommandAsync("recommend", [Option("genre", "horror")]);

        var reply = await SingleRequestAsync("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{token}/messages/@original");
        var embed = Assert.Single(reply.Json.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Shows that fit: Horror", embed.GetProperty("title").GetString());
        var shows = embed.GetProperty("description").GetString()!.Split('\n').Where(l => l.Contains("**", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, shows.Count);
        Assert.All(shows, l => Assert.Contains("Horror", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_number_reaction_likes_that_suggestion_and_the_bots_own_reactions_are_ignored()
    {
        var messageId = await RecommendAsync("The Wire");
        var suggested = await SuggestedTitlesAsync();

        // Keycap without U+FE0F, as older clients send it; then the bot's own echo of its 1️⃣.
        await Discord.SendReactionAsync(messageId, "2\u20E3", Alice);
        await Discord.SendReactionAsync(messageId, "1\uFE0F\u20E3", FakeDiscord.BotUserId);

        var ratings = Bot.Services.GetRequiredService<IRatingStore>();
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("discord", Alice)).Any(r => r.Source == RatingSource.Reaction), "the reaction recorded as a rating");
        Assert.Empty(ratings.ForUser(new UserKey("discord", FakeDiscord.BotUserId)));

        await Discord.SendCommandAsync("likes", []);
        var likes = (await Discord.LastAsync("PATCH", "/messages/@original", 2)).Json.GetProperty("content").GetString()!;
        Assert.Contains(suggested[1], likes, StringComparison.Ordinal);
        Assert.Contains("The Wire", likes, StringComparison.Ordinal);
        Assert.DoesNotContain(suggested[0], likes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thumbs_down_dislikes_the_list_and_removing_a_reaction_takes_the_like_back()
    {
        var messageId = await RecommendAsync("Fargo");
        await Discord.SendReactionAsync(messageId, "3️⃣", Alice);
        await Discord.SendReactionAsync(messageId, "3️⃣", Alice, added: false);
        await Discord.SendReactionAsync(messageId, "👎🏽", Alice);

        var ratings = Bot.Services.GetRequiredService<IRatingStore>();
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("discord", Alice)).Count(r => r.Kind == RatingKind.Dislike) == 5, "five dislikes from 👎");
        Assert.DoesNotContain(ratings.ForUser(new UserKey("discord", Alice)), r => r.Source == RatingSource.Reaction && r.Kind == RatingKind.Like);
    }

    [Fact]
    public async Task An_unknown_title_is_answered_with_did_you_mean_and_nothing_is_queued()
    {
        var (_, token, _) = await Discord.SendCommandAsync("recommend", [Option("show", "Qwxyzzy Plover")]);

        var reply = await SingleRequestAsync("PATCH", $"/{token}/messages/@original");
        Assert.Contains("I couldn't place \"Qwxyzzy Plover\"", reply.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Empty(Discord.RequestsTo("PUT", "/reactions/"));
    }

    [Fact]
    public async Task Autocomplete_answers_with_at_most_25_catalog_choices_valued_by_imdb_id()
    {
        var (id, _, sentAt) = await Discord.SendCommandAsync("recommend", [Option("show", "break", focused: true)], type: 4);

        var answer = await SingleRequestAsync("POST", $"/interactions/{id}/");
        output.WriteLine($"autocomplete answered after {Stopwatch.GetElapsedTime(sentAt, answer.At).TotalMilliseconds:F0} ms");
        Assert.Equal(8, answer.Json.GetProperty("type").GetInt32());
        var choices = answer.Json.GetProperty("data").GetProperty("choices").EnumerateArray().ToList();
        Assert.InRange(choices.Count, 1, 25);
        Assert.All(choices, c => Assert.InRange(c.GetProperty("name").GetString()!.Length, 1, 100));
        Assert.All(choices, c => Assert.Matches("^tt\\d{7,}$", c.GetProperty("value").GetString()!));
        Assert.Contains(choices, c => c.GetProperty("value").GetString() == "tt0903747");

        var (genreId, _, _) = await Discord.SendCommandAsync("recommend", [Option("show", "Fargo"), Option("genre", "dra", focused: true)], type: 4);
        var genres = (await SingleRequestAsync("POST", $"/interactions/{genreId}/")).Json.GetProperty("data").GetProperty("choices");
        Assert.Contains(genres.EnumerateArray(), c => c.GetProperty("value").GetString() == "Drama");
    }

    [Fact]
    public async Task The_chosen_autocomplete_value_an_imdb_id_is_understood_by_recommend()
    {
        var (_, token, _) = await Discord.SendCommandAsync("recommend", [Option("show", "tt0903747"), Option("count", 2)]);

        var reply = await SingleRequestAsync("PATCH", $"/{token}/messages/@original");
        Assert.Equal("Because you like Breaking Bad", reply.Json.GetProperty("embeds")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_admin_command_from_a_non_admin_is_refused_and_a_manager_gets_the_status()
    {
        var (_, refusedToken, _) = await Discord.SendCommandAsync("showbot", [SubCommand("status")], permissions: "0");
        var (_, allowedToken, _) = await Discord.SendCommandAsync("showbot", [SubCommand("status")], permissions: "32");

        var refused = await SingleRequestAsync("PATCH", $"/{refusedToken}/messages/@original");
        var allowed = await SingleRequestAsync("PATCH", $"/{allowedToken}/messages/@original");
        Assert.StartsWith("Only ShowBot's admins can use /showbot status.", refused.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Serving", refused.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Serving: ", allowed.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("Queue:", allowed.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.All(Discord.RequestsTo("POST", "/callback"), c => Assert.Equal(64, c.Json.GetProperty("data").GetProperty("flags").GetInt32()));
    }

    [Fact]
    public async Task A_malformed_payload_is_logged_and_skipped_and_the_next_command_is_answered()
    {
        await Discord.SendRawAsync("{not json");
        await Discord.DispatchAsync("INTERACTION_CREATE", new JsonObject { ["id"] = "1", ["type"] = 2 });
        await Discord.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject { ["emoji"] = new JsonObject { ["name"] = "1️⃣" } });

        var (_, token, _) = await Discord.SendCommandAsync("help", []);

        await SingleRequestAsync("PATCH", $"/{token}/messages/@original");
        Assert.True(Bot.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "malformed frame"), Bot.Logs.All);
        Assert.True(Bot.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "malformed INTERACTION_CREATE"), Bot.Logs.All);
        Assert.True(Bot.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "malformed MESSAGE_REACTION_ADD"), Bot.Logs.All);
        Assert.Single(Discord.Identifies);
    }

    [Fact]
    public async Task An_interaction_without_a_command_name_is_logged_once_as_malformed_and_skipped_and_the_next_is_answered()
    {
        await Discord.DispatchAsync("INTERACTION_CREATE", JsonNode.Parse($$$"""
            {"id":"990000000000000001","application_id":"{{{FakeDiscord.ApplicationId}}}","type":2,"token":"nameless-token","channel_id":"{{{FakeDiscord.ChannelId}}}",
             "member":{"user":{"id":"{{{Alice}}}"},"permissions":"0"},"data":{"id":"930000000000000001","type":1,"options":[]}}
            """)!);
        var (_, token, _) = await Discord.SendCommandAsync("help", []);

        await SingleRequestAsync("PATCH", $"/{token}/messages/@original");
        Assert.Single(Bot.Logs.Lines, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Text.Contains("malformed", StringComparison.Ordinal));
        Assert.Contains("malformed INTERACTION_CREATE", Bot.Logs.All, StringComparison.Ordinal);
        Assert.Empty(Discord.RequestsTo("POST", "/interactions/990000000000000001/"));
        Assert.Empty(Discord.RequestsTo("PATCH", "/nameless-token/"));
    }

    [Fact]
    public async Task A_reaction_without_a_message_id_is_logged_once_as_malformed_and_skipped_and_the_next_counts()
    {
        var messageId = await RecommendAsync("The Wire");
        var suggested = await SuggestedTitlesAsync();

        await Discord.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject
        {
            ["user_id"] = Alice,
            ["channel_id"] = FakeDiscord.ChannelId,
            ["guild_id"] = FakeDiscord.GuildId,
            ["emoji"] = new JsonObject { ["id"] = null, ["name"] = "1️⃣" },
        });
        await Discord.SendReactionAsync(messageId, "2️⃣", Alice);

        var ratings = Bot.Services.GetRequiredService<IRatingStore>();
        await Eventually.TrueAsync(() => ratings.ForUser(new UserKey("discord", Alice)).Any(r => r.Source == RatingSource.Reaction), "the valid reaction recorded as a rating");
        Assert.Single(ratings.ForUser(new UserKey("discord", Alice)), r => r.Source == RatingSource.Reaction);
        Assert.Single(Bot.Logs.Lines, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Text.Contains("malformed", StringComparison.Ordinal));
        Assert.Contains("malformed MESSAGE_REACTION_ADD", Bot.Logs.All, StringComparison.Ordinal);

        await Discord.SendCommandAsync("likes", []);
        var likes = (await Discord.LastAsync("PATCH", "/messages/@original", 2)).Json.GetProperty("content").GetString()!;
        Assert.Contains(suggested[1], likes, StringComparison.Ordinal);
        Assert.DoesNotContain(suggested[0], likes, StringComparison.Ordinal);
    }

    private async Task<string> RecommendAsync(string title)
    {
        var (_, token, _) = await Discord.SendCommandAsync("recommend", [Option("show", title)], userId: Alice);
        await SingleRequestAsync("PATCH", $"/{token}/messages/@original");
        await Eventually.TrueAsync(() => Discord.RequestsTo("PUT", "/reactions/").Count() >= 5, "the number reactions");
        return Discord.Messages.Last()["id"]!.GetValue<string>();
    }

    private async Task<List<string>> SuggestedTitlesAsync()
    {
        var reply = await Discord.LastAsync("PATCH", "/messages/@original", 1);
        return [.. reply.Json.GetProperty("embeds")[0].GetProperty("description").GetString()!
            .Split('\n').Where(l => !l.StartsWith(' ')).Select(l => DiscordSuggestionLinkTests.MaskedLinks(l)[0].Text)];
    }

    private async Task<RecordedRequest> SingleRequestAsync(string method, string pathContains)
    {
        await Eventually.TrueAsync(() => Discord.RequestsTo(method, pathContains).Any(), $"{method} …{pathContains}");
        return Assert.Single(Discord.RequestsTo(method, pathContains));
    }

    internal static JsonObject Option(string name, string value, bool focused = false)
    {
        var option = new JsonObject { ["name"] = name, ["type"] = 3, ["value"] = value };
        if (focused)
        {
            option["focused"] = true;
        }

        return option;
    }

    internal static JsonObject Option(string name, int value) => new() { ["name"] = name, ["type"] = 4, ["value"] = value };

    private static JsonObject SubCommand(string name) => new() { ["name"] = name, ["type"] = 1, ["options"] = new JsonArray() };
}
