using ShowBot.Core.Text;

namespace ShowBot.Core.Chat;

/// <summary>
/// The one guard every renderer applies to untrusted text (titles, what people typed) before it reaches a terminal or
/// a chat: <see cref="UntrustedText"/> removes what could move the cursor, clear a screen, reverse the reading order,
/// hide text or start a fake line, then <see cref="MentionGuard"/> makes mentions inert. Platform markup (Markdown,
/// mrkdwn) is escaped by each adapter on top of this.
/// </summary>
public static class DisplayText
{
    /// <summary>Untrusted text as one inert line: a title, a typed title, a heading.</summary>
    public static string Line(string text) => MentionGuard.Neutralize(UntrustedText.Line(text));

    /// <summary>Text of several lines whose line breaks are meant (a reply Core composed); everything else as <see cref="Line"/>.</summary>
    public static string Lines(string text) => MentionGuard.Neutralize(UntrustedText.Lines(text));

    /// <summary>
    /// Untrusted text as one inert line in which no address is clickable: "://" becomes "꞉//" (a look-alike colon), so
    /// a title can neither link anywhere nor pass for the link a chat shows it as.
    /// </summary>
    public static string UnlinkedLine(string text) => Line(text).Replace("://", "꞉//", StringComparison.Ordinal);

    /// <summary>Cuts text to <paramref name="maxLength"/> characters with an ellipsis, never between the halves of a surrogate pair.</summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }

    /// <summary>
    /// Makes <paramref name="texts"/> up to <paramref name="excess"/> characters shorter in all, cutting the longest
    /// first: every text longer than one common length is cut to it, but never below <paramref name="floor"/>
    /// characters (so less may be saved). With no floor, a text that would keep fewer than 16 characters becomes empty:
    /// a stub says nothing. Nothing changes when <paramref name="excess"/> is not positive.
    /// </summary>
    public static IReadOnlyList<string> Shorten(IReadOnlyList<string> texts, int excess, int floor)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegative(floor);
        if (excess <= 0)
        {
            return texts;
        }

        int Saved(int length) => texts.Sum(t => Math.Max(0, t.Length - length));
        var (low, high) = (0, texts.Count == 0 ? 0 : texts.Max(t => t.Length));
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            (low, high) = Saved(middle) >= excess ? (middle, high) : (low, middle - 1);
        }

        var length = Math.Max(low, floor);
        var shortestCut = floor > 0 ? 2 : 16;
        return [.. texts.Select(t => t.Length <= length ? t : length < shortestCut ? "" : Truncate(t, length))];
    }
}
