using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Lifecycle;
using ShowBot.Discord.Tests.Fakes;

namespace ShowBot.Discord.Tests;

/// <summary>
/// Who is a ShowBot admin on Discord: <c>AdminUserIds</c> anywhere, Manage Server only in <c>AdminGuildIds</c>, and
/// Manage Server in any server only when neither is set. Someone who adds the bot to a server of their own manages
/// that server, and must not thereby control the model every server shares.
/// </summary>
public sealed class AdminAllowListTests : IDisposable
{
    private const string ManageServer = "32";
    private const string NoPermissions = "0";
    private const string OwnerId = "800000000000000077";
    private const string StrangerId = "800000000000000088";
    private const string OwnerGuild = "900000000000000099";
    private const string StrangersGuild = FakeDiscord.GuildId;
    private static string Refused(string subCommand) => $"Only ShowBot's admins can use /showbot {subCommand}. Ask whoever runs this bot.";
    private const string RetrainingStarted = "Retraining started.";

    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_server_manager_outside_the_admin_servers_is_refused_retrain_and_nothing_is_trained()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord, new() { ["ShowBot:Discord:AdminGuildIds:0"] = OwnerGuild });

        var refused = await AnswerAsync(discord, "retrain", StrangerId, ManageServer, StrangersGuild);
        var accepted = await AnswerAsync(discord, "models", OwnerId, ManageServer, OwnerGuild);

        Assert.Equal(Refused("retrain"), refused.Content);
        Assert.True(refused.Ephemeral);
        Assert.Equal("No model has been trained yet; the knowledge model serves.", accepted.Content);
        Assert.Equal(1, RetrainingRuns(bot));
        Assert.Empty(bot.Services.GetRequiredService<IModelStore>().Recent(10));
        Assert.DoesNotContain(discord.Requests, r => r.Method == "POST" && r.Path.StartsWith("/api/v10/webhooks/", StringComparison.Ordinal));
        Assert.Contains(bot.Logs.Lines, e => e.Level == LogLevel.Warning && e.Text.StartsWith($"Refused /showbot to user {StrangerId} in server {StrangersGuild}", StringComparison.Ordinal));
        Assert.False(bot.Logs.Contains(LogLevel.Warning, "neither ShowBot:Discord:AdminUserIds nor"), bot.Logs.All);
    }

    [Fact]
    public async Task An_allow_listed_user_is_an_admin_in_any_server_without_Manage_Server_and_managers_are_not()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord, new() { ["ShowBot:Discord:AdminUserIds:0"] = OwnerId });

        var retrain = await AnswerAsync(discord, "retrain", OwnerId, NoPermissions, StrangersGuild);
        var status = await AnswerAsync(discord, "status", OwnerId, NoPermissions, OwnerGuild);
        var manager = await AnswerAsync(discord, "status", StrangerId, ManageServer, StrangersGuild);

        Assert.StartsWith(RetrainingStarted, retrain.Content, StringComparison.Ordinal);
        Assert.StartsWith("Serving:", status.Content, StringComparison.Ordinal);
        Assert.Equal(Refused("status"), manager.Content);
    }

    [Fact]
    public async Task With_both_set_either_makes_an_admin()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord, new()
        {
            ["ShowBot:Discord:AdminUserIds:0"] = OwnerId,
            ["ShowBot:Discord:AdminGuildIds:0"] = OwnerGuild,
        });

        var listed = await AnswerAsync(discord, "models", OwnerId, NoPermissions, StrangersGuild);
        var managerOfAdminServer = await AnswerAsync(discord, "models", StrangerId, ManageServer, OwnerGuild);
        var managerElsewhere = await AnswerAsync(discord, "models", StrangerId, ManageServer, StrangersGuild);

        Assert.NotEqual(Refused("models"), listed.Content);
        Assert.NotEqual(Refused("models"), managerOfAdminServer.Content);
        Assert.Equal(Refused("models"), managerElsewhere.Content);
    }

    [Fact]
    public async Task With_nothing_set_Manage_Server_in_any_server_is_enough_and_the_start_warns_so()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(discord, []);

        var manager = await AnswerAsync(discord, "retrain", StrangerId, ManageServer, StrangersGuild);
        var member = await AnswerAsync(discord, "models", OwnerId, NoPermissions, OwnerGuild);

        Assert.StartsWith(RetrainingStarted, manager.Content, StringComparison.Ordinal);
        Assert.Equal(Refused("models"), member.Content);
        Assert.True(bot.Logs.Contains(LogLevel.Warning, "anyone with Manage Server in any server the bot is in can retrain or roll back"), bot.Logs.All);
    }

    [Theory]
    [InlineData("ShowBot:Discord:AdminUserIds:0", "Alice#1234", "ShowBot:Discord:AdminUserIds: entry 0 is not a numeric Discord user id")]
    [InlineData("ShowBot:Discord:AdminGuildIds:0", "my server", "ShowBot:Discord:AdminGuildIds: entry 0 is not a numeric Discord server id")]
    public async Task A_malformed_admin_id_stops_the_start_with_a_message_naming_the_setting(string key, string value, string expected)
    {
        await using var discord = await FakeDiscord.StartAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => DiscordBotHost.StartAsync(discord, data.DatabasePath, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        Assert.Empty(discord.Connections);
    }

    private async Task<DiscordBotHost> StartAsync(FakeDiscord discord, Dictionary<string, string?> settings)
    {
        var bot = await DiscordBotHost.StartAsync(discord, data.DatabasePath, settings);
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/commands").Any(), "ready");
        // With no model stored, the host retrains once at start; a retrain asked for meanwhile would meet that run.
        await Eventually.TrueAsync(() => RetrainingRuns(bot) == 1, "the start-up catch-up run");
        return bot;
    }

    private static int RetrainingRuns(DiscordBotHost bot) =>
        bot.Logs.Lines.Count(e => e.Text.StartsWith("Retraining ended", StringComparison.Ordinal));

    /// <summary>Runs <c>/showbot {subCommand}</c> as the user in the server; returns the answer and whether it was deferred as ephemeral.</summary>
    private static async Task<(string Content, bool Ephemeral)> AnswerAsync(FakeDiscord discord, string subCommand, string userId, string permissions, string guildId)
    {
        var command = new JsonObject { ["name"] = subCommand, ["type"] = 1, ["options"] = new JsonArray() };
        var (id, token, _) = await discord.SendCommandAsync("showbot", [command], userId, permissions, guildId: guildId);
        var answer = await discord.LastAsync("PATCH", $"/{token}/messages/@original", 1);
        var deferred = Assert.Single(discord.RequestsTo("POST", $"/interactions/{id}/"));
        var ephemeral = deferred.Json.GetProperty("data").GetProperty("flags").GetInt32() == 64;
        return (answer.Json.GetProperty("content").GetString()!, ephemeral);
    }
}
