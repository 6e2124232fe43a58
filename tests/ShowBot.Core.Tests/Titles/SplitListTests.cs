using static ShowBot.Core.Tests.Titles.TestCatalog;

namespace ShowBot.Core.Tests.Titles;

public class SplitListTests
{
    [Theory]
    [InlineData("Breaking Bad, The Wire; Fargo", new[] { "Breaking Bad", "The Wire", "Fargo" })]
    [InlineData("Love, Death & Robots, Fargo", new[] { "Love, Death & Robots", "Fargo" })]
    [InlineData("Fargo, Love, Death & Robots", new[] { "Fargo", "Love, Death & Robots" })]
    [InlineData("Love, Fargo", new[] { "Love", "Fargo" })]
    [InlineData("Law & Order, Mork & Mindy", new[] { "Law & Order", "Mork & Mindy" })]
    [InlineData("Rick and Morty and Futurama", new[] { "Rick and Morty", "Futurama" })]
    [InlineData("Rick and Morty", new[] { "Rick and Morty" })]
    [InlineData("Futurama and Rick and Morty", new[] { "Futurama", "Rick and Morty" })]
    [InlineData("Breaking Bad & Fargo", new[] { "Breaking Bad", "Fargo" })]
    [InlineData("Breaking Bad and Fargo", new[] { "Breaking Bad", "Fargo" })]
    [InlineData("Breaking Bad | Fargo / Sherlock", new[] { "Breaking Bad", "Fargo", "Sherlock" })]
    [InlineData("Breaking Bad\nThe Wire\r\nFargo", new[] { "Breaking Bad", "The Wire", "Fargo" })]
    [InlineData("- Breaking Bad\n- The Wire\n* Fargo", new[] { "Breaking Bad", "The Wire", "Fargo" })]
    [InlineData("1. Breaking Bad\n2) Fargo", new[] { "Breaking Bad", "Fargo" })]
    [InlineData("  Breaking Bad ,, ;  Fargo  ,", new[] { "Breaking Bad", "Fargo" })]
    [InlineData("Law & Order: Special Victims Unit, Sherlock", new[] { "Law & Order: Special Victims Unit", "Sherlock" })]
    [InlineData("The Office (2005), Doctor Who", new[] { "The Office (2005)", "Doctor Who" })]
    // Typos: pieces that only fuzzy-match still split at the commas, and a typo'd "and" title stays whole
    [InlineData("braking bad, the wier", new[] { "braking bad", "the wier" })]
    [InlineData("rick and mortyy, futurma", new[] { "rick and mortyy", "futurma" })]
    // Unknown text splits at every separator rather than gluing pieces together
    [InlineData("foo, bar and baz", new[] { "foo", "bar", "baz" })]
    [InlineData("Fargo", new[] { "Fargo" })]
    [InlineData("Sandor and Sansa", new[] { "Sandor", "Sansa" })]
    // An IMDb address is one title: its slashes, dots and query string never split it
    [InlineData("https://www.imdb.com/title/tt0903747/", new[] { "https://www.imdb.com/title/tt0903747/" })]
    [InlineData("https://m.imdb.com/title/tt0903747/?ref_=nv_sr_srsg_0&q=bb, The Wire", new[] { "https://m.imdb.com/title/tt0903747/?ref_=nv_sr_srsg_0&q=bb", "The Wire" })]
    [InlineData("Fargo / imdb.com/title/tt0306414 / Sherlock", new[] { "Fargo", "imdb.com/title/tt0306414", "Sherlock" })]
    [InlineData("http://www.imdb.com/title/tt0903747 and https://www.imdb.com/title/tt0306414", new[] { "http://www.imdb.com/title/tt0903747", "https://www.imdb.com/title/tt0306414" })]
    public void SplitList_golden_table(string text, string[] expected)
    {
        Assert.Equal(expected, Matcher.SplitList(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,;;\n\n")]
    [InlineData(" and ")]
    public void SplitList_of_nothing_is_empty(string text)
    {
        Assert.Empty(Matcher.SplitList(text));
    }

    [Fact]
    public void SplitList_does_not_glue_across_lines()
    {
        Assert.Equal(["Love", "Death & Robots"], Matcher.SplitList("Love\nDeath & Robots"));
    }

    [Fact]
    public void SplitList_caps_the_number_of_titles()
    {
        var text = string.Join(", ", Enumerable.Repeat("Fargo", 100));

        Assert.Equal(20, Matcher.SplitList(text).Count);
    }

    [Fact]
    public void SplitList_survives_long_hostile_input()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var titles = Matcher.SplitList(string.Concat(Enumerable.Repeat("a, b & c and 🙂 / ", 2_000)));

        Assert.True(titles.Count <= 20);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
    }

    [Fact]
    public void Split_titles_resolve_to_the_catalog()
    {
        var ids = Matcher.SplitList("Love, Death & Robots; Law & Order, Mork & Mindy and Rick and Morty")
            .Select(t => Matcher.Match(t).Best?.Id);

        Assert.Equal([LoveDeathRobots, LawAndOrder, MorkAndMindy, RickAndMorty], ids);
    }
}
