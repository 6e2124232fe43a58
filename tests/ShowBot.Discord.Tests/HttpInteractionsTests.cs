using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Discord.Http;
using ShowBot.Discord.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Discord.Tests;

/// <summary>
/// Interactions over HTTP (<c>ShowBot:Discord:Interactions</c> = <c>Http</c>): the fake Discord posts them to the bot's
/// endpoint signed with the application's key, as Discord does, and records each response; replies still go by REST,
/// and reactions still arrive over the gateway.
/// </summary>
public sealed class HttpInteractionsTests(ITestOutputHelper output) : IDisposable
{
    private const string Alice = "800000000000000001";
    private const string Bob = "800000000000000002";

    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_ping_gets_a_json_pong_and_a_request_without_a_good_signature_or_over_15_minutes_from_now_gets_401_and_is_not_read()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        var interaction = new JsonObject { ["id"] = "920000000000000777", ["application_id"] = FakeDiscord.ApplicationId, ["type"] = 1, ["token"] = "t", ["version"] = 1 }.ToJsonString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = discord.Sign(timestamp, interaction);
        var flipped = (signature[0] == '0' ? "1" : "0") + signature[1..];
        var late = (DateTimeOffset.UtcNow - TimeSpan.FromMinutes(14)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stale = (DateTimeOffset.UtcNow - TimeSpan.FromMinutes(16)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var early = (DateTimeOffset.UtcNow + TimeSpan.FromMinutes(16)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var pong = await discord.PingEndpointAsync();
        using var signed = await discord.PostToEndpointAsync(interaction, timestamp, signature);
        using var badSignature = await discord.PostToEndpointAsync(interaction, timestamp, flipped);
        using var otherBody = await discord.PostToEndpointAsync(interaction.Replace("\"type\":1", "\"type\":1 ", StringComparison.Ordinal), timestamp, signature);
        using var otherTimestamp = await discord.PostToEndpointAsync(interaction, timestamp + "1", signature);
        using var noSignature = await discord.PostToEndpointAsync(interaction, timestamp, signature: null);
        using var noTimestamp = await discord.PostToEndpointAsync(interaction, timestamp: null, signature);
        using var notHex = await discord.PostToEndpointAsync(interaction, timestamp, new string('z', 128));
        using var shortSignature = await discord.PostToEndpointAsync(interaction, timestamp, signature[..^2]);
        using var signedLate = await discord.PostToEndpointAsync(interaction, late, discord.Sign(late, interaction));
        using var signedStale = await discord.PostToEndpointAsync(interaction, stale, discord.Sign(stale, interaction));
        using var signedEarly = await discord.PostToEndpointAsync(interaction, early, discord.Sign(early, interaction));
        using var get = await new HttpClient().GetAsync(discord.InteractionsEndpoint);

        Assert.Equal(HttpStatusCode.OK, pong.StatusCode);
        Assert.Equal("application/json", pong.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":1}""", await pong.Content.ReadAsStringAsync());
        Assert.Empty(OpenApiSchema.Load().Violations("POST", "/api/v10/interactions/1/t/callback", System.Text.Json.JsonDocument.Parse(await pong.Content.ReadAsStringAsync()).RootElement));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedLate.StatusCode);
        var refused = new[] { badSignature, otherBody, otherTimestamp, noSignature, noTimestamp, notHex, shortSignature, signedStale, signedEarly };
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        foreach (var response in refused)
        {
            Assert.Equal("", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(refused.Length, bot.Logs.Lines.Count(l => l.EventId == 1602));
        Assert.Equal(3, bot.Logs.Lines.Count(l => l.EventId == 1602 && l.Text.Contains(": Stale signature", StringComparison.Ordinal)));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.EventId == 1604);
        Assert.Empty(discord.RequestsTo("POST", "/interactions/"));
    }

    [Fact]
    public async Task Recommend_is_deferred_in_the_http_response_then_the_suggestions_edit_original_and_reactions_over_the_gateway_rate()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);

        var (id, token, sentAt) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad"), SlashCommandTests.Option("count", 4)], Alice);

        var response = Assert.Single(discord.EndpointResponses);
        var deferredAfter = Stopwatch.GetElapsedTime(sentAt, response.At);
        Assert.Equal((id, 200, "application/json"), (response.InteractionId, response.Status, response.ContentType));
        Assert.Equal("""{"type":5}""", response.Body);
        Assert.True(deferredAfter < TimeSpan.FromSeconds(3), $"deferred after {deferredAfter}");
        Assert.Empty(OpenApiSchema.Load().Violations("POST", "/api/v10/interactions/1/t/callback", response.Json));

        var reply = await discord.LastAsync("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{token}/messages/@original", 1);
        output.WriteLine($"posted → deferred response: {deferredAfter.TotalMilliseconds:F0} ms; → suggestions: {Stopwatch.GetElapsedTime(sentAt, reply.At).TotalMilliseconds:F0} ms");
        var embed = Assert.Single(reply.Json.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Because you like Breaking Bad", embed.GetProperty("title").GetString());
        Assert.Equal(4, embed.GetProperty("description").GetString()!.Split('\n').Count(l => !l.StartsWith(' ')));
        Assert.Empty(OpenApiSchema.Load().Violations(reply.Method, reply.Path, reply.Json));
        Assert.Empty(discord.RequestsTo("POST", "/interactions/"));
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/reactions/").Count() == 4, "four number reactions");

        var list = await discord.ListAsync(1);
        var stored = await Eventually.ValueAsync(() => bot.Services.GetRequiredService<ISuggestionMessageStore>().Find(new MessageRef("discord", FakeDiscord.ChannelId, list["id"]!.GetValue<string>())), "the list stored");
        await discord.SendReactionAsync(list["id"]!.GetValue<string>(), "2️⃣", Bob);
        var ratings = bot.Services.GetRequiredService<IRatingStore>();
        var like = await Eventually.ValueAsync(() => ratings.ForUser(new UserKey("discord", Bob)) is [var rating] ? rating : null, "Bob's reaction recorded as a like");
        Assert.Equal((stored.ShowIds[1], RatingKind.Like, RatingSource.Reaction), (like.ShowId, like.Kind, like.Source));
    }

    [Fact]
    public async Task Autocomplete_is_answered_with_choices_in_the_http_response()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);

