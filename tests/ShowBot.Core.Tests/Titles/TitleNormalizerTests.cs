using ShowBot.Core.Titles;

namespace ShowBot.Core.Tests.Titles;

public class TitleNormalizerTests
{
    [Theory]
    [InlineData("Breaking Bad", "breaking bad")]
    [InlineData("  BREAKING   bad  ", "breaking bad")]
    [InlineData("The Office", "office")]
    [InlineData("the office", "office")]
    [InlineData("The Office (2005)", "office 2005")]
    [InlineData("Pokémon", "pokemon")]
    [InlineData("Élite", "elite")]
    [InlineData("Love, Death & Robots", "love death and robots")]
    [InlineData("Law & Order: SVU", "law and order svu")]
    [InlineData("Law&Order", "law and order")]
    [InlineData("Rick and Morty", "rick and morty")]
    [InlineData("Grey's Anatomy", "greys anatomy")]
    [InlineData("Grey’s Anatomy", "greys anatomy")]
    [InlineData("S.W.A.T.", "s w a t")]
    [InlineData("Space: 1999", "space 1999")]
    [InlineData("24", "24")]
    [InlineData("The", "the")]
    [InlineData("The The", "the")]
    [InlineData("Theodosia", "theodosia")]
    [InlineData("Ｂｒｅａｋｉｎｇ Ｂａｄ", "breaking bad")]
    [InlineData("Break\u200Bing Bad", "breaking bad")]
    [InlineData("\u200FBreaking Bad\u200E", "breaking bad")]
    [InlineData("Breaking 🧪 Bad 🔥", "breaking bad")]
    [InlineData("Po\u0301ke\u0301mon", "pokemon")]
    [InlineData("Skam Ærø Øst", "skam aero ost")]
    [InlineData("Straße", "strasse")]
    [InlineData("@everyone", "everyone")]
    [InlineData("Breaking\uFFFEBad", "breaking bad")]
    [InlineData("\uFFFFDark\uFDD0", "dark")]
    [InlineData("Dark\U0001FFFE", "dark")]
    [InlineData("", "")]
    [InlineData("   \t\n ", "")]
    [InlineData("🙂🙂🙂", "")]
    [InlineData("!!!???", "")]
    public void Normalize_golden_table(string input, string expected)
    {
        Assert.Equal(expected, TitleNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("Breaking Bad", "Breaking Bed")]
    [InlineData("The Office", "Office Space")]
    [InlineData("Fargo", "Fargo 2014")]
    [InlineData("24", "2 4")]
    public void Normalize_keeps_different_titles_apart(string left, string right)
    {
        Assert.NotEqual(TitleNormalizer.Normalize(left), TitleNormalizer.Normalize(right));
    }

    [Theory]
    [InlineData("office 2005", "office", 2005)]
    [InlineData("breaking bad 2008", "breaking bad", 2008)]
    public void TrySplitYear_takes_a_trailing_year(string normalized, string title, int year)
    {
        Assert.True(TitleNormalizer.TrySplitYear(normalized, out var withoutYear, out var parsed));
        Assert.Equal(title, withoutYear);
        Assert.Equal(year, parsed);
    }

    [Theory]
    [InlineData("1923")]
    [InlineData("office")]
    [InlineData("office 1850")]
    [InlineData("office 20055")]
    [InlineData("")]
    public void TrySplitYear_leaves_titles_without_a_plausible_trailing_year(string normalized)
    {
        Assert.False(TitleNormalizer.TrySplitYear(normalized, out var withoutYear, out _));
        Assert.Equal(normalized, withoutYear);
    }

    [Theory]
    [MemberData(nameof(OddUnicode))]
    public void Normalize_never_throws_on_odd_unicode(string input)
    {
        var normalized = TitleNormalizer.Normalize(input);
        Assert.DoesNotContain("  ", normalized, StringComparison.Ordinal);
        Assert.Equal(normalized.Trim(), normalized);
    }

    public static TheoryData<string> OddUnicode() =>
    [
        "\uD800",
        "Breaking\uDC00Bad",
        "Breaking Bad \uD83D", // an emoji cut in half; alone, xunit would take it for "\uD800" and never run it
        "a\u0000b\u0007c",
        "\u202Eevil\u202C",
        "e\u0301\u0301\u0301\u0301",
        "👨‍👩‍👧‍👦",
        "𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠",
        "שובר שורות",
        "ブレイキング・バッド",
        new string('\u0301', 5000),
        new string('x', 10_000),
    ];

    [Fact]
    public void Normalize_caps_long_input()
    {
        Assert.True(TitleNormalizer.Normalize(new string('a', 10_000) + " b").Length <= TitleNormalizer.MaxInputLength);
    }
}
