using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

using static ShowBot.Core.Tests.Titles.TestCatalog;

namespace ShowBot.Core.Tests.Titles;

public class TitleMatcherTests
{
    private static readonly TitleMatcher Matcher = TestCatalog.Matcher;

    [Theory]
    // IMDb ids
    [InlineData("tt0903747", BreakingBad, MatchOutcome.Exact)]
    [InlineData("https://www.imdb.com/title/tt0903747/", BreakingBad, MatchOutcome.Exact)]
    [InlineData("https://m.imdb.com/title/tt0903747/?ref_=nv_sr_srsg_0", BreakingBad, MatchOutcome.Exact)]
    [InlineData("http://imdb.com/title/tt0903747", BreakingBad, MatchOutcome.Exact)]
    [InlineData("www.imdb.com/de/title/tt0903747/#reviews", BreakingBad, MatchOutcome.Exact)]
    [InlineData("0903747", BreakingBad, MatchOutcome.Exact)]
    [InlineData(" TT0306414 ", TheWire, MatchOutcome.Exact)]
    // Exact after normalisation: case, punctuation, diacritics, articles, "&"
    [InlineData("Breaking Bad", BreakingBad, MatchOutcome.Exact)]
    [InlineData("breaking bad", BreakingBad, MatchOutcome.Exact)]
    [InlineData("BREAKING BAD!!", BreakingBad, MatchOutcome.Exact)]
    [InlineData("the wire", TheWire, MatchOutcome.Exact)]
    [InlineData("Wire", TheWire, MatchOutcome.Exact)]
    [InlineData("Pokemon", Pokemon, MatchOutcome.Exact)]
    [InlineData("POKÉMON", Pokemon, MatchOutcome.Exact)]
    [InlineData("elite", Elite, MatchOutcome.Exact)]
    [InlineData("Élite", Elite, MatchOutcome.Exact)]
    [InlineData("love death and robots", LoveDeathRobots, MatchOutcome.Exact)]
    [InlineData("Law and Order", LawAndOrder, MatchOutcome.Exact)]
    [InlineData("rick & morty", RickAndMorty, MatchOutcome.Exact)]
    [InlineData("greys anatomy", GreysAnatomy, MatchOutcome.Exact)]
    [InlineData("Ｆａｒｇｏ", Fargo, MatchOutcome.Exact)]
    [InlineData("Far\u200Bgo", Fargo, MatchOutcome.Exact)]
    [InlineData("swat", Swat2017, MatchOutcome.Exact)]
    [InlineData("different world", ADifferentWorld, MatchOutcome.Exact)]
    // Titles that look like years or ids stay titles
    [InlineData("24", TwentyFour, MatchOutcome.Exact)]
    [InlineData("Space: 1999", Space1999, MatchOutcome.Exact)]
    // A trailing year picks the show that started then; a wrong year does not hide a unique title
    [InlineData("The Office (2005)", OfficeUs, MatchOutcome.Exact)]
    [InlineData("The Office (2001)", OfficeUk, MatchOutcome.Exact)]
    [InlineData("the office 2001", OfficeUk, MatchOutcome.Exact)]
    [InlineData("Doctor Who (1963)", DoctorWho1963, MatchOutcome.Exact)]
    [InlineData("Breaking Bad (2008)", BreakingBad, MatchOutcome.Exact)]
    [InlineData("Breaking Bad 1999", BreakingBad, MatchOutcome.Exact)]
    // One show with over 20x the votes of its namesakes is taken without asking
    [InlineData("Stranger Things", StrangerThings, MatchOutcome.Exact)]
    [InlineData("Stranger Things (2008)", StrangerThings2008, MatchOutcome.Exact)]
    // Aliases
    [InlineData("GoT", GameOfThrones, MatchOutcome.Alias)]
    [InlineData("got", GameOfThrones, MatchOutcome.Alias)]
    [InlineData("B.C.S.", BetterCallSaul, MatchOutcome.Alias)]
    // Typos, missing words, word order
    [InlineData("braking bad", BreakingBad, MatchOutcome.Confident)]
    [InlineData("breakng bad", BreakingBad, MatchOutcome.Confident)]
    [InlineData("breaking bda", BreakingBad, MatchOutcome.Confident)]
    [InlineData("the wier", TheWire, MatchOutcome.Confident)]
    [InlineData("game of throne", GameOfThrones, MatchOutcome.Confident)]
    [InlineData("games of thrones", GameOfThrones, MatchOutcome.Confident)]
    [InlineData("futurma", Futurama, MatchOutcome.Confident)]
    [InlineData("sherlok", Sherlock, MatchOutcome.Confident)]
    [InlineData("rick and mortyy", RickAndMorty, MatchOutcome.Confident)]
    [InlineData("stranger thing", StrangerThings, MatchOutcome.Confident)]
    [InlineData("love death robots", LoveDeathRobots, MatchOutcome.Confident)]
    [InlineData("better call", BetterCallSaul, MatchOutcome.Confident)]
    // A typo in the leading article is a typo, not a word of the title
    [InlineData("teh wire", TheWire, MatchOutcome.Confident)]
    [InlineData("hte wire", TheWire, MatchOutcome.Confident)]
    [InlineData("tjhe wire", TheWire, MatchOutcome.Confident)]
    [InlineData("thfe wire", TheWire, MatchOutcome.Confident)]
    [InlineData("fhe wire", TheWire, MatchOutcome.Confident)]
    [InlineData("tje wire", TheWire, MatchOutcome.Confident)]
    [InlineData("teh simpsons", TheSimpsons, MatchOutcome.Confident)]
    [InlineData("tje wire (2002)", TheWire, MatchOutcome.Confident)]
    [InlineData("the the wire", TheWire, MatchOutcome.Confident)]
    // A slip at the first letter of a word
    [InlineData("greaking bad", BreakingBad, MatchOutcome.Confident)]
    [InlineData("vreaking bad", BreakingBad, MatchOutcome.Confident)]
    [InlineData("reaking bad", BreakingBad, MatchOutcome.Confident)]
    [InlineData("rbeaking bad", BreakingBad, MatchOutcome.Confident)]
    [InlineData("vuturama", Futurama, MatchOutcome.Confident)]
    [InlineData("dherlock", Sherlock, MatchOutcome.Confident)]
    [InlineData("hsherlock", Sherlock, MatchOutcome.Confident)]
    [InlineData("prison vreak", PrisonBreak, MatchOutcome.Confident)]
    // A word typed twice counts once
    [InlineData("fargo fargo", Fargo, MatchOutcome.Confident)]
    [InlineData("breaking bad bad", BreakingBad, MatchOutcome.Confident)]
    public void Match_resolves(string text, string expectedId, MatchOutcome expectedOutcome)
    {
        var match = Matcher.Match(text);

        Assert.Equal(expectedOutcome, match.Outcome);
        Assert.Equal(expectedId, match.Best?.Id);
        Assert.True(match.IsResolved);
        Assert.InRange(match.Confidence, 0.5, 1);
        Assert.DoesNotContain(match.Best, match.Alternatives);
    }

