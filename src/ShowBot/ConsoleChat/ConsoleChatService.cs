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
    CommandDispatcher commands,
    ReactionHandler reactions,
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
    /// <summary>How often a wait for a reply also asks the queue whether the reply is still owed (it may have been dropped).</summary>
    private static readonly TimeSpan OwedCheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan InteractivePatience = TimeSpan.FromSeconds(10);

    /// <summary>The console's syntax: <c>/recommend …</c>, and <c>/showbot retrain</c> for admin commands.</summary>
    public static readonly ICommandSyntax Syntax = new TextCommandSyntax(c => c.AdminOnly ? "/showbot " + c.Name : "/" + c.Name);

    private readonly UserKey user = new(PlatformName, string.IsNullOrWhiteSpace(options.Value.UserName) ? Environment.UserName : options.Value.UserName.Trim());
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    /// <summary>Replies this chat waits for, by target: a queued request's list, a retrain's outcome (a notice, not in the queue).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OwedReply> owed = new(StringComparer.Ordinal);
    private TaskCompletionSource replied = NewSignal();

    /// <summary>The last /recommend's text and the shows its "did you mean" offered, while a number may pick one.</summary>
    private (string Text, IReadOnlyList<(UnresolvedTitle Title, Show Show)> Choices)? offered;
    private readonly StorageFailureSpell storageSpell = new();
    private long lastMessageNumber = -1;
    private int lineNumber;

    public string Platform => PlatformName;

    public Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(target);
        var messageId = reply is SuggestionsReply ? NextMessageNumber().ToString(CultureInfo.InvariantCulture) : "-";
        terminal.Write(ConsoleReplyRenderer.Render(reply, messageId));
        if (owed.TryRemove(target.Payload, out var waiting))
        {
            waiting.Answered.TrySetResult();
        }

        Interlocked.Exchange(ref replied, NewSignal()).TrySetResult();
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
            await Task.WhenAny(Volatile.Read(ref replied).Task, Task.Delay(OwedCheck, time, stoppingToken));
        }

        lifetime.StopApplication();
    }

    /// <summary>Waits for the reply to arrive, or for the queue to say it is no longer owed, at most <paramref name="patience"/>.</summary>
    private async Task WaitUntilAnsweredAsync(string key, TimeSpan patience, CancellationToken stoppingToken)
    {
        if (!owed.TryGetValue(key, out var reply))
        {
            return;
        }

        var started = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested
            && !reply.Answered.Task.IsCompleted
            && (patience == Timeout.InfiniteTimeSpan || time.GetElapsedTime(started) < patience)
            && (!reply.Queued || StillOwed(key)))
        {
            await Task.WhenAny(reply.Answered.Task, Task.Delay(OwedCheck, time, stoppingToken));
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
            return queue.CountOutstanding(PlatformName) > 0 || owed.Values.Any(o => !o.Queued);
        }
        catch (StoredDataDamagedException)
        {
            return owed.Values.Any(o => !o.Queued);
        }
        catch (Exception ex) when (storageFailures.IsStorageFailure(ex))
        {
            // The queue cannot be read: what this chat waits for is what it has neither been answered nor told about.
            // Requests told to wait are kept, and answered after a restart.
            ReportStorageFailure(ex);
            return !owed.IsEmpty;
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

    /// <summary>Handles one line; returns the key of what it is owed (a list, a retrain's outcome), if anything.</summary>
    private async Task<string?> HandleAsync(string line, CancellationToken cancellationToken)
    {
        if (line.Length == 0)
        {
            return null;
        }

        var (word, rest) = SplitCommand(line);
        switch (word)
        {
            case "/react":
                React(rest, added: true);
                return null;
            case "/unreact":
                React(rest, added: false);
                return null;
            case "/showbot":
                (word, rest) = SplitCommand(rest);
                if (word.Length == 0)
                {
                    return await RunAsync(CommandCatalog.Help, "/help", "", cancellationToken);
                }

                return await RunAsync(CommandCatalog.Find(word) is { AdminOnly: true } admin ? admin : null, "/showbot " + word, rest, cancellationToken);
            default:
                if (offered is { } choices && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    return await PickAsync(choices.Text, choices.Choices, number, cancellationToken);
                }

                if (!word.StartsWith('/'))
                {
                    terminal.Write("Type /recommend followed by shows you like (e.g. /recommend Breaking Bad, The Wire), or /help.\n");
                    return null;
                }

                return await RunAsync(CommandCatalog.Find(word[1..]) is { AdminOnly: false } command ? command : null, word, rest, cancellationToken);
        }
    }

    private async Task<string?> RunAsync(ChatCommand? command, string typed, string text, CancellationToken cancellationToken)
    {
        if (command is null)
        {
            terminal.Write($"I don't know {DisplayText.Line(typed)}. Type /help for the commands.\n");
            return null;
        }

        var commandId = $"{PlatformName}:{runId}:{lineNumber}";
        // Registered before the command runs: a reply can arrive before the command returns.
        var reply = new OwedReply(NewSignal());
        owed[commandId] = reply;
        CommandResult result;
        try
        {
            result = await commands.RunAsync(
                new CommandInvocation(command, commandId, user, new ReplyTarget(PlatformName, commandId), Syntax) { Text = text, IsAdmin = options.Value.Admin },
                cancellationToken);
        }
        catch
        {
            owed.TryRemove(commandId, out _);
            throw;
        }

        reply.Queued = result.Queued;
        offered = command == CommandCatalog.Recommend && result.Reply is DidYouMeanReply didYouMean ? (text, ConsoleReplyRenderer.Choices(didYouMean)) : null;
        if (!result.Queued && !result.NoticeOwed)
        {
            owed.TryRemove(commandId, out _);
        }

        Show(result.Reply);
        return result.Queued ? result.RequestKey : result.NoticeOwed ? commandId : null;
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

    /// <summary>A number typed after a "did you mean": the same /recommend again, with the picked show's IMDb id for its title.</summary>
    private async Task<string?> PickAsync(string text, IReadOnlyList<(UnresolvedTitle Title, Show Show)> choices, int number, CancellationToken cancellationToken)
    {
        if (number < 1 || number > choices.Count)
        {
            terminal.Write(choices.Count == 1 ? "Type 1 to pick it, or a new command.\n" : $"Type a number from 1 to {choices.Count}, or a new command.\n");
            return null;
        }

        var (title, show) = choices[number - 1];
        var picked = text.Contains(title.Typed, StringComparison.Ordinal) ? text.Replace(title.Typed, show.Id, StringComparison.Ordinal) : show.Id;
        return await RunAsync(CommandCatalog.Recommend, "/recommend", picked, cancellationToken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A reply the chat waits for; <see cref="Queued"/> when it answers a request in the queue.</summary>
    private sealed class OwedReply(TaskCompletionSource answered)
    {
        public TaskCompletionSource Answered { get; } = answered;

        public bool Queued { get; set; }
    }
}
