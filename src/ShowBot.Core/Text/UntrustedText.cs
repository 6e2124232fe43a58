using System.Text;

namespace ShowBot.Core.Text;

/// <summary>
/// Cleans text that came from people or files (typed commands, imported titles) before Core keeps or compares it.
/// Controls (NUL, BEL, ESC, CR, LF, C1), noncharacters (U+FFFE, U+FDD0…) and unpaired surrogates become one space
/// between words; invisible format characters (bidi overrides and isolates, zero-width characters, the BOM, tag
/// characters) are removed. The result is valid UTF-16 that <see cref="string.Normalize()"/> accepts.
/// </summary>
public static class UntrustedText
{
    /// <summary>
    /// The text on one line: every run of controls, line breaks, noncharacters and unpaired surrogates is one space
    /// (none at either end), invisible format characters are gone. The same instance when nothing had to change.
    /// </summary>
    public static string Line(string text) => Clean(text, keepLineBreaks: false);

    /// <summary>
    /// As <see cref="Line"/>, but each line break (LF, CR LF, CR, NEL, U+2028, U+2029) is kept as one <c>\n</c>:
    /// for a pasted list of titles, or a reply of several lines.
    /// </summary>
    public static string Lines(string text) => Clean(text, keepLineBreaks: true);

    private static string Clean(string text, bool keepLineBreaks)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstToClean(text, keepLineBreaks);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        var pendingSpace = false;
        for (var i = first; i < text.Length;)
        {
            var kind = Classify(text.AsSpan(i), out var length);
            if (kind == Kind.LineBreak && keepLineBreaks)
            {
                builder.Append('\n');
                pendingSpace = false;
                i += text.AsSpan(i).StartsWith("\r\n") ? 2 : length;
                continue;
            }

            switch (kind)
            {
                case Kind.Keep:
                    if (pendingSpace && builder.Length > 0 && !char.IsWhiteSpace(builder[^1]) && !char.IsWhiteSpace(text[i]))
                    {
                        builder.Append(' ');
                    }

                    pendingSpace = false;
                    builder.Append(text, i, length);
                    break;
                case Kind.Separator or Kind.LineBreak:
                    pendingSpace = true;
                    break;
            }

            i += length;
        }

        return builder.ToString();
    }

    /// <summary>The index of the first character that cleaning changes, or -1.</summary>
    private static int FirstToClean(ReadOnlySpan<char> text, bool lineBreaksAllowed)
    {
        // Plain printable ASCII is by far the common case, and never needs cleaning.
        var i = text.IndexOfAnyExceptInRange(' ', '~');
        if (i < 0)
        {
            return -1;
        }

        while (i < text.Length)
        {
            var kind = Classify(text[i..], out var length);
            if (kind == Kind.LineBreak && lineBreaksAllowed && text[i] == '\n')
            {
                i++;
                continue;
            }

            if (kind != Kind.Keep)
            {
                return i;
            }

            i += length;
        }

        return -1;
    }

    private static Kind Classify(ReadOnlySpan<char> text, out int length)
    {
        if (Rune.DecodeFromUtf16(text, out var rune, out length) != System.Buffers.OperationStatus.Done)
        {
            // An unpaired surrogate: a cut or corrupted emoji.
            length = 1;
            return Kind.Separator;
        }

        var value = rune.Value;
        if (value is '\n' or '\r' or 0x85 or 0x2028 or 0x2029)
        {
            return Kind.LineBreak;
        }

        if (Rune.IsControl(rune) || IsNoncharacter(value))
        {
            return Kind.Separator;
        }

        // Bidi overrides and isolates, zero-width spaces and joiners, the BOM, tag characters: invisible by design.
        return Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format ? Kind.Invisible : Kind.Keep;
    }

    // U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+10FFFF…) are not characters:
    // Unicode normalisation refuses a string holding one.
    private static bool IsNoncharacter(int value) => value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE;

    private enum Kind
    {
        Keep,
        Separator,
        LineBreak,
        Invisible,
    }
}
