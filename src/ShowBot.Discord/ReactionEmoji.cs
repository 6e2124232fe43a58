using ShowBot.Core.Ratings;

namespace ShowBot.Discord;

/// <summary>The emojis that rate suggestions: keycap digits 1️⃣..9️⃣ and 🔟 for numbers, 👎 for "none of these".</summary>
internal static class ReactionEmoji
{
    private const string VariationSelector = "\uFE0F";
    private const string CombiningKeycap = "\u20E3";
    private const string KeycapTen = "\U0001F51F";
    private const string ThumbsDown = "\U0001F44E";

    /// <summary>The emoji the bot adds for suggestion <paramref name="number"/> (1..10), in its fully qualified form.</summary>
    public static string ForNumber(int number) => number switch
    {
        >= 1 and <= 9 => $"{number}{VariationSelector}{CombiningKeycap}",
        10 => KeycapTen,
        _ => throw new ArgumentOutOfRangeException(nameof(number), number, "Suggestions are numbered 1 to 10."),
    };

    /// <summary>
    /// What a reaction's emoji name means: a suggestion number, or a dislike of the list. Keycaps arrive with and
    /// without U+FE0F, and 👎 with a skin tone; custom emojis and anything else mean nothing.
    /// </summary>
    public static bool TryRead(string? emojiName, out int? number, out RatingKind kind)
    {
        number = null;
        kind = RatingKind.Like;
        if (string.IsNullOrEmpty(emojiName))
        {
            return false;
        }

        var name = emojiName.Replace(VariationSelector, "", StringComparison.Ordinal);
        if (name.Length == 2 && name[1] == CombiningKeycap[0] && name[0] is >= '1' and <= '9')
        {
            number = name[0] - '0';
            return true;
        }

        if (name == KeycapTen)
        {
            number = 10;
            return true;
        }

        if (name.StartsWith(ThumbsDown, StringComparison.Ordinal) && IsSkinTone(name.AsSpan(ThumbsDown.Length)))
        {
            kind = RatingKind.Dislike;
            return true;
        }

        return false;
    }

    private static bool IsSkinTone(ReadOnlySpan<char> rest) =>
        rest.IsEmpty || (rest.Length == 2 && char.IsSurrogatePair(rest[0], rest[1]) && char.ConvertToUtf32(rest[0], rest[1]) is >= 0x1F3FB and <= 0x1F3FF);
}