        var (id, _, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "break", focused: true)], type: 4);

        var response = Assert.Single(discord.EndpointResponses);
        Assert.Equal((id, 200), (response.InteractionId, response.Status));
        Assert.Equal(8, response.Json.GetProperty("type").GetInt32());
        var choices = response.Json.GetProperty("data").GetProperty("choices").EnumerateArray().ToList();
        Assert.InRange(choices.Count, 1, 25);
        Assert.All(choices, c => Assert.Matches("^tt\\d{7,}$", c.GetProperty("value").GetString()!));
        Assert.Contains(choices, c => c.GetProperty("value").GetString() == "tt0903747");
        Assert.Empty(OpenApiSchema.Load().Violations("POST", "/api/v10/interactions/1/t/callback", response.Json));
        Assert.Empty(discord.RequestsTo("POST", "/interactions/"));
    }

    [Fact]
    public async Task The_same_interaction_delivered_again_twice_at_once_gets_the_same_response_and_is_answered_once()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        var (id, token, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Fargo")], Bob);
        await Task.WhenAll(
            discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Fargo")], Bob, redeliver: (id, token)),
            discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Fargo")], Bob, redeliver: (id, token)));

        await discord.LastAsync("PATCH", $"/{token}/messages/@original", 1);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/reactions/").Count() == 5, "the list's reactions");
        var responses = discord.EndpointResponses.Where(r => r.InteractionId == id).ToList();
        Assert.Equal(3, responses.Count);
        Assert.All(responses, r => Assert.Equal((200, """{"type":5}"""), (r.Status, r.Body)));
        Assert.Single(discord.RequestsTo("PATCH", $"/{token}/messages/@original"));
        Assert.Single(discord.Messages, m => m["embeds"]?.AsArray().Count > 0);
        Assert.Equal(2, bot.Logs.Lines.Count(l => l.EventId == 1606));
        await Eventually.TrueAsync(() => bot.Services.GetRequiredService<IPredictionQueue>().CountOutstanding() == 0, "the request answered (the lane marks it after storing the list)");
    }

    [Fact]
    public async Task A_button_pressed_over_http_is_acknowledged_in_the_response_and_its_outcome_follows_privately()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        var (_, listToken, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad")], Alice);
        await discord.LastAsync("PATCH", $"/{listToken}/messages/@original", 1);
        var message = await discord.ListAsync(1);
        var stored = await Eventually.ValueAsync(() => bot.Services.GetRequiredService<ISuggestionMessageStore>().Find(new MessageRef("discord", FakeDiscord.ChannelId, message["id"]!.GetValue<string>())), "the list stored");

        var like = await discord.PressButtonAsync(message, "rate:like:2", Bob);
        var more = await discord.PressButtonAsync(message, "more", Bob);

        Assert.Equal((200, """{"type":6}"""), discord.EndpointResponses.Where(r => r.InteractionId == like.Id).Select(r => (r.Status, r.Body)).Single());
        Assert.Equal((200, """{"type":6}"""), discord.EndpointResponses.Where(r => r.InteractionId == more.Id).Select(r => (r.Status, r.Body)).Single());
        var noted = await discord.LastAsync("POST", $"/webhooks/{FakeDiscord.ApplicationId}/{like.Token}", 1);
        Assert.StartsWith("Noted: you like ", noted.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, noted.Json.GetProperty("flags").GetInt32());
        Assert.Equal((stored.ShowIds[1], RatingKind.Like), bot.Services.GetRequiredService<IRatingStore>().ForUser(new UserKey("discord", Bob)).Select(r => (r.ShowId, r.Kind)).Single());
        await Eventually.TrueAsync(
            () => discord.RequestsTo("POST", $"/webhooks/{FakeDiscord.ApplicationId}/{more.Token}").Any(r => r.Json.TryGetProperty("embeds", out var embeds) && embeds.GetArrayLength() > 0),
            "the further list posted as a follow-up");
        Assert.Empty(discord.RequestsTo("POST", "/interactions/"));
    }

    [Fact]
    public async Task Malformed_json_an_unknown_type_or_a_command_without_its_name_get_400_and_a_body_over_the_limit_413()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        var modal = new JsonObject
        {
            ["id"] = "920000000000000901",
            ["application_id"] = FakeDiscord.ApplicationId,
            ["type"] = 5,
            ["token"] = "modal-token",
            ["version"] = 1,
            ["channel_id"] = FakeDiscord.ChannelId,
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = Alice }, ["permissions"] = "0" },
            ["data"] = new JsonObject { ["custom_id"] = "survey", ["components"] = new JsonArray() },
        }.ToJsonString();
        var nameless = $$$"""
            {"id":"920000000000000902","application_id":"{{{FakeDiscord.ApplicationId}}}","type":2,"token":"nameless-token","version":1,"channel_id":"{{{FakeDiscord.ChannelId}}}",
             "member":{"user":{"id":"{{{Alice}}}"},"permissions":"0"},"data":{"id":"930000000000000001","type":1,"options":[]}}
            """;

        using var notJson = await PostSignedAsync(discord, "{\"type\":2,");
        using var notAnObject = await PostSignedAsync(discord, "[1]");
        using var unknownType = await PostSignedAsync(discord, modal);
        using var withoutName = await PostSignedAsync(discord, nameless);
        using var tooBig = await PostSignedAsync(discord, "{\"type\":1,\"padding\":\"" + new string('x', DiscordHttpService.MaxBodyBytes) + "\"}");

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge],
            new[] { notJson, notAnObject, unknownType, withoutName, tooBig }.Select(r => r.StatusCode));
        Assert.Equal(4, bot.Logs.Lines.Count(l => l.Level == LogLevel.Warning && l.EventId is 1604 or 1605));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.EventId == 1602);
        Assert.Empty(discord.RequestsTo("PATCH", "/messages/@original"));
        using var pong = await discord.PingEndpointAsync();
        Assert.Equal(HttpStatusCode.OK, pong.StatusCode);
    }

    [Fact]
    public async Task An_interaction_over_the_gateway_in_http_mode_is_answered_there_with_one_warning_naming_the_portal_setting()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord);
        discord.InteractionsEndpoint = null;

        var first = await discord.SendCommandAsync("help", []);
        var second = await discord.SendCommandAsync("likes", []);

        await discord.LastAsync("PATCH", $"/{first.Token}/messages/@original", 1);
        await discord.LastAsync("PATCH", $"/{second.Token}/messages/@original", 1);
        Assert.Equal(64, (await discord.LastAsync("POST", $"/interactions/{first.Id}/", 1)).Json.GetProperty("data").GetProperty("flags").GetInt32());
        var warning = Assert.Single(bot.Logs.Lines, l => l.EventId == 1508);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Interactions Endpoint URL", warning.Text, StringComparison.Ordinal);
        Assert.Empty(discord.EndpointResponses);
    }

    [Fact]
    public async Task An_endpoint_that_cannot_listen_stops_the_application_naming_the_setting_instead_of_running_deaf()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var discord = await FakeDiscord.StartAsync();

        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, new Dictionary<string, string?>
        {
            ["ShowBot:Discord:Interactions"] = "Http",
            ["ShowBot:Discord:PublicKey"] = discord.PublicKey,
            ["ShowBot:Discord:HttpUrl"] = $"http://127.0.0.1:{port}/discord/interactions",
        });

        await Eventually.TrueAsync(() => bot.Stopping, "the application stopping");
        var reason = bot.Services.GetRequiredService<FatalStop>().Reason;
        Assert.NotNull(reason);
        Assert.StartsWith($"Could not listen for interactions on http://127.0.0.1:{port} (", reason, StringComparison.Ordinal);
        Assert.EndsWith("Check ShowBot:Discord:HttpUrl.", reason, StringComparison.Ordinal);
        Assert.True(bot.Logs.Contains(LogLevel.Critical, "Check ShowBot:Discord:HttpUrl."), bot.Logs.All);
    }

    private static async Task<HttpResponseMessage> PostSignedAsync(FakeDiscord discord, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await discord.PostToEndpointAsync(body, timestamp, discord.Sign(timestamp, body));
    }

    /// <summary>The real host in HTTP interactions mode on a free loopback port, the fake posting interactions to it.</summary>
    private async Task<DiscordBotHost> StartAsync(FakeDiscord discord)
    {
        var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, new Dictionary<string, string?>
        {
            ["ShowBot:Discord:Interactions"] = "Http",
            ["ShowBot:Discord:PublicKey"] = discord.PublicKey,
            ["ShowBot:Discord:HttpUrl"] = "http://127.0.0.1:0/discord/interactions",
        });
        discord.InteractionsEndpoint = await bot.Services.GetRequiredService<DiscordHttpService>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "the commands registered after READY");
        return bot;
    }
}
