using System.Globalization;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;

namespace ShowBot.Core.Commands;

/// <summary>What a pressed control stands for, read back from its id by <see cref="ChatActions.Read"/>.</summary>
public abstract record ChatAction
{
    private ChatAction()
    {
    }

    /// <summary>Erase everything stored about <paramref name="User"/>: only they may confirm.</summary>
    public sealed record ConfirmForgetMe(UserKey User) : ChatAction;

    /// <summary>Keep <paramref name="User"/>'s data after all.</summary>
    public sealed record CancelForgetMe(UserKey User) : ChatAction;

    /// <summary>A like or dislike of suggestion <paramref name="Number"/> of the list the control is on, for whoever presses it.</summary>
    public sealed record RateSuggestion(int Number, RatingKind Kind) : ChatAction;

    /// <summary>A further page of the list the control is on, for whoever presses it, with nothing they were already shown.</summary>
    public sealed record MoreLikeThis : ChatAction;
}

/// <summary>
/// The ids of the controls under replies. An id carries everything its press needs (the command, the person it is for),
/// never a reference to memory, so a control pressed after a restart still works.
/// </summary>
public static class ChatActions
{
    /// <summary>The longest id any platform takes (Discord's <c>custom_id</c>: 100 characters).</summary>
    public const int MaxIdLength = 100;

    private const string ConfirmForgetMePrefix = "forget-me:confirm:";
    private const string CancelForgetMePrefix = "forget-me:cancel:";
    private const string LikePrefix = "rate:like:";
    private const string DislikePrefix = "rate:dislike:";

    /// <summary>The id of the control that asks for more suggestions like the list it is on.</summary>
    public const string More = "more";

    /// <summary>The id of the control that confirms <paramref name="user"/>'s forget-me.</summary>
    public static string ConfirmForgetMe(UserKey user) => ConfirmForgetMePrefix + user;

    /// <summary>The id of the control that cancels <paramref name="user"/>'s forget-me.</summary>
    public static string CancelForgetMe(UserKey user) => CancelForgetMePrefix + user;

    /// <summary>The id of the control that likes or dislikes suggestion <paramref name="number"/> of a list.</summary>
    public static string Rate(int number, RatingKind kind) =>
        (kind == RatingKind.Like ? LikePrefix : DislikePrefix) + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A like and a "not for me" control per suggestion, then "More like this": for every five suggestions a row of their
    /// 👍 above a row of their 👎, and "More like this" in a row of its own (at most five rows for ten suggestions).
    /// </summary>
    public static IReadOnlyList<ReplyAction> ForSuggestions(IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        return [.. suggestions.Chunk(5).SelectMany(five => five
            .Select((s, i) => new ReplyAction(Rate(s.Number, RatingKind.Like), $"👍 {s.Number}", ActionStyle.Secondary) { StartsRow = i == 0 })
            .Concat(five.Select((s, i) => new ReplyAction(Rate(s.Number, RatingKind.Dislike), $"👎 {s.Number}", ActionStyle.Secondary) { StartsRow = i == 0 }))),
            new ReplyAction(More, "More like this", ActionStyle.Primary) { StartsRow = true }];
    }

    /// <summary>The controls in rows of at most <paramref name="perRow"/>, a row begun early where a control asks for it.</summary>
    public static IReadOnlyList<IReadOnlyList<ReplyAction>> InRows(IReadOnlyList<ReplyAction> actions, int perRow)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var rows = new List<List<ReplyAction>>();
        foreach (var action in actions)
        {
            if (rows.Count == 0 || action.StartsRow || rows[^1].Count == perRow)
            {
                rows.Add([]);
            }

            rows[^1].Add(action);
        }

        return rows;
    }

    /// <summary>What the id stands for; null for an id ShowBot never wrote.</summary>
    public static ChatAction? Read(string? id)
    {
        if (id is null || id.Length > MaxIdLength)
        {
            return null;
        }

        if (id == More)
        {
            return new ChatAction.MoreLikeThis();
        }

        if (id.StartsWith(ConfirmForgetMePrefix, StringComparison.Ordinal))
        {
            return User(id[ConfirmForgetMePrefix.Length..]) is { } user ? new ChatAction.ConfirmForgetMe(user) : null;
        }

        if (id.StartsWith(CancelForgetMePrefix, StringComparison.Ordinal))
        {
            return User(id[CancelForgetMePrefix.Length..]) is { } user ? new ChatAction.CancelForgetMe(user) : null;
        }

        var (kind, number) = id.StartsWith(LikePrefix, StringComparison.Ordinal) ? (RatingKind.Like, id[LikePrefix.Length..])
            : id.StartsWith(DislikePrefix, StringComparison.Ordinal) ? (RatingKind.Dislike, id[DislikePrefix.Length..])
            : (RatingKind.Like, null);
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? new ChatAction.RateSuggestion(n, kind) : null;
    }

    private static UserKey? User(string key)
    {
        try
        {
            return UserKey.Parse(key);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
