using System.Diagnostics;

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
        var outcome = services.Services.GetRequiredService<ModelLifecycle>().RetrainAsync(force: true, progress: null, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(RetrainResult.Deployed, outcome.Result);
    }

    private static Process Start(TempDirectory data, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "showbot.dll"), .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data.Path,
        };
        start.Environment["ShowBot__Storage__DatabasePath"] = data.DatabasePath;
        start.Environment["ShowBot__Console__UserName"] = "admin";
        start.Environment["ShowBot__Retraining__MinLikes"] = "100";
        start.Environment["ShowBot__Retraining__Candidates__0"] = "ease";
        // The chat keeps routine logs off its terminal; the retraining steps are let through so a test can see the run under way.
        start.Environment["Logging__Console__LogLevel__ShowBot.Scheduling.RetrainJob"] = "Information";
        return Process.Start(start)!;
    }

    private static async Task TerminateAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Collects a stream's lines as they come, so a test can wait for one.</summary>
    private sealed class Lines
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

        public Lines(StreamReader reader) => Reading = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Enqueue(line);
            }
        });

        public Task Reading { get; }

        public string Text => string.Join("\n", lines);

        public bool Contains(string text) => lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SIGTERM_during_a_retrain_from_the_chat_cancels_it_tells_the_admin_and_the_next_start_serves_the_earlier_model()
    {
        using var data = new TempDirectory();
        SeedManyShows(data);

        using var bot = Start(data, "chat");
        var output = new Lines(bot.StandardOutput);
        var errors = new Lines(bot.StandardError);
        await bot.StandardInput.WriteLineAsync("/showbot retrain force");
        await bot.StandardInput.FlushAsync();
        await Eventually.TrueAsync(() => errors.Contains("Retraining: snapshot data@") || bot.HasExited, TimeSpan.FromSeconds(90));
        Assert.False(bot.HasExited, errors.Text);
        await TerminateAsync(bot);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bot.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output.Reading, errors.Reading);

        Assert.True(output.Contains("Retraining was stopped because ShowBot is shutting down; the serving model is unchanged. Ask again once it is back."), output.Text + "\n" + errors.Text);
        Assert.Equal(0, bot.ExitCode);
        Assert.False(errors.Contains("gave up waiting for its running jobs"), errors.Text);

        using var next = Start(data, "chat");
        var status = next.StandardOutput.ReadToEndAsync();
        await next.StandardInput.WriteLineAsync("/showbot models");
        await next.StandardInput.WriteLineAsync("/showbot status");
        next.StandardInput.Close();
        await next.WaitForExitAsync(timeout.Token);
        Assert.Contains("Serving: v1 (item-knn)", await status, StringComparison.Ordinal);
        Assert.DoesNotContain("v2", await status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGTERM_during_the_train_verb_cancels_the_run_with_one_line_and_exit_code_1_and_keeps_the_serving_model()
    {
        using var data = new TempDirectory();
        SeedManyShows(data);

        using var train = Start(data, "train");
        var output = new Lines(train.StandardOutput);
        var progress = new Lines(train.StandardError);
        await Eventually.TrueAsync(() => progress.Contains("snapshot data@") || train.HasExited, TimeSpan.FromSeconds(90));
        Assert.False(train.HasExited, progress.Text);
        await TerminateAsync(train);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await train.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output.Reading, progress.Reading);

        Assert.Equal("Retraining was cancelled before it finished; the serving model is unchanged.", output.Text);
        Assert.Equal(1, train.ExitCode);
        Assert.DoesNotContain("   at ", progress.Text, StringComparison.Ordinal);

        using var models = Start(data, "models");
        var listed = await models.StandardOutput.ReadToEndAsync();
        await models.WaitForExitAsync(timeout.Token);
        Assert.Contains("v1", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("v2", listed, StringComparison.Ordinal);
    }
}
