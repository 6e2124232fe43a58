using System.Globalization;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core;
using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Damage;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.ConsoleChat;

/// <summary>
/// The console chat adapter: reads commands from the terminal (or a pipe), hands them to Core like any platform,
/// and prints replies. With piped input it stops the application once every reply it owes is printed.
/// </summary>
internal sealed partial class ConsoleChatService(
    ConsoleTerminal terminal,
    CommandHandler commands,
    ReactionHandler reactions,
    AdminCommands admin,
    IPredictionQueue queue,
    ISuggestionMessageStore messages,
    ShowCatalog catalog,
    StorageFailures storageFailures,
    IOptions<ConsoleChatOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ConsoleChatService> logger) : BackgroundService, IChatPlatform
{
    public const string PlatformName = "console";
    private const string Channel = "terminal";
    private static readonly TimeSpan OwedRepliesPoll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan InteractivePatience = TimeSpan.FromSeconds(10);

    private readonly UserKey user = new(PlatformName, string.IsNullOrWhiteSpace(options.Value.UserName) ? Environment.UserName : options.Value.UserName.Trim());
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> owedNotices = new(StringComparer.Ordinal);
    private readonly StorageFailureSpell storageSpell = new();
    private long lastMessageNumber = -1;
    private int lineNumber;

    public string Platform => PlatformName;

    public Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(target);
        owedNotices.TryRemove(target.Payload, out _);
        var messageId = reply is SuggestionsReply ? NextMessageNumber().ToString(CultureInfo.InvariantCulture) : "-";
        terminal.Write(ConsoleReplyRenderer.Render(reply, messageId));
        return Task.FromResult(new MessageRef(PlatformName, Channel, messageId));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (terminal.Interactive)
        {
            terminal.Write($"ShowBot — {catalog.Shows.Count:N0} shows. Type /recommend followed by shows you like, or /help.\n> ");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            // Console input blocks its thread and ignores cancellation; on shutdown the read is left behind, not waited for.
            var line = await Task.Run(() => terminal.Input.ReadLineAsync(stoppingToken).AsTask(), stoppingToken).WaitAsync(stoppingToken);
            if (line is null || IsQuit(line))
            {
                break;
            }

            lineNumber++;
            if (await TryHandleAsync(line.Trim(), stoppingToken) is { } owedKey)
            {
                // A script, like a person, waits for the answer before going on; at a terminal the prompt comes
                // back after the answer, or after a while if it is slow (a long retraining), so typing goes on.
                await WaitUntilAnsweredAsync(owedKey, terminal.Interactive ? InteractivePatience : Timeout.InfiniteTimeSpan, stoppingToken);
            }

            if (terminal.Interactive)
            {
                terminal.Write("> ");
            }
        }

        while (!stoppingToken.IsCancellationRequested && AnyOwed())
        {
            await Task.Delay(OwedRepliesPoll, stoppingToken);
        }

        lifetime.StopApplication();
    }

    private async Task WaitUntilAnsweredAsync(string requestKey, TimeSpan patience, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested
            && (patience == Timeout.InfiniteTimeSpan || time.GetElapsedTime(started) < patience)
            && (StillOwed(requestKey) || owedNotices.ContainsKey(requestKey)))
        {
            await Task.Delay(OwedRepliesPoll, stoppingToken);
        }
    }

    /// <summary>
    /// Whether the request is still to be answered. While storage fails (a full disk) its state cannot be read, and it
    /// is still owed: the worker retries it and tells its person if that lasts.
    /// </summary>
    private bool StillOwed(string requestKey)
    {
        try
        {
            return queue.StateOf(requestKey) is RequestState.Pending or RequestState.InFlight;
        }
        catch (StoredDataDamagedException ex)
        {
            // A damaged queue stays refused for the rest of this run, so waiting on it could never end.
            terminal.Write(ex.ForPeople + "\n");
            return false;
        }
        catch (Exception ex) when (storageFailures.IsStorageFailure(ex))
        {
            ReportStorageFailure(ex);
            return true;
        }
    }

    private bool AnyOwed()
    {
        try
        {
            return queue.CountOutstanding(PlatformName) > 0 || !owedNotices.IsEmpty;
        }
        catch (StoredDataDamagedException)
        {
            return !owedNotices.IsEmpty;
        }
        catch (Exception ex) when (storageFailures.IsStorageFailure(ex))
        {
            ReportStorageFailure(ex);
            return true;
        }
    }

    private static bool IsQuit(string line) => line.Trim() is "/quit" or "/exit";

    /// <summary>
    /// Handles one line. When storage fails (a full disk, a damaged file) the person is told and the chat goes on:
    /// what was not stored was not accepted, so nothing is lost that was promised.
    /// </summary>
    private async Task<string?> TryHandleAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            var queued = await HandleAsync(line, cancellationToken);
            if (storageSpell.Ends())
            {
                LogStorageWorks();
            }

            return queued;
        }
        catch (StoredDataDamagedException ex)
        {
            terminal.Write(ex.ForPeople + "\n");
            return null;
        }
        catch (Exception ex) when (storageFailures.IsStorageFailure(ex))
        {
            ReportStorageFailure(ex);
            terminal.Write(DiskFull.Caused(ex)
                ? "Sorry — I couldn't save that just now (the bot's disk is full). Nothing was queued; please try again later.\n"
                : "Sorry — I couldn't save that just now (the database could not be written). Nothing was queued; please try again.\n");
            return null;
        }
    }

    private void ReportStorageFailure(Exception exception)
    {
        if (storageSpell.Begins(exception))
        {
            LogStorageFailed(exception);
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Error, Message = "Console commands fail in storage; each is refused until it works again")]
    private partial void LogStorageFailed(Exception exception);

    [LoggerMessage(EventId = 421, Level = LogLevel.Information, Message = "Console commands are stored again")]
    private partial void LogStorageWorks();

    /// <summary>Handles one line; returns the queue key when it queued a recommendation.</summary>
    private async Task<string?> HandleAsync(string line, CancellationToken cancellationToken)
    {
        if (line.Length == 0)
        {
            return null;
        }

        var (command, rest) = SplitCommand(line);
        switch (command)
        {
            case "/recommend":
                return Recommend(rest);
            case "/react":
                React(rest, added: true);
                break;
            case "/unreact":
                React(rest, added: false);
                break;
            case "/rate":
                Rate(rest);
                break;
            case "/likes":
                Show(commands.Likes(user));
                break;
            case "/forget-me":
                Show(commands.ForgetMe(user));
                break;
            case "/help":
                terminal.Write(HelpText);
                break;
            case "/showbot":
                return await AdminAsync(rest, cancellationToken);
            default:
                terminal.Write(line.StartsWith('/')
                    ? $"I don't know {DisplayText.Line(command)}. Type /help for the commands.\n"
                    : "Type /recommend followed by shows you like (e.g. /recommend Breaking Bad, The Wire), or /help.\n");
                break;
        }

        return null;
    }

    private string? Recommend(string rest)
    {
        var countText = TakeOption(ref rest, "--count");
        var genre = TakeOption(ref rest, "--genre");
        int? count = int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var commandId = $"{PlatformName}:{runId}:{lineNumber}";
        var result = commands.Recommend(new RecommendCommand(commandId, user, [rest], new ReplyTarget(PlatformName, commandId))
        {
            Count = count,
            Genre = genre,
        });
        Show(result.Reply);
        return result.Queued ? result.RequestKey : null;
    }

    /// <summary>Runs an admin command; returns the key of the notice it owes (a retrain's outcome), if any.</summary>
    private async Task<string?> AdminAsync(string rest, CancellationToken cancellationToken)
    {
        if (!options.Value.Admin)
        {
            Show(new TextReply("Only admins can use /showbot commands."));
            return null;
        }

        var (subcommand, argument) = SplitCommand(rest);
        if (subcommand == "retrain")
        {
            var notice = $"{PlatformName}:{runId}:admin:{lineNumber}";
            owedNotices[notice] = true;
            try
            {
                Show(await admin.RetrainAsync(new ReplyTarget(PlatformName, notice), force: argument == "force", cancellationToken));
            }
            catch
            {
                owedNotices.TryRemove(notice, out _);
                throw;
            }

            return notice;
        }

        Show(subcommand switch
        {
            "status" => await admin.StatusAsync(cancellationToken),
            "models" => admin.Models(),
            "rollback" => admin.Rollback(argument.Length == 0 ? null : argument),
            _ => new TextReply("Admin commands: /showbot retrain [force] | status | models | rollback [version]"),
        });
        return null;
    }

    private void React(string rest, bool added)
    {
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            terminal.Write("Use /react <message> <number>, e.g. /react 1 2 (or /react 1 👎).\n");
            return;
        }

        var message = new MessageRef(PlatformName, Channel, parts[0].TrimStart('#'));
        var isDislike = parts[1] is "👎" or "-" or "down";
        int? number = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (!isDislike && number is null)
        {
            terminal.Write("The reaction must be a suggestion number (1–10) or 👎.\n");
            return;
        }

        var outcome = reactions.Handle(new ReactionEvent(message, user, number, isDislike ? RatingKind.Dislike : RatingKind.Like, added, ByBot: false));
        terminal.Write(outcome switch
        {
            ReactionOutcome.Recorded => "Noted, thanks!\n",
            ReactionOutcome.Removed => "Taken back.\n",
            ReactionOutcome.Unchanged => "Nothing changed.\n",
            ReactionOutcome.IgnoredUnknownMessage => $"There is no suggestion list #{DisplayText.Line(parts[0])}.\n",
            ReactionOutcome.IgnoredNotASuggestion => $"List #{DisplayText.Line(parts[0])} has no suggestion {n}.\n",
            _ => "Ignored.\n",
        });
    }

    private void Rate(string rest)
    {
        var kind = RatingKind.Like;
        if (rest.EndsWith(" dislike", StringComparison.OrdinalIgnoreCase))
        {
            (kind, rest) = (RatingKind.Dislike, rest[..^" dislike".Length]);
        }
        else if (rest.EndsWith(" like", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[..^" like".Length];
        }

        Show(commands.Rate(user, rest, kind));
    }

    private void Show(Reply reply) => terminal.Write(ConsoleReplyRenderer.Render(reply));

    private long NextMessageNumber()
    {
        if (Interlocked.Read(ref lastMessageNumber) < 0)
        {
            Interlocked.CompareExchange(ref lastMessageNumber, messages.HighestNumericMessageId(PlatformName), -1);
        }

        return Interlocked.Increment(ref lastMessageNumber);
    }

    private static (string Command, string Arguments) SplitCommand(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line.ToLowerInvariant(), "") : (line[..space].ToLowerInvariant(), line[(space + 1)..].Trim());
    }

    /// <summary>Removes <c>--name value</c> from the text and returns the value (one word), or null.</summary>
    private static string? TakeOption(ref string text, string name)
    {
        var at = text.IndexOf(name + " ", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var valueStart = at + name.Length + 1;
        var valueEnd = text.IndexOf(' ', valueStart);
        var value = valueEnd < 0 ? text[valueStart..] : text[valueStart..valueEnd];
        text = (text[..at] + (valueEnd < 0 ? "" : text[valueEnd..])).Trim();
        return value.Trim();
    }

    private const string HelpText = """
        Commands:
          /recommend <shows you like>   e.g. /recommend Breaking Bad, The Wire   [--count 1-10] [--genre Drama]
          /recommend <words>            e.g. /recommend a cozy British murder mystery; /recommend --genre Horror
          /react <list> <number>        like suggestion <number> of list #<list>; /react <list> 👎 if none fit
          /unreact <list> <number>      take a reaction back
          /rate <show> [like|dislike]   rate one show directly
          /likes                        what you liked and disliked
          /forget-me                    delete your ratings
          /help                         this help
          /showbot retrain [force]      admin: retrain the model now (force: even with few new ratings)
          /showbot status | models      admin: what serves, queue, ratings since training, next run; recent versions
          /showbot rollback [version]   admin: serve an earlier version
          /quit                         leave (after any replies still owed)

        """;
}
