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
/// The console chat's loop: reads lines from the terminal (or a pipe), hands each to Core like any platform does
/// (parsed by <see cref="ConsoleCommandLine"/>; replies come back through <see cref="ConsoleChatPlatform"/>), and waits
/// for what it is owed before reading on. With piped input it stops the application once every owed reply is printed.
/// </summary>
internal sealed partial class ConsoleChatService(
    ConsoleTerminal terminal,
    ConsoleReplies replies,
    CommandDispatcher commands,
    ReactionHandler reactions,
    ActionHandler actions,
    IPredictionQueue queue,
    PredictionSignal signal,
    ShowCatalog catalog,
    StorageFailures storageFailures,
    IOptions<ConsoleChatOptions> options,
    ConsoleAddress address,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ConsoleChatService> logger) : BackgroundService
{
    /// <summary>How often a wait for a reply also asks the queue whether the reply is still owed (it may have been dropped).</summary>
    private static readonly TimeSpan OwedCheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan InteractivePatience = TimeSpan.FromSeconds(10);

    private readonly UserKey user = new(ConsoleChatPlatform.Name, string.IsNullOrWhiteSpace(options.Value.UserName) ? Environment.UserName : options.Value.UserName.Trim());
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The last /recommend's text and the shows its "did you mean" offered, while a number may pick one.</summary>
    private (string Text, IReadOnlyList<(UnresolvedTitle Title, Show Show)> Choices)? offered;
    private readonly StorageFailureSpell storageSpell = new();
    private int lineNumber;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (terminal.Interactive)
        {
            terminal.Write($"ShowBot — {catalog.Shows.Count:N0} shows. Type /recommend followed by shows you like, or /help.\n");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            // Console input blocks its thread and ignores cancellation; on shutdown the read is left behind, not waited for.
            var text = await Task.Run(() => terminal.ReadLineAsync(stoppingToken), stoppingToken).WaitAsync(stoppingToken);
            var line = text is null ? new ConsoleLine.Quit() : ConsoleCommandLine.Parse(text);
            if (line is ConsoleLine.Quit)
            {
                break;
            }

            lineNumber++;
            if (await TryHandleAsync(line, stoppingToken) is { } owed)
            {
                // A script, like a person, waits for the answer before going on; at a terminal the prompt comes
                // back after the answer, or after a while if it is slow (a long retraining), so typing goes on.
                await WaitUntilAnsweredAsync(owed, terminal.Interactive ? InteractivePatience : Timeout.InfiniteTimeSpan, stoppingToken);
            }
        }

        while (!stoppingToken.IsCancellationRequested && AnyOwed())
        {
            await Task.WhenAny(replies.NextReply, Task.Delay(OwedCheck, time, stoppingToken));
        }

        lifetime.StopApplication();
    }

    /// <summary>
    /// Waits for the reply to arrive or, for a queued request, for the queue to say it is no longer owed, at most
    /// <paramref name="patience"/>. A request's list is printed before it is stored and the request marked, and the
    /// next line may react to it or count it, so a printed list is not enough.
    /// </summary>
    private async Task WaitUntilAnsweredAsync(ConsoleReplies.OwedReply reply, TimeSpan patience, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        bool Patient() => !stoppingToken.IsCancellationRequested && (patience == Timeout.InfiniteTimeSpan || time.GetElapsedTime(started) < patience);
        if (reply.RequestKey is not { } requestKey)
        {
            while (Patient() && !reply.Answered.Task.IsCompleted)
            {
                await Task.WhenAny(reply.Answered.Task, Task.Delay(OwedCheck, time, stoppingToken));
            }

            return;
        }

        try
        {
            // The lane's end is asked about before the queue is read, so a lane finishing in between still wakes the wait.
            for (var done = signal.Done(requestKey); Patient() && StillOwed(requestKey); done = signal.Done(requestKey))
            {
                await Task.WhenAny(done, Task.Delay(OwedCheck, time, stoppingToken));
            }
        }
        finally
        {
            signal.StopWatching(requestKey);
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
            return queue.CountOutstanding(address.Platform) > 0 || replies.AnyNoticeOwed;
        }
        catch (StoredDataDamagedException)
        {
            return replies.AnyNoticeOwed;
        }
        catch (Exception ex) when (storageFailures.IsStorageFailure(ex))
        {
            // The queue cannot be read: what this chat waits for is what it has neither been answered nor told about.
            // Requests told to wait are kept, and answered after a restart.
            ReportStorageFailure(ex);
            return !replies.IsEmpty;
        }
    }

    /// <summary>
    /// Handles one line. When storage fails (a full disk, a damaged file) the person is told and the chat goes on:
    /// what was not stored was not accepted, so nothing is lost that was promised.
    /// </summary>
    private async Task<ConsoleReplies.OwedReply?> TryHandleAsync(ConsoleLine line, CancellationToken cancellationToken)
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

    /// <summary>Handles one line; returns what it is owed (a list, a retrain's outcome), if anything.</summary>
    private async Task<ConsoleReplies.OwedReply?> HandleAsync(ConsoleLine line, CancellationToken cancellationToken)
    {
        switch (line)
        {
            case ConsoleLine.Run run:
                return await RunAsync(run.Command, run.Typed, run.Text, cancellationToken);
            case ConsoleLine.Words { Number: { } number } when offered is { } choices:
                return await PickAsync(choices.Text, choices.Choices, number, cancellationToken);
            case ConsoleLine.Words:
                terminal.Write("Type /recommend followed by shows you like (e.g. /recommend Breaking Bad, The Wire), or /help.\n");
                return null;
            case ConsoleLine.React react:
                React(react);
                return null;
            case ConsoleLine.More more:
                return await MoreAsync(more);
            case ConsoleLine.Usage usage:
                terminal.Write(usage.Answer + "\n");
                return null;
            default:
                return null;
        }
    }

    private async Task<ConsoleReplies.OwedReply?> RunAsync(ChatCommand? command, string typed, string text, CancellationToken cancellationToken)
    {
        if (command is null)
        {
            terminal.Write($"I don't know {DisplayText.Line(typed)}. Type /help for the commands.\n");
            return null;
        }

        return await AnswerLineAsync(async target =>
        {
            var result = await commands.RunAsync(
                new CommandInvocation(command, target.Payload, user, target, ConsoleCommandLine.Syntax) { Text = text, IsAdmin = options.Value.Admin },
                cancellationToken);
            offered = command == CommandCatalog.Recommend && result.Reply is DidYouMeanReply didYouMean ? (text, ConsoleReplyRenderer.Choices(didYouMean)) : null;
            return new LineAnswer(result.Reply, result.Queued ? result.RequestKey : null, Owed: result.Queued || result.NoticeOwed);
        });
    }

    /// <summary>What a line was answered at once, and what is owed to it later: a queued request's list, or a notice.</summary>
    private sealed record LineAnswer(Reply Reply, string? RequestKey, bool Owed);

    /// <summary>
    /// Runs what this line asks for with its reply target (the line's id) expected first, since the owed reply can
    /// arrive before the run returns; prints the answer. Returns what is owed to the line, else null.
    /// </summary>
    private async Task<ConsoleReplies.OwedReply?> AnswerLineAsync(Func<ReplyTarget, Task<LineAnswer>> run)
    {
        var target = $"{ConsoleChatPlatform.Name}:{runId}:{lineNumber}";
        var owed = replies.Expect(target);
        LineAnswer answer;
        try
        {
            answer = await run(new ReplyTarget(address.Platform, target));
        }
        catch
        {
            replies.Forget(target);
            throw;
        }

        owed.RequestKey = answer.RequestKey;
        if (!answer.Owed)
        {
            replies.Forget(target);
        }

        terminal.Write(ConsoleReplyRenderer.Render(answer.Reply));
        return answer.Owed ? owed : null;
    }

    private void React(ConsoleLine.React react)
    {
        var outcome = reactions.Handle(new ReactionEvent(address.List(react.List), user, react.Number, react.Kind, react.Added, ByBot: false));
        terminal.Write(outcome switch
        {
            ReactionOutcome.Recorded => "Noted, thanks!\n",
            ReactionOutcome.Removed => "Taken back.\n",
            ReactionOutcome.Unchanged => "Nothing changed.\n",
            ReactionOutcome.IgnoredUnknownMessage => $"There is no suggestion list #{DisplayText.Line(react.List)}.\n",
            ReactionOutcome.IgnoredNotASuggestion => $"List #{DisplayText.Line(react.List)} has no suggestion {react.Number}.\n",
            _ => "Ignored.\n",
        });
    }

    /// <summary>The "More like this" button, typed: a further list like list #<c>more.List</c>, owed like a /recommend's.</summary>
    private Task<ConsoleReplies.OwedReply?> MoreAsync(ConsoleLine.More more) => AnswerLineAsync(target =>
    {
        var result = actions.Handle(new ActionPress(ChatActions.More, user, address.List(more.List)) { PressId = target.Payload, ReplyTo = target });
        return Task.FromResult(new LineAnswer(result.Reply, result.QueuedRequest, Owed: result.QueuedRequest is not null));
    });

    /// <summary>A number typed after a "did you mean": the same /recommend again, with the picked show's IMDb id for its title.</summary>
    private async Task<ConsoleReplies.OwedReply?> PickAsync(string text, IReadOnlyList<(UnresolvedTitle Title, Show Show)> choices, int number, CancellationToken cancellationToken)
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
}
