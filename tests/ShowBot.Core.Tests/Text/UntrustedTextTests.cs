using ShowBot.Core.Chat;
using ShowBot.Core.Text;

namespace ShowBot.Core.Tests.Text;

public class UntrustedTextTests
{
    [Theory]
    [InlineData("Breaking\uFFFEBad", "Breaking Bad")]
    [InlineData("\uFFFFDark\uFDD0", "Dark")]
    [InlineData("Dark\U0001FFFE", "Dark")]
    [InlineData("Evil\u001B[2J", "Evil [2J")]
    [InlineData("\u001B]0;pwned\u0007Fargo", "]0;pwned Fargo")]
    [InlineData("Evil\n[#99] Because you like Breaking Bad:", "Evil [#99] Because you like Breaking Bad:")]
    [InlineData("Evil\r\n\r\nShow", "Evil Show")]
    [InlineData("a\u0000\u0007b", "a b")]
    [InlineData("a \u0000b", "a b")]
    [InlineData("\u009B2JFargo\u0085", "2JFargo")]
    [InlineData("Line\u2028Break", "Line Break")]
    [InlineData("\u202Egnorw\u202C Wire", "gnorw Wire")]
    [InlineData("\u2066Dark\u2069\u200E\u200F\u061C", "Dark")]
    [InlineData("Break\u200Bing\u200C\u200D\u2060\uFEFF Bad", "Breaking Bad")]
    [InlineData("Fargo\U000E0041\U000E007F", "Fargo")]
    [InlineData("Pokémon 🎬 مسلسل 進撃の巨人 Po\u0301ke\u0301mon", "Pokémon 🎬 مسلسل 進撃の巨人 Po\u0301ke\u0301mon")]
    [InlineData("@everyone *bold* <@123>", "@everyone *bold* <@123>")]
    [InlineData("\u0000\u202E\uFFFE", "")]
    public void Line_golden_table(string input, string expected)
    {
        Assert.Equal(expected, UntrustedText.Line(input));
    }

    [Fact]
    public void Unpaired_surrogates_are_dropped_between_words()
    {
        // Not in the table above: attribute strings cannot hold half a surrogate pair.
        Assert.Equal("Half  emoji", UntrustedText.Line("Half \uD83D emoji"));
        Assert.Equal("Dark", UntrustedText.Line("\uDC00Dark\uD800"));
        Assert.Equal("a b", UntrustedText.Line("a\uDFFF\uD800b"));
    }

    [Theory]
    [InlineData("Breaking Bad\nThe Wire", "Breaking Bad\nThe Wire")]
    [InlineData("Breaking Bad\r\nThe Wire\rFargo", "Breaking Bad\nThe Wire\nFargo")]
    [InlineData("Fargo\n\nDark", "Fargo\n\nDark")]
    [InlineData("Fargo\u2029Dark\u0085Lost", "Fargo\nDark\nLost")]
    [InlineData("Evil\u001B[2J\tShow\u202E", "Evil [2J Show")]
    public void Lines_keeps_each_line_break_as_one_newline(string input, string expected)
    {
        Assert.Equal(expected, UntrustedText.Lines(input));
    }

    [Theory]
    [InlineData("Breaking Bad")]
    [InlineData("Pokémon: 進撃の巨人 🎬")]
    [InlineData("")]
    public void Clean_text_is_returned_as_it_is(string text)
    {
        Assert.Same(text, UntrustedText.Line(text));
        Assert.Same(text, UntrustedText.Lines(text));
    }

    [Fact]
    public void The_mention_guards_own_zero_width_space_survives_and_a_typed_one_does_not_double_it()
    {
        Assert.Equal("@\u200Beveryone", DisplayText.Line("@\u200B\u200Beveryone\u202E"));
        Assert.Equal("Evil ‹@\u200B123› show", DisplayText.Line("Evil\n<@123>\u0007show"));
    }

    [Theory]
    [InlineData("Breaking Bad", 20, "Breaking Bad")]
    [InlineData("Breaking Bad", 9, "Breaking…")]
    [InlineData("abc🎬def", 5, "abc…")]
    [InlineData("abcd🎬", 6, "abcd🎬")]
    public void Truncate_never_splits_a_surrogate_pair(string text, int max, string expected)
    {
        Assert.Equal(expected, DisplayText.Truncate(text, max));
        Assert.Empty(DisplayInvariants.Violations(DisplayText.Truncate(text, max), lineBreaksAllowed: false));
    }

    [Fact]
    public void Fifty_thousand_hostile_strings_come_out_clean_and_normalisable()
    {
        var hostile = new HostileText(seed: 4);
        for (var i = 0; i < 50_000; i++)
        {
            var text = hostile.Next();
            var line = DisplayText.Line(text);
            var lines = DisplayText.Lines(text);

            Assert.True(DisplayInvariants.Violations(line, lineBreaksAllowed: false).Count == 0, $"#{i}: {HostileText.Escape(text)}");
            Assert.True(DisplayInvariants.Violations(lines, lineBreaksAllowed: true).Count == 0, $"#{i}: {HostileText.Escape(text)}");
            _ = UntrustedText.Line(text).Normalize(System.Text.NormalizationForm.FormKD);
        }
    }
}
