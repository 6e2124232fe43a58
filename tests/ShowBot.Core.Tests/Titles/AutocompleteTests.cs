using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

using static ShowBot.Core.Tests.Titles.TestCatalog;

namespace ShowBot.Core.Tests.Titles;

public class AutocompleteTests
{
    [Theory]
    // Title prefix, most votes first
    [InlineData("bre", new[] { BreakingBad, BreakingBadMinisodes })]
    [InlineData("Breaking B", new[] { BreakingBad, BreakingBadMinisodes })]
    [InlineData("the w", new[] { TheWire })]
    [InlineData("wi", new[] { TheWire })]
    [InlineData("poke", new[] { Pokemon })]
    [InlineData("Poké", new[] { Pokemon })]
    [InlineData("eli", new[] { Elite })]
    [InlineData("law & o", new[] { LawAndOrderSvu, LawAndOrder })]
    [InlineData("law and", new[] { LawAndOrderSvu, LawAndOrder })]
    // Exact title before longer titles that start with it, even more popular ones
    [InlineData("love", new[] { Love, LoveDeathRobots })]
    [InlineData("breaking bad", new[] { BreakingBad, BreakingBadMinisodes })]
    // Later words: "bad" finds Breaking Bad, after titles starting with the text
    [InlineData("thro", new[] { GameOfThrones })]
    [InlineData("mor", new[] { MorkAndMindy, RickAndMorty })]
    // Exact alias ranks above prefix matches
    [InlineData("got", new[] { GameOfThrones })]
    [InlineData("bcs", new[] { BetterCallSaul })]
    // Typos once there are three letters
    [InlineData("brak", new[] { BreakingBad })]
    [InlineData("braking b", new[] { BreakingBad, BreakingBadMinisodes })]
    [InlineData("futr", new[] { Futurama })]
    [InlineData("sherlok", new[] { Sherlock })]
    [InlineData("game of thr", new[] { GameOfThrones })]
    [InlineData("gam of thr", new[] { GameOfThrones })]
    // A misspelt article, a slip at the first letter
    [InlineData("teh wi", new[] { TheWire })]
    [InlineData("tje simp", new[] { TheSimpsons })]
    [InlineData("vreakin", new[] { BreakingBad })]
    [InlineData("dherlo", new[] { Sherlock })]
    public void Autocomplete_golden_table(string partial, string[] expectedFirst)
    {
        var ids = TestCatalog.Matcher.Autocomplete(partial).Select(s => s.Id).ToList();

        Assert.Equal(expectedFirst, ids.Take(expectedFirst.Length));
    }

    [Fact]
    public void Empty_input_gives_the_most_popular_shows()
    {
        var ids = TestCatalog.Matcher.Autocomplete("").Select(s => s.Id).Take(3);

        Assert.Equal([GameOfThrones, BreakingBad, StrangerThings], ids);
    }

    [Theory]
    [InlineData("")]
    [InlineData("t")]
    [InlineData("s")]
    public void Autocomplete_returns_at_most_25_by_default(string partial)
    {
        var matcher = new TitleMatcher(Enumerable.Range(0, 200).Select(i => new Show($"tt{i:0000000}", $"Show {i}", 2000, null, [], null, i)));

        var choices = matcher.Autocomplete(partial.Length == 0 ? partial : "s");

        Assert.Equal(25, choices.Count);
        Assert.Equal(choices.Count, choices.Distinct().Count());
        Assert.Equal("Show 199", choices[0].Title);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, 0)]
    [InlineData(3, 3)]
    [InlineData(1_000, 32)]
    public void Autocomplete_respects_max(int max, int expected)
    {
        Assert.Equal(expected, TestCatalog.Matcher.Autocomplete("", max).Count);
    }

    [Fact]
    public void Same_titles_come_back_most_popular_first()
    {
        var ids = TestCatalog.Matcher.Autocomplete("the office").Select(s => s.Id);

        Assert.Equal([OfficeUs, OfficeUk], ids);
    }

    [Theory]
    [InlineData("zzzzzz")]
    [InlineData("@everyone")]
    [InlineData("xq")]
    [InlineData("the wire is the best show ever made")]
    public void Autocomplete_finds_nothing_without_throwing(string partial)
    {
        Assert.Empty(TestCatalog.Matcher.Autocomplete(partial));
    }

    [Theory]
    [MemberData(nameof(SymbolsOnly))]
    public void Symbol_only_input_is_treated_as_empty(string partial)
    {
        Assert.Equal(TestCatalog.Matcher.Autocomplete(""), TestCatalog.Matcher.Autocomplete(partial));
    }

    public static TheoryData<string> SymbolsOnly() => ["🙂", "\uD800", "   ", "\u200B", "!?"];

    [Fact]
    public void Autocomplete_survives_10000_characters()
    {
        Assert.Empty(TestCatalog.Matcher.Autocomplete(new string('a', 10_000)));
    }
}
