using ShowBot.Core.Titles;

namespace ShowBot.Core.Tests.Titles;

/// <summary>The matcher on a catalog of real series, where namesakes and near-misses are plentiful.</summary>
public class RealCatalogTests
{
    private static TitleMatcher Matcher => RealCatalog.Matcher;

    [Fact]
    public void Loads_every_show()
    {
        Assert.Equal(RealCatalog.ShowCount, Matcher.Count);
    }

    [Theory]
    [InlineData("Breaking Bad", "tt0903747", MatchOutcome.Exact)]
    [InlineData("braking bad", "tt0903747", MatchOutcome.Confident)]
    [InlineData("breakng bad", "tt0903747", MatchOutcome.Confident)]
    [InlineData("the wier", "tt0306414", MatchOutcome.Confident)]
    [InlineData("game of throne", "tt0944947", MatchOutcome.Confident)]
    [InlineData("pokemon", "tt0168366", MatchOutcome.Exact)]
    [InlineData("The Office (2001)", "tt0290978", MatchOutcome.Exact)]
    [InlineData("The Office 2005", "tt0386676", MatchOutcome.Exact)]
    [InlineData("Stranger Things", "tt4574334", MatchOutcome.Exact)]
    [InlineData("Suits", "tt1632701", MatchOutcome.Exact)]
    [InlineData("fawlty owers", "tt0072500", MatchOutcome.Confident)]
    [InlineData("24", "tt0285331", MatchOutcome.Exact)]
    [InlineData("Space: 1999", "tt0072564", MatchOutcome.Exact)]
    [InlineData("tt0903747", "tt0903747", MatchOutcome.Exact)]
    [InlineData("tjhe other two", "tt8310612", MatchOutcome.Confident)]
    [InlineData("thfe hills", "tt0489598", MatchOutcome.Confident)]
    [InlineData("teh wire", "tt0306414", MatchOutcome.Confident)]
    [InlineData("fhe wire", "tt0306414", MatchOutcome.Confident)]
    [InlineData("tje wire", "tt0306414", MatchOutcome.Confident)]
    [InlineData("the peague", "tt1480684", MatchOutcome.Confident)]
    [InlineData("greaking bad", "tt0903747", MatchOutcome.Confident)]
    [InlineData("vreaking bad", "tt0903747", MatchOutcome.Confident)]
    [InlineData("fargo fargo", "tt2802850", MatchOutcome.Confident)]
    public void Resolves(string text, string expectedId, MatchOutcome expectedOutcome)
    {
        var match = Matcher.Match(text);

        Assert.Equal((expectedOutcome, expectedId), (match.Outcome, match.Best?.Id));
    }

    [Theory]
    [InlineData("The Office", 3)]
    [InlineData("office", 3)]
    [InlineData("Doctor Who", 1)]
    [InlineData("Shameless", 1)]
    [InlineData("teh office", 3)]
    public void Takes_the_far_better_known_namesake_and_offers_the_others_most_popular_first(string text, int others)
    {
        var match = Matcher.Match(text);

        Assert.Equal(MatchOutcome.Favourite, match.Outcome);
        Assert.Equal(others, match.Alternatives.Count);
        Assert.All(match.Alternatives, s => Assert.True(s.ImdbVotes * 3 < match.Best!.ImdbVotes));
        Assert.Equal(match.Alternatives.OrderByDescending(s => s.ImdbVotes).Select(s => s.Id), match.Alternatives.Select(s => s.Id));
    }

    [Theory]
    [InlineData("One Piece", 2)]
    [InlineData("The Bridge", 2)]
    [InlineData("Dragon Ball", 2)]
    public void Asks_about_namesakes_about_as_well_known_most_popular_first(string text, int count)
    {
        var match = Matcher.Match(text);

        Assert.Equal(MatchOutcome.Ambiguous, match.Outcome);
        Assert.Equal(count, match.Alternatives.Count);
        Assert.Equal(match.Alternatives.OrderByDescending(s => s.ImdbVotes).Select(s => s.Id), match.Alternatives.Select(s => s.Id));
    }

    [Theory]
    [InlineData("@everyone")]
    [InlineData("asdfghjkl")]
    [InlineData("lorem ipsum dolor sit amet")]
    [InlineData("the best show ever")]
    [InlineData("office office space")]
    [InlineData("teh office space")]
    public void Does_not_guess(string text)
    {
        Assert.False(Matcher.Match(text).IsResolved);
    }

    [Fact]
    public void Splits_the_issue_examples()
    {
        Assert.Equal(["Breaking Bad", "The Wire", "Fargo"], Matcher.SplitList("Breaking Bad, The Wire; Fargo"));
        Assert.Equal(["Love, Death & Robots", "Fargo"], Matcher.SplitList("Love, Death & Robots, Fargo"));
        Assert.Equal(["Law & Order", "Mork & Mindy"], Matcher.SplitList("Law & Order, Mork & Mindy"));
        Assert.Equal(["Rick and Morty", "Futurama"], Matcher.SplitList("Rick and Morty and Futurama"));
    }

    [Fact]
    public void Autocomplete_ranks_popular_prefixes_first_and_caps_at_25()
    {
        var choices = Matcher.Autocomplete("the");

        Assert.Equal(25, choices.Count);
        Assert.Equal("The Walking Dead", choices[0].Title);
        Assert.Equal("Breaking Bad", Matcher.Autocomplete("brea")[0].Title);
        Assert.Equal("Game of Thrones", Matcher.Autocomplete("game of thr")[0].Title);
        Assert.Equal("Breaking Bad", Matcher.Autocomplete("brakin")[0].Title);
    }
}
