using System.Text.Json;

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

    public static ReactionEvent? Translate(JsonElement callback, SlackBotIdentity bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        if (!callback.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var added = Text(e, "type") switch
        {
            "reaction_added" => true,
            "reaction_removed" => false,
            _ => (bool?)null,
        };
        if (added is null || !e.TryGetProperty("item", out var item) || item.ValueKind != JsonValueKind.Object || Text(item, "type") != "message")
        {
            return null;
        }

        var (channel, ts, user) = (Text(item, "channel"), Text(item, "ts"), Text(e, "user"));
        if (channel.Length == 0 || ts.Length == 0 || user.Length == 0 || Meaning(Text(e, "reaction")) is not var (number, kind))
        {
            return null;
        }

        var team = Text(callback, "team_id");
        return new ReactionEvent(new MessageRef(SlackPlatform.Name, channel, ts), SlackCommandRouter.UserOf(team, user), number, kind, added.Value, ByBot: bot.IsBot(user));
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

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
