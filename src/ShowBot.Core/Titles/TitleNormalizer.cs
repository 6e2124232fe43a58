using System.Globalization;
using System.Text;

using ShowBot.Core.Text;

namespace ShowBot.Core.Titles;

/// <summary>
/// Turns a title as people type it into the key the matcher compares: lower case, no diacritics or
/// punctuation, "&amp;" spelled "and", a leading "The" dropped, single spaces.
/// "The Office (2005)" → "office 2005", "Pokémon" → "pokemon", "Love, Death &amp; Robots" → "love death and robots".
/// </summary>
public static class TitleNormalizer
{
    /// <summary>Characters of input looked at; no catalog title is anywhere near this long.</summary>
    public const int MaxInputLength = 1024;

    /// <summary>Normalises <paramref name="text"/>; never throws, returns "" for null, blank or symbol-only text.</summary>
    public static string Normalize(string? text) => StripLeadingThe(Fold(text));

    /// <summary>
    /// Splits a trailing start year off a normalised title: "office 2005" → ("office", 2005).
    /// Returns false when there is no year or nothing would be left of the title ("1923" stays a title).
    /// </summary>
    public static bool TrySplitYear(string normalized, out string withoutYear, out int year)
    {
        withoutYear = normalized;
        year = 0;
        var space = normalized.LastIndexOf(' ');
        if (space <= 0 || normalized.Length - space - 1 != 4)
        {
            return false;
        }

        if (!int.TryParse(normalized.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            || parsed is < 1900 or > 2100)
        {
            return false;
        }

        withoutYear = normalized[..space];
        year = parsed;
        return true;
    }

    /// <summary>Lower case, no diacritics, punctuation as spaces, "&amp;" as "and", leading article kept.</summary>
    internal static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var decomposed = Decompose(text.Length > MaxInputLength ? text[..MaxInputLength] : text);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            if (char.IsHighSurrogate(c) && i + 1 < decomposed.Length && char.IsLowSurrogate(decomposed[i + 1]))
            {
                // Letters outside the BMP (rare scripts) are kept; emoji and other symbols separate words.
                if (char.IsLetterOrDigit(decomposed, i))
                {
                    Append(builder, decomposed.AsSpan(i, 2), ref pendingSpace);
                }
                else
                {
                    pendingSpace = true;
                }

                i++;
                continue;
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format:
                    continue;
            }

            if (c is '\'' or '’' or '‘' or '`' or '´' or 'ʼ')
            {
                // "Grey's Anatomy" is typed as "greys anatomy" far more often than "grey s anatomy".
                continue;
            }

            if (c == '&')
            {
                pendingSpace = true;
                Append(builder, "and", ref pendingSpace);
                pendingSpace = true;
                continue;
            }

            if (LetterFolds(c) is { } folded)
            {
                Append(builder, folded, ref pendingSpace);
            }
            else if (char.IsLetterOrDigit(c))
            {
                Span<char> lower = [char.ToLowerInvariant(c)];
                Append(builder, lower, ref pendingSpace);
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    internal static string StripLeadingThe(string folded) =>
        folded.StartsWith("the ", StringComparison.Ordinal) && folded.Length > 4 ? folded[4..] : folded;

    /// <summary>"a different world" → "different world"; used as a looser key, not as the title key.</summary>
    internal static string StripLeadingIndefiniteArticle(string normalized) =>
        normalized.StartsWith("a ", StringComparison.Ordinal) && normalized.Length > 2 ? normalized[2..]
        : normalized.StartsWith("an ", StringComparison.Ordinal) && normalized.Length > 3 ? normalized[3..]
        : normalized;

    /// <summary>"s w a t" → "swat", "spider man" → "spiderman": catches acronyms and split or joined words.</summary>
    internal static string Compact(string normalized) => normalized.Replace(" ", "", StringComparison.Ordinal);

    private static void Append(StringBuilder builder, ReadOnlySpan<char> text, ref bool pendingSpace)
    {
        if (pendingSpace && builder.Length > 0)
        {
            builder.Append(' ');
        }

        pendingSpace = false;
        builder.Append(text);
    }

    // Compatibility decomposition also folds full-width letters, ligatures and superscripts to plain ones. Normalize
    // throws on noncharacters and lone surrogates, which pasted or truncated text can contain: they become spaces first.
    private static string Decompose(string text) => UntrustedText.Line(text).Normalize(NormalizationForm.FormKD);

    // Letters that Unicode does not decompose into a base letter plus a mark.
    private static string? LetterFolds(char c) => c switch
    {
        'ø' or 'Ø' => "o",
        'æ' or 'Æ' => "ae",
        'œ' or 'Œ' => "oe",
        'ß' or 'ẞ' => "ss",
        'ł' or 'Ł' => "l",
        'đ' or 'Đ' or 'ð' or 'Ð' => "d",
        'þ' or 'Þ' => "th",
        'ı' => "i",
        _ => null,
    };
}
