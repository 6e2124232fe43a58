using ShowBot.Core.Chat;

namespace ShowBot.Core.Tests.Chat;

public class DisplayTextTests
{
    [Theory]
    [InlineData(0, 0, new[] { "aaaaaaaaaa", "bbbb" }, new[] { "aaaaaaaaaa", "bbbb" })]
    [InlineData(4, 2, new[] { "aaaaaaaaaa", "bbbb" }, new[] { "aaaaa…", "bbbb" })]
    [InlineData(8, 2, new[] { "aaaaaaaaaa", "bbbbbbbbbb" }, new[] { "aaaaa…", "bbbbb…" })]
    [InlineData(8, 7, new[] { "aaaaaaaaaa", "bbbbbbbbbb" }, new[] { "aaaaaa…", "bbbbbb…" })]
    [InlineData(8, 7, new[] { "aaaaaaaaaa", "bbbb" }, new[] { "aaaaaa…", "bbbb" })]
    [InlineData(20, 0, new[] { "aaaaaaaaaa", "bbbbbbbbbb" }, new[] { "", "" })]
    [InlineData(3, 0, new[] { "aaaaaaaaaaaaaaaaaaaa", "" }, new[] { "aaaaaaaaaaaaaaaa…", "" })]
    [InlineData(5, 0, new[] { "aaaaaaaaaaaaaaaaaaaa", "" }, new[] { "", "" })]
    [InlineData(5, 2, new[] { "aaaaaaaaaaaaaaaaaaaa", "" }, new[] { "aaaaaaaaaaaaaa…", "" })]
    public void Shorten_cuts_the_longest_texts_first_never_below_the_floor_and_with_no_floor_drops_a_stub(int excess, int floor, string[] texts, string[] expected)
    {
        var shortened = DisplayText.Shorten(texts, excess, floor);

        Assert.Equal(expected, shortened);
    }
}
