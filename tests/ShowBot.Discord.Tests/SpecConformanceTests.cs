using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Discord.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Discord.Tests;

/// <summary>Every request body the bot sent over a busy session, checked against Discord's official OpenAPI spec.</summary>
public sealed class SpecConformanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Every_request_body_conforms_to_the_official_openapi_spec()
    {
        var spec = OpenApiSchema.TryLoad();
        Assert.True(spec is not null, $"The Discord OpenAPI spec is missing at {OpenApiSchema.SpecPath}.");
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, database.Path);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");

        var recommend = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad, The Wire, Fargo"), SlashCommandTests.Option("count", 10)]);
        await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "a", focused: true)], type: 4);
        await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Qwxyzzy Plover")]);
        await discord.SendCommandAsync("help", []);
        await discord.SendCommandAsync("likes", []);
        await discord.SendCommandAsync("showbot", [new System.Text.Json.Nodes.JsonObject { ["name"] = "status", ["type"] = 1 }], permissions: "8");
        await bot.Services.GetRequiredService<ChatPlatforms>().SendAsync(
            new DiscordReplyTarget(FakeDiscord.ApplicationId, "old", FakeDiscord.ChannelId, DateTimeOffset.UtcNow.AddHours(-1)).ToReplyTarget(),
            new TextReply(new string('x', 3000)),
            CancellationToken.None);
        await bot.Services.GetRequiredService<ChatPlatforms>().SendAsync(
            new DiscordReplyTarget(FakeDiscord.ApplicationId, recommend.Token, FakeDiscord.ChannelId, DateTimeOffset.UtcNow, FollowUp: true).ToReplyTarget(),
            new TextReply("Deployed v1"),
            CancellationToken.None);
        await Eventually.TrueAsync(() => discord.RequestsTo("PATCH", "/messages/@original").Count() == 5, "five replies");
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/reactions/").Count() == 10, "ten reactions");
        Assert.Contains(discord.RequestsTo("PATCH", $"/{recommend.Token}/"), r => r.Json.GetProperty("embeds")[0].GetProperty("description").GetString()!.Contains("🔟", StringComparison.Ordinal));

        var checkedBodies = 0;
        foreach (var request in discord.Requests.Where(r => r.Body.Length > 0))
        {
            var schema = spec!.RequestSchema(request.Method, request.Path);
            Assert.True(schema is not null, $"{request.Method} {request.Path} is not in the spec");
            var violations = spec.Violations(schema.Value, request.Json);
            Assert.True(violations.Count == 0, $"{request.Method} {request.Path}:\n{string.Join("\n", violations)}\n{request.Body}");
            checkedBodies++;
        }

        output.WriteLine($"{checkedBodies} request bodies conform");
        Assert.Equal(14, checkedBodies);
    }

    [Theory]
    [InlineData("POST", "/api/v10/interactions/1/t/callback", """{"type":3}""")]
    [InlineData("POST", "/api/v10/interactions/1/t/callback", """{"type":8,"data":{"choices":[{"name":"","value":"x"}]}}""")]
    [InlineData("PATCH", "/api/v10/webhooks/1/t/messages/@original", """{"content":"x","allowed_mentions":{"parse":["nobody"]}}""")]
    public void The_spec_check_catches_bodies_Discord_would_refuse(string method, string path, string body)
    {
        var spec = OpenApiSchema.TryLoad();
        Assert.True(spec is not null, $"The Discord OpenAPI spec is missing at {OpenApiSchema.SpecPath}.");

        Assert.NotEmpty(spec!.Violations(spec.RequestSchema(method, path)!.Value, System.Text.Json.JsonDocument.Parse(body).RootElement));
    }

    [Fact]
    public void The_spec_check_catches_content_over_2000_characters()
    {
        var spec = OpenApiSchema.TryLoad()!;
        var body = new System.Text.Json.Nodes.JsonObject { ["content"] = new string('x', 2001) }.ToJsonString();

        Assert.NotEmpty(spec.Violations(spec.RequestSchema("PATCH", "/api/v10/webhooks/1/t/messages/@original")!.Value, System.Text.Json.JsonDocument.Parse(body).RootElement));
    }
}
