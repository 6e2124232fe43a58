using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Discord.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Discord.Tests;

/// <summary>Every request body the bot sent over a busy session, checked against Discord's official OpenAPI spec (tests/Specs/discord).</summary>
public sealed class SpecConformanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Every_request_body_conforms_to_the_official_openapi_spec()
    {
        var spec = OpenApiSchema.Load();
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath);
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
            var violations = spec.Violations(request.Method, request.Path, request.Json);
            Assert.True(violations.Count == 0, $"{request.Method} {request.Path}:\n{string.Join("\n", violations)}\n{request.Body}");
            checkedBodies++;
        }

        output.WriteLine($"{checkedBodies} request bodies conform");
        Assert.Equal(14, checkedBodies);
    }

    [Theory]
    [InlineData("POST", "/api/v10/interactions/1/t/callback", """{"type":3}""")]
    [InlineData("POST", "/api/v10/interactions/1/t/callback", """{"type":8,"data":{"choices":[{"name":"","value":"x"}]}}""")]
    [InlineData("POST", "/api/v10/interactions/1/t/callback", """{"data":{"content":"x"}}""")]
    [InlineData("PATCH", "/api/v10/webhooks/1/t/messages/@original", """{"content":"x","allowed_mentions":{"parse":["nobody"]}}""")]
    [InlineData("PATCH", "/api/v10/webhooks/1/t/messages/@original", """{"content":5}""")]
    [InlineData("PATCH", "/api/v10/webhooks/1/t/messages/@original", """{"embeds":[{"fields":[{"name":"x"}]}]}""")]
    [InlineData("PUT", "/api/v10/applications/1/commands", """[{"description":"no name"}]""")]
    [InlineData("PUT", "/api/v10/applications/1/commands", """{"name":"not-a-list"}""")]
    [InlineData("POST", "/api/v10/channels/1/messages", """{"content":"x","tts":"yes"}""")]
    [InlineData("POST", "/api/v10/channels/1/messages", """{"content":"x","flags":"many"}""")]
    public void The_spec_check_catches_bodies_Discord_would_refuse(string method, string path, string body)
    {
        Assert.NotEmpty(OpenApiSchema.Load().Violations(method, path, System.Text.Json.JsonDocument.Parse(body).RootElement));
    }

    [Fact]
    public void The_spec_check_catches_content_over_2000_characters()
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["content"] = new string('x', 2001) }.ToJsonString();

        var violations = OpenApiSchema.Load().Violations("PATCH", "/api/v10/webhooks/1/t/messages/@original", System.Text.Json.JsonDocument.Parse(body).RootElement);

        Assert.Contains("#/content maxLength: Value should be at most 2000 characters", violations);
    }

    [Theory]
    [InlineData("PATCH", "/api/v10/webhooks/1/t/messages/@original", """{"content":"x","allowed_mentions":{"parse":[]}}""")]
    [InlineData("POST", "/api/v10/interactions/1/t/callback", """{"type":5}""")]
    [InlineData("PUT", "/api/v10/applications/1/commands", """[{"name":"help","description":"What ShowBot can do"}]""")]
    [InlineData("PUT", "/api/v10/applications/1/commands", """[{"name":"showbot","description":"Admin","default_member_permissions":"32"}]""")]
    public void The_spec_check_passes_bodies_Discord_takes(string method, string path, string body)
    {
        Assert.Empty(OpenApiSchema.Load().Violations(method, path, System.Text.Json.JsonDocument.Parse(body).RootElement));
    }
}
