using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Core.Commands;

/// <summary>A control pressed under a message the bot posted, translated out of the platform's payload.</summary>
/// <param name="ActionId">The control's id, as ShowBot wrote it (<see cref="ChatActions"/>).</param>
/// <param name="Presser">Who pressed it.</param>
/// <param name="Message">The message the control is on.</param>
public sealed record ActionPress(string ActionId, UserKey Presser, MessageRef Message);

/// <summary>The answer to a pressed control.</summary>
/// <param name="Reply">What the presser is told.</param>
/// <param name="ReplacesMessage">
/// True when the reply takes the place of the message the control was on (its controls go, the outcome shows); false
/// when the message stays as it is and the reply goes to the presser alone.
/// </param>
public sealed record ActionResult(Reply Reply, bool ReplacesMessage);

/// <summary>
/// Runs a pressed control for every platform: everything it needs is in its id and the message it is on, so a press
/// after a restart works as well as one before. A control meant for someone else changes nothing and says so.
/// </summary>
public sealed class ActionHandler(CommandHandler commands, ReactionHandler reactions, ISuggestionMessageStore lists, ShowCatalog catalog)
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
            ChatAction.ConfirmForgetMe or ChatAction.CancelForgetMe => new(new TextReply("That button is for the person who asked to be forgotten: nothing was deleted. To delete your own data, use forget-me yourself."), ReplacesMessage: false),
            _ => new(new TextReply("I don't know that button (it may be from an older version of ShowBot): nothing changed."), ReplacesMessage: false),
        };
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
