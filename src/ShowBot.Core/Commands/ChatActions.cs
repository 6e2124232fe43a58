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

    /// <summary>A show picked from a "did you mean" of /recommend: recommend like it, as asked (count, genre).</summary>
    public sealed record PickToRecommend(int? Count, string? Genre) : ChatAction;

    /// <summary>A show picked from a "did you mean" of /rate: rate it so.</summary>
    public sealed record PickToRate(RatingKind Kind) : ChatAction;
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

    private const string PickToRecommendPrefix = "pick:recommend:";
    private const string PickToRatePrefix = "pick:rate:";

    /// <summary>Most choices a menu holds (Discord's limit; Slack's is 100).</summary>
    public const int MaxOptions = 25;

    /// <summary>
    /// The "did you mean" of a /recommend as a menu of the candidates it offers (<see cref="UnresolvedTitle.Offered"/>);
    /// picking one recommends like it, with the count and genre asked for. None when there is nothing to pick.
    /// </summary>
    public static IReadOnlyList<ReplyAction> PickToRecommend(DidYouMeanReply reply, int? count, string? genre) =>
        Picking(reply, PickToRecommendPrefix + count?.ToString(CultureInfo.InvariantCulture) + ":" + genre);

    /// <summary>The "did you mean" of a /rate as a menu of its candidates; picking one rates it <paramref name="kind"/>.</summary>
    public static IReadOnlyList<ReplyAction> PickToRate(DidYouMeanReply reply, RatingKind kind) =>
        Picking(reply, PickToRatePrefix + (kind == RatingKind.Like ? "like" : "dislike"));

    private static List<ReplyAction> Picking(DidYouMeanReply reply, string id)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var options = reply.Titles
            .SelectMany(t => t.Offered)
            .DistinctBy(s => s.Id)
            .Take(MaxOptions)
            .Select(s => new ReplyOption(s.Id, s.Years.Length > 0 ? $"{s.Title} ({s.Years})" : s.Title))
            .ToList();
        return options.Count == 0 || id.Length > MaxIdLength ? [] : [new ReplyAction(id, "Pick the show you meant", ActionStyle.Primary) { Options = options, StartsRow = true }];
    }

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

    /// <summary>
    /// The controls in rows of at most <paramref name="perRow"/>, a row begun early where a control asks for it; a menu
    /// is a row of its own.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ReplyAction>> InRows(IReadOnlyList<ReplyAction> actions, int perRow)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var rows = new List<List<ReplyAction>>();
        foreach (var action in actions)
        {
            if (rows.Count == 0 || action.StartsRow || rows[^1].Count == perRow || action.Options.Count > 0 || rows[^1][^1].Options.Count > 0)
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

        if (id.StartsWith(PickToRecommendPrefix, StringComparison.Ordinal))
        {
            var asked = id[PickToRecommendPrefix.Length..];
            var colon = asked.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return null;
            }

            int? count = int.TryParse(asked[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var askedCount) ? askedCount : null;
            return new ChatAction.PickToRecommend(count, colon == asked.Length - 1 ? null : asked[(colon + 1)..]);
        }

        if (id.StartsWith(PickToRatePrefix, StringComparison.Ordinal))
        {
            return id[PickToRatePrefix.Length..] switch
            {
                "like" => new ChatAction.PickToRate(RatingKind.Like),
                "dislike" => new ChatAction.PickToRate(RatingKind.Dislike),
                _ => null,
            };
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
