using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Core.Commands;

/// <summary>A control pressed under a message the bot posted, translated out of the platform's payload.</summary>
/// <param name="ActionId">The control's id, as ShowBot wrote it (<see cref="ChatActions"/>).</param>
/// <param name="Presser">Who pressed it.</param>
/// <param name="Message">The message the control is on.</param>
public sealed record ActionPress(string ActionId, UserKey Presser, MessageRef Message)
{
    /// <summary>The platform's own id of this press (the same on a redelivery), so what it queues is queued once.</summary>
    public string? PressId { get; init; }

    /// <summary>Where a new message for the presser goes (a further list), when the platform can post one.</summary>
    public ReplyTarget? ReplyTo { get; init; }

    /// <summary>The value of the choice picked from a menu; null for a button.</summary>
    public string? Picked { get; init; }
}

/// <summary>The answer to a pressed control.</summary>
/// <param name="Reply">What the presser is told.</param>
/// <param name="ReplacesMessage">
/// True when the reply takes the place of the message the control was on (its controls go, the outcome shows); false
/// when the message stays as it is and the reply goes to the presser alone.
/// </param>
public sealed record ActionResult(Reply Reply, bool ReplacesMessage)
{
    /// <summary>The key of the request the press queued, whose answer (a further list) comes later; null when none.</summary>
    public string? QueuedRequest { get; init; }
}

/// <summary>
/// Runs a pressed control for every platform: everything it needs is in its id and the message it is on, so a press
/// after a restart works as well as one before. A control meant for someone else changes nothing and says so.
/// </summary>
public sealed class ActionHandler(
    CommandHandler commands,
    ReactionHandler reactions,
    ISuggestionMessageStore lists,
    ListsBeingPosted posting,
    ShowCatalog catalog,
    IPredictionQueue queue,
    PredictionSignal signal,
    TimeProvider time)
{
    /// <summary>Acts on the press and says what came of it.</summary>
    public ActionResult Handle(ActionPress press)
    {
        ArgumentNullException.ThrowIfNull(press);
        return ChatActions.Read(press.ActionId) switch
        {
            ChatAction.ConfirmForgetMe confirm when confirm.User == press.Presser => new(commands.ForgetMeConfirmed(confirm.User), ReplacesMessage: true),
            ChatAction.CancelForgetMe cancel when cancel.User == press.Presser => new(new TextReply("Kept: nothing was deleted."), ReplacesMessage: true),
            ChatAction.RateSuggestion rate => new(Rate(rate, press), ReplacesMessage: false),
            ChatAction.MoreLikeThis => More(press),
            ChatAction.PickToRecommend pick => PickToRecommend(pick, press),
            ChatAction.PickToRate pick when press.Picked is { } show => new(commands.Rate(press.Presser, show, pick.Kind), ReplacesMessage: true),
            ChatAction.ConfirmForgetMe or ChatAction.CancelForgetMe => new(new TextReply("That button is for the person who asked to be forgotten: nothing was deleted. To delete your own data, use forget-me yourself."), ReplacesMessage: false),
            _ => new(new TextReply("I don't know that button (it may be from an older version of ShowBot): nothing changed."), ReplacesMessage: false),
        };
    }

    /// <summary>
    /// "More like this": the list's own request again (its shows, words, genre and count; a group's list for the same
    /// group), queued for the presser as a further page that leaves out every show already suggested to them.
    /// </summary>
    private ActionResult More(ActionPress press)
    {
        if (press.ReplyTo is not { } target || press.PressId is not { Length: > 0 } pressId)
        {
            return new(new TextReply("I can't post more suggestions here: ask with /recommend instead."), ReplacesMessage: false);
        }

        if (posting.Find(lists, press.Message) is not { } list)
        {
            return new(new TextReply("I no longer have that list (old lists are cleared, and forget-me erases them): ask with /recommend instead."), ReplacesMessage: false);
        }

        // The request is pruned before its list; then the list's own shows stand for what was asked.
        var asked = queue.Find(list.RequestKey) ?? new PredictionRequest(list.RequestKey, list.RequestedBy, list.ShowIds, list.ShowIds.Count, target, list.PostedAt);
        var request = asked with
        {
            Key = "more:" + pressId,
            User = press.Presser,
            Target = target,
            AcceptedAt = time.GetUtcNow(),
            Notes = [],
            Attempts = 0,
            ShownBefore = [.. asked.ShownBefore.Union(list.ShowIds, StringComparer.OrdinalIgnoreCase)],
        };
        var queued = CommandResult.Queue(request, new TextReply("Looking for more like these…"), queue, signal);
        return new(queued.Reply, ReplacesMessage: false) { QueuedRequest = queued.Queued ? queued.RequestKey : null };
    }

    /// <summary>
    /// A show picked from a "did you mean": the /recommend again with that show, for whoever picked it. The pick takes
    /// the place of the question; the list comes as a new message, as the list of "More like this" does.
    /// </summary>
    private ActionResult PickToRecommend(ChatAction.PickToRecommend pick, ActionPress press)
    {
        if (press.ReplyTo is not { } target || press.PressId is not { Length: > 0 } pressId || press.Picked is not { } show)
        {
            return new(new TextReply("I can't post suggestions from here: ask with /recommend and the show's name instead."), ReplacesMessage: false);
        }

        var result = commands.Recommend(new RecommendCommand("pick:" + pressId, press.Presser, [show], target) { Count = pick.Count, Genre = pick.Genre });
        return new(result.Reply, ReplacesMessage: result.Queued) { QueuedRequest = result.Queued ? result.RequestKey : null };
    }

    /// <summary>A like or "not for me" button rates for whoever presses it, exactly as the reaction would.</summary>
    private TextReply Rate(ChatAction.RateSuggestion rate, ActionPress press)
    {
        var outcome = reactions.Handle(new ReactionEvent(press.Message, press.Presser, rate.Number, rate.Kind, Added: true, ByBot: false));
        if (outcome is ReactionOutcome.IgnoredUnknownMessage or ReactionOutcome.IgnoredNotASuggestion
            || lists.Find(press.Message)?.ShowIds[rate.Number - 1] is not { } showId)
        {
            return new TextReply("I no longer have that list (old lists are cleared, and forget-me erases them): nothing changed.");
        }

        var title = catalog.Find(showId)?.Title ?? showId;
        return (rate.Kind, outcome) switch
        {
            (RatingKind.Like, ReactionOutcome.Unchanged) => new TextReply($"Already noted: you like {title}."),
            (RatingKind.Like, _) => new TextReply($"Noted: you like {title}."),
            (_, ReactionOutcome.Unchanged) => new TextReply($"Already noted: {title} is not for you."),
            _ => new TextReply($"Noted: {title} is not for you."),
        };
    }
}
