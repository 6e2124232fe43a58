using System.Text.RegularExpressions;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.ConsoleChat;
using ShowBot.Core.Catalog;
using ShowBot.Core.Lifecycle;
using ShowBot.Hosting;
using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

/// <summary>The model lifecycle as an admin and users drive it through the console chat.</summary>
public partial class LifecycleChatTests
{
    private static Dictionary<string, string?> Settings(TempDirectory data, string user) => new()
    {
        ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
        ["ShowBot:Console:UserName"] = user,
        ["ShowBot:Retraining:MinLikes"] = "100",
        ["ShowBot:Retraining:Candidates:0"] = "item-knn",
    };

    private static async Task<string> ChatAsync(TempDirectory data, string user, params string[] lines)
    {
        var output = new StringWriter();
        var terminal = new ConsoleTerminal(new StringReader(string.Join("\n", lines) + "\n"), output, interactive: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exitCode = await ShowBotCommandLine.RunAsync(terminal, consoleOnly: true, timeout.Token, Settings(data, user));
        Assert.Equal(0, exitCode);
        return output.ToString();
    }

    private static T WithServices<T>(TempDirectory data, Func<IServiceProvider, T> read)
    {
        var builder = ShowBotHost.CreateBuilder(Settings(data, "setup"));
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        using var host = builder.Build();
        return read(host.Services);
    }

    /// <summary>Seeds people of two tastes and lets the first start train and deploy v1.</summary>
    internal static async Task WithDeployedFirstModelAsync(TempDirectory data)
    {
        RetrainScheduleTests.SeedRatings(data.DatabasePath, 100, DateTimeOffset.UtcNow);
        var builder = ShowBotHost.CreateBuilder(Settings(data, "setup"));
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var models = host.Services.GetRequiredService<IModelStore>();
        await Eventually.TrueAsync(() => models.Deployed?.Version == "v1", patience: TimeSpan.FromSeconds(60));

        await host.StopAsync();
    }

    [Fact]
    public async Task Likes_feed_a_retrain_the_new_version_shows_in_status_and_recommendations_change_because_of_them()
    {
        using var data = new TempDirectory();
        await WithDeployedFirstModelAsync(data);

        var alice = await ChatAsync(data, "alice", "/recommend Planet Earth", "/react 1 3", "/showbot retrain force", "/showbot status", "/showbot models");

        var aliceList = SuggestionTitles(alice);
        var liked = aliceList[2];
        Assert.NotEqual(liked, aliceList[0]);
        Assert.Contains("Deployed v2 (item-knn", alice, StringComparison.Ordinal);
        Assert.Contains("Serving: v2 (item-knn)", alice, StringComparison.Ordinal);
        Assert.Matches(@"v2 +deployed +item-knn", alice);
        Assert.Matches(@"v1 +retired +item-knn", alice);

        var learned = WithServices(data, services =>
        {
            var first = services.GetRequiredService<IModelStore>().LoadArtifact("v2").Recommend(new(["tt0795176"], 1)).Single();
            return services.GetRequiredService<ShowCatalog>().Find(first.ItemId)!.Title;
        });
        var bob = await ChatAsync(data, "bob", "/recommend Planet Earth");

        Assert.Equal(liked, learned);
        Assert.StartsWith("Planet Earth", SuggestionLine().Match(bob).Groups["because"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_on_the_likes_the_serving_model_was_trained_on_is_skipped_and_train_force_trains_anyway()
    {
        using var data = new TempDirectory();
        await WithDeployedFirstModelAsync(data);
        var settings = Settings(data, "operator");

        var (skippedExit, skipped, _) = await ShowBotProcess.RunAsync(data, settings, "train");
        var (forcedExit, forced, forcedErrors) = await ShowBotProcess.RunAsync(data, settings, "train", "--force");

        Assert.Equal(0, skippedExit);
        Assert.StartsWith("Skipped: the likes are the same as v1 was trained on (data@", skipped.Trim(), StringComparison.Ordinal);
        Assert.True(forcedExit == 0, forcedErrors);
        Assert.EndsWith("Trained on the same likes as v1, as forced.", forced.Trim(), StringComparison.Ordinal);
        Assert.Contains("same likes as v1: training anyway, as forced", forcedErrors, StringComparison.Ordinal);
        Assert.DoesNotContain("gave up waiting", forcedErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_from_the_chat_serves_the_earlier_version()
    {
        using var data = new TempDirectory();
        await WithDeployedFirstModelAsync(data);

        var output = await ChatAsync(data, "alice", "/showbot retrain force", "/showbot rollback", "/showbot status", "/showbot rollback v9");

        Assert.Contains("Rolled back: serving v1 (item-knn) instead of v2.", output, StringComparison.Ordinal);
        Assert.Contains("Serving: v1 (item-knn)", output, StringComparison.Ordinal);
        Assert.Contains("There is no version v9.", output, StringComparison.Ordinal);
    }

    private static List<string> SuggestionTitles(string output) =>
        SuggestionLine().Matches(output).Select(m => m.Groups["title"].Value).ToList();

    [GeneratedRegex(@"^ +\d+\. (?<title>.+?) \([^)]*\) · [^—\n]+?( — because you liked (?<because>.+))?$", RegexOptions.Multiline)]
    private static partial Regex SuggestionLine();
}
