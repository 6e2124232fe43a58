using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using ShowBot.Core.Catalog;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Discord.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Discord.Tests;

/// <summary>
/// <c>/showbot retrain|status|models|rollback</c> over the fake Discord, through Core's admin commands and the real
/// Quartz retraining job, on ratings seeded into the store.
/// </summary>
public sealed class AdminCommandTests(ITestOutputHelper output) : RunningBotTests
{
    private const string ManageServer = "32";
    private const string Administrator = "8";
    private const string RetrainingEnded = "Retraining ended";
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ShowBot:Retraining:MinLikes"] = "100" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // With no model stored, the host retrains once at start; it finds no likes. Seeding waits for it to end.
        await Eventually.TrueAsync(() => RetrainingRuns == 1, "the start-up catch-up run");
    }

    private int RetrainingRuns => Bot.Logs.Lines.Count(e => e.Text.StartsWith(RetrainingEnded, StringComparison.Ordinal));

    [Fact]
    public async Task Retrain_is_accepted_then_the_outcome_follows_up_and_status_and_models_show_the_new_version()
    {
        SeedTwoTasteGroups();
        var (id, token, _) = await Discord.SendCommandAsync("showbot", [SubCommand("retrain")], permissions: ManageServer);

        var deferred = await SingleRequestAsync("POST", $"/interactions/{id}/");
        Assert.Equal(5, deferred.Json.GetProperty("type").GetInt32());
        var accepted = await SingleRequestAsync("PATCH", $"/{token}/messages/@original");
        Assert.Contains("Retraining started", Content(accepted), StringComparison.Ordinal);

        var followUpPath = $"/api/v10/webhooks/{FakeDiscord.ApplicationId}/{token}";
        await Eventually.TrueAsync(() => Discord.Requests.Any(r => r.Method == "POST" && r.Path == followUpPath), "the outcome as a follow-up", patience: TimeSpan.FromSeconds(60));
        var outcome = Assert.Single(Discord.Requests, r => r.Method == "POST" && r.Path == followUpPath);
        output.WriteLine(Content(outcome));
        Assert.StartsWith("Deployed v1 (", Content(outcome), StringComparison.Ordinal);
        Assert.Contains("wait=true", outcome.RawTarget, StringComparison.Ordinal);
        Assert.Equal(64, outcome.Json.GetProperty("flags").GetInt32());
        Assert.Equal(0, outcome.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Empty(Discord.RequestsTo("POST", $"/channels/{FakeDiscord.ChannelId}/messages"));
        Assert.Equal("v1", Bot.Services.GetRequiredService<ServingModel>().Current.Version);

        var status = Content(await AnswerToAsync(SubCommand("status")));
        output.WriteLine(status);
        Assert.StartsWith("Serving: v1 (", status, StringComparison.Ordinal);
        Assert.Contains("trained on:", status, StringComparison.Ordinal);
        Assert.Contains("Next scheduled retraining:", status, StringComparison.Ordinal);

        var models = Content(await AnswerToAsync(SubCommand("models")));
        output.WriteLine(models);
        Assert.StartsWith("Recent models (newest first):", models, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+v1\s+deployed\s", models);

        // v1 is the first version ever deployed: nothing to go back to, and it keeps serving.
        var rollback = Content(await AnswerToAsync(SubCommand("rollback"), Administrator));
        Assert.Equal("There is no earlier version to roll back to.", rollback);
        Assert.Equal("v1", Bot.Services.GetRequiredService<ServingModel>().Current.Version);
    }

    [Fact]
    public async Task Rollback_with_no_earlier_version_says_so_and_status_shows_the_baseline()
    {
        var rollback = Content(await AnswerToAsync(SubCommand("rollback"), ManageServer));
        var named = Content(await AnswerToAsync(SubCommand("rollback", new JsonObject { ["name"] = "version", ["type"] = 3, ["value"] = "v7" }), ManageServer));
        var models = Content(await AnswerToAsync(SubCommand("models")));
        var status = Content(await AnswerToAsync(SubCommand("status")));

        Assert.Equal("There is no earlier version to roll back to.", rollback);
        Assert.Equal("There is no version v7.", named);
        Assert.Equal("No model has been trained yet; the knowledge model serves.", models);
        Assert.Contains("(the knowledge model; no trained model deployed)", status, StringComparison.Ordinal);
        Assert.Contains("Queue: 0 request(s) waiting", status, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2048")]
    public async Task Every_admin_subcommand_from_a_non_manager_is_refused_and_triggers_nothing(string permissions)
    {
        SeedTwoTasteGroups();
        var subCommands = new[]
        {
            SubCommand("retrain", new JsonObject { ["name"] = "force", ["type"] = 5, ["value"] = true }),
            SubCommand("status"),
            SubCommand("models"),
            SubCommand("rollback", new JsonObject { ["name"] = "version", ["type"] = 3, ["value"] = "v1" }),
        };

        foreach (var subCommand in subCommands)
        {
            var answer = Content(await AnswerToAsync(subCommand, permissions));
            Assert.Equal($"Only ShowBot's admins can use /showbot {subCommand["name"]}. Ask whoever runs this bot.", answer);
        }

        // Each refusal was answered after the command was handled: nothing of it can still be on its way.
        Assert.Equal(1, RetrainingRuns);
        Assert.Empty(Bot.Services.GetRequiredService<IModelStore>().Recent(10));
        Assert.DoesNotContain(Discord.Requests, r => r.Method == "POST" && r.Path.StartsWith("/api/v10/webhooks/", StringComparison.Ordinal));
        Assert.Empty(Discord.RequestsTo("POST", "/channels/"));
        Assert.Equal(4, Bot.Logs.Lines.Count(e => e.Level == LogLevel.Warning && e.Text.StartsWith("Refused /showbot", StringComparison.Ordinal)));
    }

    /// <summary>
    /// About 300 people in two taste groups, each liking a dozen shows of its group's 40: enough likes for the
    /// evaluation gate, and a pattern a trained model learns better than the content baseline. The groups take
    /// every other show by id, so neither is the older shows, which the content model would find by era alone.
    /// </summary>
    private void SeedTwoTasteGroups()
    {
        var shows = Bot.Services.GetRequiredService<ShowCatalog>().Shows.Select(s => s.Id).Order(StringComparer.Ordinal).Take(80).ToArray();
        var random = new Random(7);
        var at = DateTimeOffset.UtcNow;
        var likes = new List<Rating>();
        for (var person = 0; person < 300; person++)
        {
            var group = shows.Where((_, index) => index % 2 == person % 2).ToArray();
            random.Shuffle(group);
            likes.AddRange(group.Take(12).Select(show => new Rating(new UserKey("discord", $"70000000000000{person:D4}"), show, RatingKind.Like, RatingSource.Import, at)));
        }

        Assert.Equal(3600, Bot.Services.GetRequiredService<IRatingStore>().UpsertMany(likes));
    }

    /// <summary>Runs <c>/showbot</c> with the subcommand and returns the edit of its deferred response.</summary>
    private async Task<RecordedRequest> AnswerToAsync(JsonObject subCommand, string permissions = ManageServer)
    {
        var (_, token, _) = await Discord.SendCommandAsync("showbot", [subCommand], permissions: permissions);
        return await SingleRequestAsync("PATCH", $"/{token}/messages/@original");
    }

    private async Task<RecordedRequest> SingleRequestAsync(string method, string pathContains)
    {
        await Eventually.TrueAsync(() => Discord.RequestsTo(method, pathContains).Any(), $"{method} …{pathContains}");
        return Assert.Single(Discord.RequestsTo(method, pathContains));
    }

    private static string Content(RecordedRequest request) => request.Json.GetProperty("content").GetString()!;

    private static JsonObject SubCommand(string name, params JsonNode[] options) =>
        new() { ["name"] = name, ["type"] = 1, ["options"] = new JsonArray(options) };
}
