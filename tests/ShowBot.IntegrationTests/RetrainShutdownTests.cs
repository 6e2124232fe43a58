using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.IntegrationTests;

/// <summary>
/// SIGTERM, as a supervisor sends it, while a retraining run is going on: the run is cancelled, nothing is recorded,
/// the admin is told before the process ends, and the next start serves the model that served before.
/// </summary>
public class RetrainShutdownTests
{
    /// <summary>
    /// Enough distinct shows that EASE (a dense item × item inverse) takes many seconds: the run is surely still going
    /// when the signal comes, and nothing about the data is unusual.
    /// </summary>
    private static void SeedManyShows(TempDirectory data)
    {
        var random = new Random(7);
        using (var database = new ShowBotDatabase(data.DatabasePath))
        {
            new LiteRatingStore(database).UpsertMany(Enumerable.Range(0, 500).SelectMany(person =>
                Enumerable.Range(0, 10).Select(_ => random.Next(3_500)).Distinct().Select(show =>
                    new Rating(new UserKey("import", $"p{person}"), $"tt{9_000_000 + show}", RatingKind.Like, RatingSource.Import, DateTimeOffset.UtcNow))));
        }

        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
            ["ShowBot:Retraining:MinLikes"] = "100",
            ["ShowBot:Retraining:Candidates:0"] = "item-knn",
        });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        using var services = builder.Build();
        var outcome = services.Services.GetRequiredService<ModelLifecycle>().RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(RetrainResult.Deployed, outcome.Result);
    }

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["ShowBot:Console:UserName"] = "admin",
        ["ShowBot:Retraining:MinLikes"] = "100",
        ["ShowBot:Retraining:Candidates:0"] = "ease",
        // The chat keeps routine logs off its terminal; the retraining steps are let through so a test can see the run under way.
        ["Logging:Console:LogLevel:ShowBot.Scheduling.RetrainJob"] = "Information",
    };

    [Fact]
    public async Task SIGTERM_during_a_retrain_from_the_chat_cancels_it_tells_the_admin_and_the_next_start_serves_the_earlier_model()
    {
        using var data = new TempDirectory();
        SeedManyShows(data);

        using var bot = ShowBotProcess.Start(data, Settings, "chat");
        Assert.True(await bot.TryWriteLineAsync("/showbot retrain force"), bot.Errors);
        await Eventually.TrueAsync(() => bot.Errors.Contains("Retraining: snapshot data@", StringComparison.Ordinal) || bot.HasExited, patience: TimeSpan.FromSeconds(90));
        Assert.False(bot.HasExited, bot.Errors);
        await bot.SignalAsync("TERM");
        var exitCode = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(bot.Output.Contains("Retraining was stopped because ShowBot is shutting down; the serving model is unchanged. Ask again once it is back.", StringComparison.Ordinal), bot.Output + "\n" + bot.Errors);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("gave up waiting for its running jobs", bot.Errors, StringComparison.Ordinal);

        var (_, status, _) = await ShowBotProcess.RunAsync(data, Settings, ["/showbot models", "/showbot status"], "chat");
        Assert.Contains("Serving: v1 (item-knn)", status, StringComparison.Ordinal);
        Assert.DoesNotContain("v2", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGTERM_during_the_train_verb_cancels_the_run_with_one_line_and_exit_code_1_and_keeps_the_serving_model()
    {
        using var data = new TempDirectory();
        SeedManyShows(data);

        using var train = ShowBotProcess.Start(data, Settings, "train", "--force");
        await Eventually.TrueAsync(() => train.Errors.Contains("snapshot data@", StringComparison.Ordinal) || train.HasExited, patience: TimeSpan.FromSeconds(90));
        Assert.False(train.HasExited, train.Errors);
        await train.SignalAsync("TERM");
        var exitCode = await train.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("Retraining was cancelled before it finished; the serving model is unchanged.", train.Output.Trim());
        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("   at ", train.Errors, StringComparison.Ordinal);

        var (_, listed, _) = await ShowBotProcess.RunAsync(data, Settings, "models");
        Assert.Contains("v1", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("v2", listed, StringComparison.Ordinal);
    }
}