    [Theory]
    // Same title, similar popularity: ask (250k votes vs 150k is under the 3x rule)
    [InlineData("One Piece", new[] { OnePiece1999, OnePiece2023 })]
    [InlineData("one piece!", new[] { OnePiece1999, OnePiece2023 })]
    [InlineData("One Piece (2010)", new[] { OnePiece1999, OnePiece2023 })]
    // A typo of a shared title is just as ambiguous
    [InlineData("one peice", new[] { OnePiece1999, OnePiece2023 })]
    [InlineData("teh one piece", new[] { OnePiece1999, OnePiece2023 })]
    public void Match_asks_when_shows_share_a_title(string text, string[] expectedIds)
    {
        var match = Matcher.Match(text);

        Assert.Equal(MatchOutcome.Ambiguous, match.Outcome);
        Assert.False(match.IsResolved);
        Assert.Equal(expectedIds, match.Alternatives.Select(s => s.Id));
        Assert.Equal(expectedIds[0], match.Best?.Id);
        Assert.InRange(match.Confidence, 0, 0.95);
    }

    [Theory]
    [InlineData("braking")]
    [InlineData("breaking good")]
    [InlineData("office space")]
    [InlineData("law")]
    [InlineData("the")]
    [InlineData("asdfghjkl")]
    [InlineData("lorem ipsum dolor sit amet")]
    [InlineData("@everyone")]
    [InlineData("@here")]
    [InlineData("<@123456789012345678>")]
    [InlineData("tt9999999")]
    [InlineData("1234567")]
    [InlineData("1923")]
    [InlineData("The Sopranos")]
    // Article typos only forgive the article: the rest still has to name a title that starts with "The"
    [InlineData("teh sopranos")]
    [InlineData("teh office space")]
    [InlineData("teh")]
    [InlineData("teh fargo")]
    [InlineData("tea wire")]
    // First-letter slips do not make unrelated words match
    [InlineData("greaking good")]
    [InlineData("kreaking")]
    // Repeating a word does not make a partial match look whole
    [InlineData("office office space")]
    [InlineData("office space space")]
    [InlineData("breaking breaking good")]
    [InlineData("law law law")]
    public void Match_does_not_guess(string text)
    {
        var match = Matcher.Match(text);

        Assert.False(match.IsResolved, $"'{text}' resolved to {match.Best?.Title} ({match.Outcome})");
        Assert.Equal(MatchOutcome.NotFound, match.Outcome);
        Assert.Null(match.Best);
    }

