using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Slack.Outbound;

namespace ShowBot.Slack.Inbound;

/// <summary>Turns a <c>reaction_added</c>/<c>reaction_removed</c> event into Core's <see cref="ReactionEvent"/>, or null for any other reaction.</summary>
internal static class SlackReactionTranslator
{
    private static readonly Dictionary<string, int> Numbers =
        SlackMessageRenderer.NumberReactions.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index + 1, StringComparer.Ordinal);

    public static ReactionEvent? Translate(EventsApiPayload callback, SlackBotIdentity bot)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(bot);
        if (callback.Event is not { Item: { Type: ReactedItem.Message, Channel: { } channel, Ts: { } ts } } reaction
            || reaction.Type is not (SlackReaction.Added or SlackReaction.Removed)
            || Meaning(reaction.Reaction) is not var (number, kind))
        {
            return null;
        }

        return new ReactionEvent(
            new MessageRef(SlackPlatform.Name, channel, ts),
            SlackCommandRouter.UserOf(callback.TeamId, reaction.User),
            number,
            kind,
            Added: reaction.Type == SlackReaction.Added,
            ByBot: bot.IsBot(reaction.User));
    }

    /// <summary>What a reaction name stands for: a suggestion number, or 👎 on the whole list. Skin tones (<c>::skin-tone-2</c>) don't matter.</summary>
    public static (int? Number, RatingKind Kind)? Meaning(string reaction)
    {
        var skinTone = reaction.IndexOf("::", StringComparison.Ordinal);
        var name = skinTone < 0 ? reaction : reaction[..skinTone];
        if (name is "thumbsdown" or "-1")
        {
            return (null, RatingKind.Dislike);
        }

        return Numbers.TryGetValue(name, out var number) ? (number, RatingKind.Like) : null;
    }
}
