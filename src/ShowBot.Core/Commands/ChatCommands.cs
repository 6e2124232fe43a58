using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Core.Commands;

/// <summary>A /recommend as any platform delivers it, already translated out of the platform's JSON.</summary>
/// <param name="CommandId">The platform's own id of the command; the queue key, so a repeat is answered once.</param>
/// <param name="User">Who asked.</param>
/// <param name="Titles">What they typed: each entry a title, a list of titles ("Breaking Bad, The Wire") or an IMDb id.</param>
/// <param name="Target">Where the answer must go.</param>
public sealed record RecommendCommand(string CommandId, UserKey User, IReadOnlyList<string> Titles, ReplyTarget Target)
{
    /// <summary>How many suggestions, when the user said; clamped to the configured range.</summary>
    public int? Count { get; init; }

    /// <summary>Only suggest shows of this genre, when set.</summary>
    public string? Genre { get; init; }
}

/// <summary>A reaction on a message the bot posted, translated out of the platform's event.</summary>
/// <param name="Message">The message reacted to.</param>
/// <param name="User">Who reacted.</param>
/// <param name="Number">The suggestion number (1..10) the emoji stands for, or null for a reaction on the whole list (👎).</param>
/// <param name="Kind">Like for a number, Dislike for 👎.</param>
/// <param name="Added">True when the reaction was added, false when it was removed.</param>
/// <param name="ByBot">True when the bot itself reacted (it adds the number emojis to every list).</param>
public sealed record ReactionEvent(MessageRef Message, UserKey User, int? Number, RatingKind Kind, bool Added, bool ByBot);

/// <summary>What the command handler answered at once, and whether a recommendation was queued.</summary>
/// <param name="Reply">The immediate answer (an acknowledgement or a "did you mean").</param>
/// <param name="Queued">True when a request was queued and its suggestions will follow.</param>
/// <param name="RequestKey">The queue key, when a request was queued or was already queued before.</param>
public sealed record CommandResult(Reply Reply, bool Queued, string? RequestKey = null)
{
    /// <summary>True when a notice follows later to the invocation's target (a retrain's outcome).</summary>
    public bool NoticeOwed { get; init; }

    /// <summary>An answer at once, with nothing queued.</summary>
    public static CommandResult NotQueued(Reply reply) => new(reply, Queued: false);

    /// <summary>
    /// Queues <paramref name="request"/> and wakes a worker lane, answering with <paramref name="acknowledgement"/>; a
    /// request already queued (a redelivered command) is not queued again, and its person is told so.
    /// </summary>
    public static CommandResult Queue(PredictionRequest request, Reply acknowledgement, IPredictionQueue queue, PredictionSignal signal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(signal);
        if (!queue.TryEnqueue(request))
        {
            return new CommandResult(new TextReply("I'm already on that one."), Queued: false, request.Key);
        }

        signal.Notify(request);
        return new CommandResult(acknowledgement, Queued: true, request.Key);
    }
}

/// <summary>What became of a reaction.</summary>
public enum ReactionOutcome
{
    /// <summary>A rating was stored.</summary>
    Recorded,
    /// <summary>A rating was taken back.</summary>
    Removed,
    /// <summary>The same event again: nothing changed.</summary>
    Unchanged,
    /// <summary>The bot's own reaction.</summary>
    IgnoredBotReaction,
    /// <summary>Not a suggestion list the bot posted.</summary>
    IgnoredUnknownMessage,
    /// <summary>A number the list does not have.</summary>
    IgnoredNotASuggestion,
}