    [Theory]
    [InlineData("braking", BreakingBad)]
    [InlineData("prison brake show", PrisonBreak)]
    public void Match_offers_did_you_mean_when_unsure(string text, string expectedFirst)
    {
        var match = Matcher.Match(text);

        Assert.Equal(MatchOutcome.NotFound, match.Outcome);
        Assert.NotEmpty(match.Alternatives);
        Assert.Equal(expectedFirst, match.Alternatives[0].Id);
        Assert.True(match.Alternatives.Count <= 5);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    [InlineData("🙂")]
    [InlineData("!!!")]
    [InlineData("\u200B\u200E")]
    public void Match_empty_text(string text)
    {
        var match = Matcher.Match(text);

        Assert.Equal(MatchOutcome.Empty, match.Outcome);
        Assert.Null(match.Best);
        Assert.Empty(match.Alternatives);
    }

    [Theory]
    [MemberData(nameof(HostileInput))]
    public void Match_survives_hostile_input(string text)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var match = Matcher.Match(text);

        Assert.Contains(match.Outcome, new[] { MatchOutcome.NotFound, MatchOutcome.Empty });
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"took {started.Elapsed}");
        Assert.Same(text, match.Query);
    }

    public static TheoryData<string> HostileInput() =>
    [
        new string('a', 10_000),
        new string(' ', 10_000),
        string.Concat(Enumerable.Repeat("breaking bad ", 800)),
        string.Concat(Enumerable.Repeat("🙂", 5_000)),
        "\uD800\uD800\uDFFF",
        "\u202E\u202Dxyzzy\u202C",
        new string('\u0301', 10_000),
        "@everyone @here <@&123> https://example.com",
    ];

    [Fact]
    public void Match_keeps_the_query_as_typed()
    {
        Assert.Equal("  Breaking BAD ", Matcher.Match("  Breaking BAD ").Query);
    }

    [Fact]
    public void FindById_accepts_both_spellings()
    {
        Assert.Equal("Breaking Bad", Matcher.FindById("tt0903747")?.Title);
        Assert.Equal("Breaking Bad", Matcher.FindById("0903747")?.Title);
        Assert.Null(Matcher.FindById("tt0000001"));
        Assert.Null(Matcher.FindById("breaking bad"));
        Assert.Null(Matcher.FindById(""));
    }

    [Theory]
    // One namesake far better known (US 678k votes vs UK 120k, 5.6x): take it, offer the other
    [InlineData("The Office", OfficeUs, new[] { OfficeUk })]
    [InlineData("office", OfficeUs, new[] { OfficeUk })]
    [InlineData("THE OFFICE!", OfficeUs, new[] { OfficeUk })]
    [InlineData("Doctor Who", DoctorWho2005, new[] { DoctorWho1963 })]
    [InlineData("teh office", OfficeUs, new[] { OfficeUk })]
    public void Match_takes_the_far_better_known_namesake_and_offers_the_others(string text, string expectedId, string[] others)
    {
        var match = Matcher.Match(text);

        Assert.Equal((MatchOutcome.Favourite, expectedId), (match.Outcome, match.Best?.Id));
        Assert.True(match.IsResolved);
        Assert.Equal(others, match.Alternatives.Select(s => s.Id));
    }

    [Fact]
    public void Dominance_rule_is_20x_the_votes_of_all_namesakes_together()
    {
        static Show Office(string id, long votes) => new(id, "The Office", 2000, null, [], null, votes);

        var justOver = new TitleMatcher([Office("tt0000101", 2_001), Office("tt0000102", 50), Office("tt0000103", 50)]);
        var justUnder = new TitleMatcher([Office("tt0000101", 1_999), Office("tt0000102", 50), Office("tt0000103", 50)]);

        Assert.Equal(MatchOutcome.Exact, justOver.Match("the office").Outcome);
        Assert.Equal(["tt0000102", "tt0000103"], justOver.Match("the office").Alternatives.Select(s => s.Id));
        Assert.Equal(MatchOutcome.Favourite, justUnder.Match("the office").Outcome);
    }

    [Fact]
    public void Favourite_rule_is_3x_the_votes_of_all_namesakes_together()
    {
        static Show Bridge(string id, long votes) => new(id, "The Bridge", 2011, null, [], null, votes);

        var justOver = new TitleMatcher([Bridge("tt0000101", 301), Bridge("tt0000102", 50), Bridge("tt0000103", 50)]);
        var justUnder = new TitleMatcher([Bridge("tt0000101", 299), Bridge("tt0000102", 50), Bridge("tt0000103", 50)]);

        Assert.Equal(MatchOutcome.Favourite, justOver.Match("the bridge").Outcome);
        Assert.Equal(MatchOutcome.Ambiguous, justUnder.Match("the bridge").Outcome);
    }

    [Fact]
    public void Popularity_breaks_fuzzy_ties()
    {
        var matcher = new TitleMatcher(
        [
            new Show("tt0000201", "Breaking Bat", 2001, 2002, [], null, 600),
            new Show("tt0000202", "Breaking Bad", 2008, 2013, [], null, 2_000_000),
        ]);

        var match = matcher.Match("breaking bax");

        Assert.Equal("tt0000202", match.Best?.Id);
        Assert.Equal(MatchOutcome.Confident, match.Outcome);
    }

    [Fact]
    public void Matcher_handles_an_empty_catalog()
    {
        var matcher = new TitleMatcher([]);

        Assert.Equal(MatchOutcome.NotFound, matcher.Match("breaking bad").Outcome);
        Assert.Empty(matcher.Autocomplete(""));
        Assert.Equal(["Fargo"], matcher.SplitList("Fargo"));
    }

    [Fact]
    public void Matcher_is_safe_to_share_between_threads()
    {
        string[] queries = ["braking bad", "the wier", "game of throne", "office", "futurma", "fargo"];

        var results = Enumerable.Range(0, 400).AsParallel().WithDegreeOfParallelism(4)
            .Select(i => (Query: queries[i % queries.Length], Match: Matcher.Match(queries[i % queries.Length])))
            .ToList();

        foreach (var group in results.GroupBy(r => r.Query))
        {
            Assert.Single(group.Select(r => (r.Match.Outcome, r.Match.Best?.Id)).Distinct());
        }
    }
}
