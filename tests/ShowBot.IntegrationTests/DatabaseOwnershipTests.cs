using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

using ShowBot.Storage;

namespace ShowBot.IntegrationTests;

/// <summary>
/// One process owns a database file (issue 10, item 1): a second bot is refused at once, operators' verbs beside a
/// running bot are run by it, and an owner killed with kill -9 blocks nobody. Every process here is the real executable.
/// </summary>
public partial class DatabaseOwnershipTests
{
    private static readonly Dictionary<string, string?> Training = new()
    {
        ["ShowBot:Retraining:MinLikes"] = "100",
        ["ShowBot:Retraining:MinNewRatings"] = "10",
        ["ShowBot:Retraining:Candidates:0"] = "item-knn",
        // Far away, so only the test's own `train` retrains.
        ["ShowBot:Retraining:Cron"] = "0 0 3 1 1 ? 2099",
    };

    [Fact]
    public async Task A_second_chat_on_a_running_bots_file_is_refused_at_once_with_one_line_naming_the_owner()
    {
        using var data = new TempDirectory();
        using var first = await StartedChatAsync(data);

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, null, "chat");

        Assert.Equal(6, exitCode);
        Assert.Empty(output.Trim());
        var line = Assert.Single(Lines(errors));
        Assert.Contains($"in use by process {first.Id} (showbot chat, since ", line, StringComparison.Ordinal);
        Assert.Contains("Stop that one first", line, StringComparison.Ordinal);
        Assert.True(await first.TryWriteLineAsync("/recommend Fargo"));
        await Eventually.TrueAsync(() => first.Output.Contains("[#2] Because you like Fargo", StringComparison.Ordinal));
        first.CloseInput();
        Assert.Equal(0, await first.WaitForExitAsync());
    }

    [Fact]
    public async Task Two_chats_piping_requests_at_once_lose_no_request_and_give_no_list_number_twice()
    {
        const int Requests = 25;
        using var data = new TempDirectory();
        using var a = ShowBotProcess.Start(data, null, "chat");
        using var b = ShowBotProcess.Start(data, null, "chat");
        // Both pipes stay open until one chat has given up, so the two overlap for certain.
        await Task.WhenAll(PipeRequestsAsync(a, Requests), PipeRequestsAsync(b, Requests));
        await Eventually.TrueAsync(() => a.HasExited || b.HasExited, patience: TimeSpan.FromSeconds(60));
        var (refused, owner) = a.HasExited ? (a, b) : (b, a);
        owner.CloseInput();

        Assert.Equal(0, await owner.WaitForExitAsync());
        Assert.Equal(6, refused.ExitCode);
        Assert.Contains($"in use by process {owner.Id} (showbot chat", Assert.Single(Lines(refused.Errors)), StringComparison.Ordinal);
        var numbers = ListNumbers().Matches(owner.Output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, Requests), numbers.Order());
    }

    [Fact]
    public async Task Train_beside_a_running_chat_is_run_by_the_bot_which_deploys_and_stores_the_new_version()
    {
        using var data = new TempDirectory();
        await LifecycleChatTests.WithDeployedFirstModelAsync(data);
        using var bot = await StartedChatAsync(data, Training);

        var train = await ShowBotProcess.RunAsync(data, Training, "train");
        var models = await ShowBotProcess.RunAsync(data, Training, "models");

        Assert.True(train.ExitCode == 0, train.Errors);
        Assert.StartsWith("Deployed v2 (item-knn", train.Output.Trim(), StringComparison.Ordinal);
        Assert.Contains($"train: run by the bot that has the database open, process {bot.Id} (showbot chat", train.Errors, StringComparison.Ordinal);
        Assert.Matches(@"v2\s+deployed\s+item-knn", models.Output);
        Assert.Matches(@"v1\s+retired\s+item-knn", models.Output);
        Assert.True(await bot.TryWriteLineAsync("/recommend Breaking Bad"));
        await Eventually.TrueAsync(() => bot.Output.Contains("[#2] Because you like Breaking Bad", StringComparison.Ordinal));
        bot.CloseInput();
        Assert.Equal(0, await bot.WaitForExitAsync());

        using var database = new ShowBotDatabase(data.DatabasePath);
        var stored = new LiteModelStore(database);
        Assert.Equal("v2", stored.Deployed?.Version);
        Assert.NotNull(stored.LoadArtifact("v2"));
    }

    [Fact]
    public async Task Import_ratings_beside_a_running_chat_is_run_by_the_bot_and_the_ratings_are_stored()
    {
        using var data = new TempDirectory();
        using var bot = await StartedChatAsync(data);
        var file = Path.Combine(data.Path, "ratings.csv");
        await File.WriteAllLinesAsync(file, ["user,show,rating", .. Enumerable.Range(0, 40).Select(i => $"fan{i},{(i % 2 == 0 ? "tt0903747" : "tt0306414")},9")]);

        var import = await ShowBotProcess.RunAsync(data, null, "import", "ratings", "ratings.csv");
        var export = await ShowBotProcess.RunAsync(data, null, "export", "ratings");

        Assert.True(import.ExitCode == 0, import.Errors);
        Assert.Equal("import ratings: read 40 rows: imported 40, skipped 0", import.Output.Trim());
        Assert.Contains($"import ratings: run by the bot that has the database open, process {bot.Id}", import.Errors, StringComparison.Ordinal);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("import:fan7,tt0306414,1", export.Output, StringComparison.Ordinal);
        bot.CloseInput();
        Assert.Equal(0, await bot.WaitForExitAsync());

        using var database = new ShowBotDatabase(data.DatabasePath);
        var ratings = new LiteRatingStore(database);
        Assert.Equal(40, ratings.AsOf(ratings.LastChange).Count(r => r.User.Platform == "import"));
    }

    [Fact]
    public async Task Check_and_backup_beside_a_running_chat_are_run_by_the_bot_and_repair_is_refused()
    {
        using var data = new TempDirectory();
        using var bot = await StartedChatAsync(data);
        var copy = Path.Combine(data.Path, "backups", "copy.db");

        var check = await ShowBotProcess.RunAsync(data, null, "check");
        var backup = await ShowBotProcess.RunAsync(data, null, "backup", copy);
        var repair = await ShowBotProcess.RunAsync(data, null, "repair");

        Assert.True(check.ExitCode == 0, check.Errors);
        Assert.Contains("No damage found.", check.Output, StringComparison.Ordinal);
        Assert.True(backup.ExitCode == 0, backup.Errors);
        Assert.Contains($"backup: run by the bot that has the database open, process {bot.Id}", backup.Errors, StringComparison.Ordinal);
        Assert.Equal(6, repair.ExitCode);
        var refusal = Assert.Single(Lines(repair.Errors));
        Assert.Contains($"is in use by process {bot.Id}", refusal, StringComparison.Ordinal);
        Assert.Contains("repair needs the file to itself", refusal, StringComparison.Ordinal);
        Assert.False(bot.HasExited, bot.Errors);
        using var database = new ShowBotDatabase(copy);
        var copied = new DatabaseMaintenance(database).Check();
        Assert.True(copied.Healthy);
        Assert.Equal(1, copied.Collections.Single(c => c.Collection == "requests").Readable);
    }

    [Fact]
    public async Task A_verb_beside_an_owner_that_cannot_take_it_is_refused_with_one_line_naming_the_owner()
    {
        using var data = new TempDirectory();
        using var bot = await StartedChatAsync(data);
        // As an owner that does not listen: a `train` or `import` running alone, or an older ShowBot.
        File.Delete(data.DatabasePath + ".control");

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, null, "train");

        Assert.Equal(6, exitCode);
        Assert.Empty(output.Trim());
        var line = Assert.Single(Lines(errors));
        Assert.Contains($"train: The database '{data.DatabasePath}' is in use by process {bot.Id} (showbot chat, since ", line, StringComparison.Ordinal);
        Assert.Contains("Wait for it to finish or stop it", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_control_request_that_is_too_long_or_unreadable_is_refused_and_the_bot_serves_on()
    {
        using var data = new TempDirectory();
        using var bot = await StartedChatAsync(data);

        var tooLong = await SendRawAsync(data, new string('x', 100_000));
        var unreadable = await SendRawAsync(data, "{\"verb\":\"drop everything\"}\n");
        var models = await ShowBotProcess.RunAsync(data, null, "models");

        Assert.Contains("\"exitCode\":1", tooLong, StringComparison.Ordinal);
        Assert.Contains("a request it cannot read", unreadable, StringComparison.Ordinal);
        Assert.Contains("\"exitCode\":1", unreadable, StringComparison.Ordinal);
        Assert.Equal(0, models.ExitCode);
        Assert.Contains("No model has been trained yet", models.Output, StringComparison.Ordinal);
        Assert.True(await bot.TryWriteLineAsync("/recommend Fargo"));
        await Eventually.TrueAsync(() => bot.Output.Contains("[#2] Because you like Fargo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_owner_is_killed_with_kill_9_a_new_process_opens_the_file_at_once()
    {
        using var data = new TempDirectory();
        using (var killed = await StartedChatAsync(data))
        {
            killed.Kill();
            await killed.WaitForExitAsync();
        }

        Assert.True(File.Exists(data.DatabasePath + ".lock"), "the killed process leaves its lock file behind");
        using var next = ShowBotProcess.Start(data, null, "chat");
        Assert.True(await next.TryWriteLineAsync("/recommend Fargo"));
        next.CloseInput();

        Assert.True(await next.WaitForExitAsync() == 0, next.Errors);

        // Killed after printing its Breaking Bad list but before storing the request as answered, the first process
        // still owes it, and the new one answers it again first (numbered after the stored list, if it was stored):
        // so Fargo's list is the second or the third.
        Assert.Matches(@"\[#[23]\] Because you like Fargo", next.Output);
    }

    /// <summary>A chat that has answered its first request, so it owns the file and listens for operators' verbs.</summary>
    private static async Task<ShowBotProcess> StartedChatAsync(TempDirectory data, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var chat = ShowBotProcess.Start(data, settings, "chat");
        Assert.True(await chat.TryWriteLineAsync("/recommend Breaking Bad"));
        await Eventually.TrueAsync(() => chat.Output.Contains("[#1] Because you like Breaking Bad", StringComparison.Ordinal) || chat.HasExited, patience: TimeSpan.FromSeconds(60));
        Assert.False(chat.HasExited, chat.Errors);
        return chat;
    }

    /// <summary>Writes <paramref name="request"/> to the bot's control socket as any local program could; what it answers.</summary>
    private static async Task<string> SendRawAsync(TempDirectory data, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(data.DatabasePath + ".control"));
        await using var stream = new NetworkStream(socket);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);
        }
        catch (IOException)
        {
            // The bot may answer and close before it has read everything sent.
        }

        // Up to the exit reply, as showbot reads it: a bot that closes with part of a request unread resets the connection after it.
        using var reader = new StreamReader(stream);
        var replies = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            replies.AppendLine(line);
            if (line.Contains("\"kind\":\"exit\"", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
        }

        return replies.ToString();
    }

    private static async Task PipeRequestsAsync(ShowBotProcess chat, int count)
    {
        string[] shows = ["Breaking Bad", "The Wire", "Fargo", "Friends", "The Sopranos"];
        for (var i = 0; i < count && await chat.TryWriteLineAsync($"/recommend {shows[i % shows.Length]}"); i++)
        {
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^\[#(\d+)\] ", RegexOptions.Multiline)]
    private static partial Regex ListNumbers();
}
