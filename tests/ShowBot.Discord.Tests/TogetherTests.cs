using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Ratings;
using ShowBot.Discord.Tests.Fakes;

namespace ShowBot.Discord.Tests;

/// <summary>/together over the fake Discord: up to five USER options, the names from <c>data.resolved</c>, one list, reactions for whoever reacts.</summary>
public sealed class TogetherTests : RunningBotTests
{
    private const string Alice = "800000000000000001", Ben = "800000000000000002", Cem = "800000000000000003", Dan = "800000000000000004";
    private const string Fargo = "tt2802850", Dark = "tt5753856";

    [Fact]
    public void Together_is_registered_with_five_user_options_the_first_required()
    {
        var registration = Assert.Single(Discord.RequestsTo("PUT", "/commands"));
        var together = registration.Json.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "together");

        var options = together.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(["member", "member2", "member3", "member4", "member5"], options.Select(o => o.GetProperty("name").GetString()));
        Assert.All(options, o => Assert.Equal(6, o.GetProperty("type").GetInt32()));
        Assert.Equal([true, false, false, false, false], options.Select(o => o.TryGetProperty("required", out var required) && required.GetBoolean()));
    }

    [Fact]
    public async Task Together_answers_one_list_naming_the_members_by_their_names_here_never_pinging_and_a_non_members_reaction_rates_for_them_only()
    {
        var ratings = Bot.Services.GetRequiredService<IRatingStore>();
        Like(ratings, Alice, Fargo);
        Like(ratings, Ben, Dark);

        var (id, token, _) = await Discord.SendCommandAsync("together", [Member("member", Ben), Member("member2", Cem)], userId: Alice, resolved: new JsonObject
        {
            ["users"] = new JsonObject
            {
                [Ben] = new JsonObject { ["id"] = Ben, ["username"] = "ben.k", ["global_name"] = "Benjamin", ["discriminator"] = "0", ["avatar"] = null },
                [Cem] = new JsonObject { ["id"] = Cem, ["username"] = "cem", ["global_name"] = "@everyone", ["discriminator"] = "0", ["avatar"] = null },
            },
            ["members"] = new JsonObject
            {
                [Ben] = new JsonObject { ["nick"] = "Ben", ["roles"] = new JsonArray(), ["joined_at"] = "2026-01-02T18:25:07.972000+00:00", ["permissions"] = "0" },
                [Cem] = new JsonObject { ["nick"] = null, ["roles"] = new JsonArray(), ["joined_at"] = "2026-01-02T18:25:07.972000+00:00", ["permissions"] = "0" },
            },
        });

        var deferred = await Discord.LastAsync("POST", $"/interactions/{id}/", 1);
        Assert.Equal(5, deferred.Json.GetProperty("type").GetInt32());
        Assert.False(deferred.Json.TryGetProperty("data", out var data) && data.TryGetProperty("flags", out _), "a group list is for the channel");
        var reply = await Discord.LastAsync("PATCH", $"/{token}/messages/@original", 1);
        Assert.Equal(0, reply.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var embed = Assert.Single(reply.Json.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Together: someone, Ben, @\u200Beveryone", embed.GetProperty("title").GetString());
        var description = embed.GetProperty("description").GetString()!;
        Assert.DoesNotContain("@everyone", description, StringComparison.Ordinal);
        Assert.Contains("*for someone: because you liked Fargo; for Ben: because you liked Dark*", description, StringComparison.Ordinal);
        Assert.Contains("@\u200Beveryone has no likes yet: /rate a show or /recommend a few.", description, StringComparison.Ordinal);

        await Eventually.TrueAsync(() => Discord.RequestsTo("PUT", "/reactions/").Count() >= 5, "the number reactions");
        var messageId = Discord.Messages.Last()["id"]!.GetValue<string>();
        await Discord.SendReactionAsync(messageId, "2️⃣", Dan);
        await Eventually.TrueAsync(() => ratings.ForUser(User(Dan)).Count == 1, "the reaction rated for the one who reacted");
        Assert.Equal([Fargo], ratings.ForUser(User(Alice)).Select(r => r.ShowId));
        Assert.Equal([Dark], ratings.ForUser(User(Ben)).Select(r => r.ShowId));
        Assert.Empty(ratings.ForUser(User(Cem)));
    }

    private static UserKey User(string id) => new("discord", id);

    private static void Like(IRatingStore ratings, string user, string show) =>
        ratings.Upsert(new Rating(User(user), show, RatingKind.Like, RatingSource.Command, new DateTimeOffset(2026, 12, 5, 20, 0, 0, TimeSpan.Zero)));

    private static JsonObject Member(string option, string userId) => new() { ["name"] = option, ["type"] = 6, ["value"] = userId };
}
