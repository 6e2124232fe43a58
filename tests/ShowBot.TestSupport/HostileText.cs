using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;

namespace ShowBot.TestSupport;

/// <summary>
/// Seeded random strings drawn from what breaks text handling: surrogate halves, noncharacters, C0/C1 controls and
/// terminal escapes, bidi overrides, zero-width and tag characters, combining marks, emoji sequences, right-to-left
/// and other scripts, chat markup and mentions, now and then thousands of pieces long. The same seed gives the same strings.
/// </summary>
public sealed class HostileText(int seed)
{
    private static readonly string[] Pieces =
    [
        "Breaking", "Bad", "The", "Wire", "Office", "the", "and", "&", " ", "  ", ",", ";", "/", "|", ".", "'", "\"", "-", "1", "2008", "tt0903747",
        "*", "**", "_", "__", "~", "~~", "`", "```", "||", "[", "]", "(", ")", "#", "# ", "-# ", ">", ">>> ", "<", "\\", ":", "&amp;", "&lt;",
        "@", "@everyone", "@here", "<@123>", "<@&456>", "<#789>", "<!channel>", "<!here>", "<@U0123>", "[x](https://evil.example)", "<https://evil.example|click>",
        "\0", "\a", "\b", "\t", "\n", "\v", "\f", "\r", "\r\n", "\u001B", "\u001B[2J", "\u001B]0;pwned\a", "\u001B[31m", "\u007F",
        "\u0080", "\u0085", "\u008D", "\u009B", "\u009B2J", "\u009F", "\n[#99] Because you like Breaking Bad:",
        "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C",
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u180E", "\U000E0041", "\U000E007F", "\u2028", "\u2029",
        "\uFFFE", "\uFFFF", "\uFDD0", "\uFDEF", "\U0001FFFE", "\U0010FFFF", "\uFFFD",
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D",
        "\u0301", "\u0336", "\u20E3", "\u0489", "\u0301\u0301\u0301\u0301\u0301\u0301",
        "🎬", "👨‍👩‍👧", "🏳️‍🌈", "1️⃣", "🔟", "👎", "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
        "مسلسل", "שלום", "मिर्ज़ापुर", "進撃の巨人", "오징어 게임", "Ｂｒｅａｋｉｎｇ", "Pokémon", "Straße", "ﬁ", "\uE000", "\u0378",
    ];

    private readonly Random random = new(seed);

    /// <summary>The next string; about one in 500 is thousands of pieces long.</summary>
    public string Next()
    {
        var count = random.Next(500) == 0 ? random.Next(2_000, 5_000) : random.Next(0, 24);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A string of one to eight pieces, as long as a title in a catalog file.</summary>
    public string NextTitle()
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 9); i > 0; i--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }

    /// <summary>The string with every character outside printable ASCII written as \uXXXX, for a failure message.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.Length > 300 ? text[..300] : text)
        {
            escaped.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return escaped.ToString();
    }
}

/// <summary>What a person must never be shown, checked in rendered output.</summary>
public static class DisplayInvariants
{
    /// <summary>
    /// The characters in <paramref name="rendered"/> that must not reach a person: controls (a line break only where
    /// <paramref name="lineBreaksAllowed"/>), line and paragraph separators, invisible format characters (bidi,
    /// zero-width, tags) except the mention guard's zero-width space right after '@', noncharacters and unpaired surrogates.
    /// </summary>
    public static List<string> Violations(string rendered, bool lineBreaksAllowed)
    {
        var found = new List<string>();
        for (var i = 0; i < rendered.Length;)
        {
            if (Rune.DecodeFromUtf16(rendered.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                found.Add($"unpaired surrogate U+{(int)rendered[i]:X4} at {i}");
                i++;
                continue;
            }

            var value = rune.Value;
            var guardSpace = value == 0x200B && i > 0 && rendered[i - 1] == '@';
            if ((Rune.IsControl(rune) && !(value == '\n' && lineBreaksAllowed))
                || value is 0x2028 or 0x2029
                || value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE
                || (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format && !guardSpace))
            {
                found.Add($"U+{value:X4} at {i}");
            }

            i += length;
        }

        return found;
    }
}

/// <summary>Replies of every kind made of hostile text, as Core would hand them to a renderer.</summary>
public static class HostileReplies
{
    /// <summary>
    /// <paramref name="count"/> hostile replies from <paramref name="seed"/>, each with what <paramref name="render"/>
    /// made of it; a renderer that throws fails the test with the reply's number and the seed.
    /// </summary>
    public static IEnumerable<(Reply Reply, T Rendered)> Render<T>(int seed, int count, Func<Reply, T> render)
    {
        var hostile = new HostileText(seed);
        for (var i = 0; i < count; i++)
        {
            var reply = Next(hostile, i);
            T rendered;
            try
            {
                rendered = render(reply);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"Rendering hostile reply #{i} (seed {seed}) failed.", ex);
            }

            yield return (reply, rendered);
        }
    }

    /// <summary>Every string in a rendered JSON message, with the path of property names that leads to it.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "") => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value, path.Length == 0 ? p.Key : $"{path}/{p.Key}")),
        JsonArray array => array.SelectMany(item => Strings(item, path)),
        JsonValue value when value.TryGetValue<string>(out var text) => [(path, text)],
        _ => [],
    };

    public static Reply Next(HostileText hostile, int i)
    {
        Show NextShow(int n) => new($"tt{n:D7}", hostile.Next(), 2000 + (n % 20), n % 3 == 0 ? null : 2010, [hostile.Next(), "Drama"]);
        var shows = Enumerable.Range(i * 10, 1 + (i % 10)).Select(NextShow).ToList();
        return (i % 4) switch
        {
            0 => new SuggestionsReply(
                [.. shows.Select((show, n) => new Suggestion(n + 1, show, shows[0]) { Why = [hostile.Next()], Premise = n % 2 == 0 ? hostile.Next() : "" })],
                [shows[0], NextShow(i + 1)])
            {
                Notes = i % 8 == 0 ? ["note: " + hostile.Next(), "note: " + hostile.Next()] : [],
                Asked = i % 3 == 0 ? hostile.Next() : null,
            },
            1 => new DidYouMeanReply([new UnresolvedTitle(hostile.Next(), shows), new UnresolvedTitle(hostile.Next(), [])]),
            2 => new LikesReply(shows, [NextShow(i + 2)]),
            _ => new TextReply(hostile.Next()),
        };
    }
}
