using System.Text.RegularExpressions;

namespace ShowBot.Core.Titles;

/// <summary>How well a stretch of typed text names a catalog show, for choosing where a list splits.</summary>
internal enum SpanFit
{
    None,
    Fuzzy,
    Exact,
}

/// <summary>
/// Splits "Breaking Bad, The Wire; Fargo" into titles without breaking "Love, Death &amp; Robots" or
/// "Rick and Morty": the text is cut at every separator, then dynamic programming picks the grouping of
/// the pieces that names the most catalog shows, preferring whole-title matches over piecewise ones and
/// plain splits where nothing matches.
/// </summary>
internal static partial class TitleListSplitter
{
    private const int MaxFragments = 60;
    private const int MaxFragmentsPerTitle = 6;

    /// <param name="text">What was typed.</param>
    /// <param name="fit">How well a span of so many pieces names a show; told when only an exact match could count.</param>
    /// <param name="maxTitles">At most this many titles are returned.</param>
    public static List<string> Split(string text, Func<string, int, bool, SpanFit> fit, int maxTitles)
    {
        if (string.IsNullOrWhiteSpace(text) || maxTitles <= 0)
        {
            return [];
        }

        var fragments = Fragments(text);
        var n = fragments.Count;
        if (n == 0)
        {
            return [];
        }

        // best[i] = best score for fragments[i..]; choice[i] = how many fragments the first title there takes.
        var best = new int[n + 1];
        var choice = new int[n + 1];
        var exactPiece = new bool[n];
        for (var i = n - 1; i >= 0; i--)
        {
            best[i] = int.MinValue;
            var piecesExact = true;
            for (var length = 1; length <= MaxFragmentsPerTitle && i + length <= n; length++)
            {
                var last = i + length - 1;
                if (length > 1 && fragments[last - 1].HardBreakAfter)
                {
                    break;
                }

                var span = text[fragments[i].Start..fragments[last].End];
                // Over pieces that are each a title, a typo-tolerant match of the whole scores less than the pieces
                // do (8 a piece less 1 against 9 a piece), so only an exact one is worth looking for.
                piecesExact = piecesExact && (length == 1 || exactPiece[last]);
                var spanFit = fit(span, length, length > 1 && piecesExact);
                if (length == 1)
                {
                    exactPiece[i] = piecesExact = spanFit == SpanFit.Exact;
                }

                var score = Score(spanFit, length) + best[i + length];
                if (score > best[i])
                {
                    best[i] = score;
                    choice[i] = length;
                }
            }
        }

        var titles = new List<string>();
        for (var i = 0; i < n && titles.Count < maxTitles; i += choice[i])
        {
            titles.Add(text[fragments[i].Start..fragments[i + choice[i] - 1].End]);
        }

        return titles;
    }

    /// <summary>
    /// An exact title covering k pieces is worth 10 per piece less 1, so one whole title beats the same pieces
    /// matched separately ("Law &amp; Order" over "Law" + "Order"). A fuzzy one is worth 8 per piece less 1: it
    /// beats unmatched pieces ("rick and mortyy") but never exact ones ("Fargo, Fargo" is two titles).
    /// Gluing pieces that name nothing costs, so unknown text splits at every separator.
    /// </summary>
    private static int Score(SpanFit fit, int pieces) => fit switch
    {
        SpanFit.Exact => (10 * pieces) - 1,
        SpanFit.Fuzzy => (8 * pieces) - 1,
        _ => pieces == 1 ? 0 : -5 * (pieces - 1),
    };

    private static List<Fragment> Fragments(string text)
    {
        var fragments = new List<Fragment>();
        var links = Links().Matches(text);
        var start = 0;
        foreach (var separator in Separators().EnumerateMatches(text))
        {
            // A link's slashes are not separators: "https://www.imdb.com/title/tt0903747/" is one title.
            var at = separator.Index;
            if (links.Any(l => at >= l.Index && at < l.Index + l.Length))
            {
                continue;
            }

            Add(text, start, separator.Index, hardBreakAfter: IsLineBreak(text.AsSpan(separator.Index, separator.Length)), fragments);
            start = separator.Index + separator.Length;
            if (fragments.Count >= MaxFragments)
            {
                return fragments;
            }
        }

        Add(text, start, text.Length, hardBreakAfter: true, fragments);
        return fragments;
    }

    private static bool IsLineBreak(ReadOnlySpan<char> separator) => separator.ContainsAny('\n', '\r');

    private static void Add(string text, int start, int end, bool hardBreakAfter, List<Fragment> fragments)
    {
        var piece = text.AsSpan(start, end - start);
        var marker = ListMarker().Match(text, start, end - start);
        if (marker.Success)
        {
            start += marker.Length;
            piece = text.AsSpan(start, end - start);
        }

        var trimmedStart = piece.Length - piece.TrimStart().Length;
        var trimmed = piece.Trim();
        if (trimmed.IsEmpty)
        {
            // A blank piece still ends a line: "Fargo\n\nDark" must not glue across it.
            if (hardBreakAfter && fragments.Count > 0)
            {
                fragments[^1] = fragments[^1] with { HardBreakAfter = true };
            }

            return;
        }

        var from = start + trimmedStart;
        fragments.Add(new Fragment(from, from + trimmed.Length, hardBreakAfter));
    }

    private readonly record struct Fragment(int Start, int End, bool HardBreakAfter);

    // Commas, semicolons, slashes, pipes and line breaks, and " & ", " and ", " + " between words.
    [GeneratedRegex(@"\r\n|[\r\n,;/|]|\s+(?:&|and|\+)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    // A web address, with or without its scheme (imdb.com/title/…), up to a space, comma, semicolon or pipe.
    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s,;|]+|\b(?:[a-z0-9-]+\.)*imdb\.com/[^\s,;|]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Links();

    // "- Fargo", "* Fargo", "• Fargo", "1. Fargo", "2) Fargo" in pasted lists.
    [GeneratedRegex(@"^\s*(?:[-*•]+|\d{1,2}[.)])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex ListMarker();
}
