using System.Text.RegularExpressions;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using ShowBot.ConsoleChat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Hosting;
using ShowBot.Storage;
using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

/// <summary>The disk fills up while the worker answers: every request is answered or its person told, and the bot stays up.</summary>
public partial class WorkerFullDiskTests
{
    private static readonly string[] Shows =
    [
        "Breaking Bad", "The Wire", "Fargo", "Sherlock", "Friends", "Seinfeld", "Mad Men", "The Sopranos", "Dexter", "Westworld",
        "Succession", "Severance", "Narcos", "Ozark", "Mindhunter", "Chernobyl", "Band of Brothers", "Planet Earth", "Game of Thrones", "True Detective",
    ];

    [Fact]
    public Task Twenty_requests_while_the_disk_is_full_and_then_freed_each_get_suggestions_or_a_clear_message_and_the_bot_stays_up() =>
        TwentyRequestsWhileTheDiskFillsAndFrees(new FullDisk());

    [Fact]
    public Task The_chat_waiting_for_a_reply_outlasts_reads_that_fail_on_the_full_disk_and_every_request_is_answered_or_told() =>
        TwentyRequestsWhileTheDiskFillsAndFrees(new FullDisk { ReadsFailWhileFull = true });

    private static async Task TwentyRequestsWhileTheDiskFillsAndFrees(FullDisk disk)
    {
        using var data = new TempDirectory();
        disk.FillAfter(writes: 12, failures: 12);
        var output = new StringWriter();
        var terminal = new ConsoleTerminal(new StringReader(string.Join("\n", Shows.Select(s => "/recommend " + s)) + "\n"), output, interactive: false);
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
            ["ShowBot:Worker:PollInterval"] = "00:00:00.050",
        });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        builder.Services.AddSingleton<IPredictionQueue>(sp => new FullDiskQueue(new LitePredictionQueue(sp.GetRequiredService<ShowBotDatabase>()), disk));
        builder.Services.AddSingleton<IRatingStore>(sp => new FullDiskRatings(new LiteRatingStore(sp.GetRequiredService<ShowBotDatabase>()), disk));
        builder.Services.AddSingleton<ISuggestionMessageStore>(sp => new FullDiskMessages(new LiteSuggestionMessageStore(sp.GetRequiredService<ShowBotDatabase>()), disk));
        builder.Services.AddConsoleChat(builder.Configuration, terminal);
        builder.Logging.AddFakeLogging();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var host = builder.Build();
        var logs = host.Services.GetFakeLogCollector();
        var exitCode = await HostRunner.RunAsync(host, timeout.Token);

        var text = output.ToString();
        Assert.False(timeout.IsCancellationRequested, "the chat did not finish by itself:\n" + text);
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(12, disk.FailedWrites);
        var notQueued = text.Occurrences("Sorry — I couldn't save that just now");
        var queued = text.Occurrences("Looking for shows like");
        var lists = SuggestionList().Count(text);
        var told = text.Occurrences("Sorry — I couldn't save your request (the bot's disk is full). Please try again later.");
        Assert.Equal(Shows.Length, queued + notQueued);
        Assert.Equal(queued, lists + told);
        Assert.DoesNotContain("No space left", text, StringComparison.Ordinal);
        Assert.True(lists > 0, text);
        // One error per spell of failures, not one (with its stack trace) per failed call.
        var logged = logs.GetSnapshot();
        Assert.InRange(logged.Count(e => e.Category == typeof(ConsoleChatService).FullName && e.Level == LogLevel.Error), 0, 1);
        Assert.InRange(logged.Count(e => e.Category == typeof(PredictionWorker).FullName && e.Level == LogLevel.Error), 0, 1);
    }

    [GeneratedRegex(@"^\[#\d+\] Because you like", RegexOptions.Multiline)]
    private static partial Regex SuggestionList();
}
