using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Recommendations;

public class SuggestionLinkTests
{
    private const string LuckyGuy = "tt28857177";
    private static readonly ShowCatalog BuiltInCatalog = new(CatalogCsv.BuiltIn());

    [Fact]
    public void A_suggestion_of_breaking_bad_links_to_its_imdb_page_and_says_what_it_is_about()
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.BetterCallSaul.Id], 5, genre: null);

        var breakingBad = Assert.Single(reply.Items, i => i.Show.Id == SampleCatalog.BreakingBad.Id);
        Assert.Equal("https://www.imdb.com/title/tt0903747/", breakingBad.ImdbPage?.AbsoluteUri);
        Assert.StartsWith("A mild chemistry teacher with terminal cancer", breakingBad.Premise, StringComparison.Ordinal);
        Assert.All(reply.Items, i => Assert.Equal($"https://www.imdb.com/title/{i.Show.Id}/", i.ImdbPage?.AbsoluteUri));
    }

    [Fact]
    public void A_show_the_knowledge_has_no_premise_for_is_suggested_with_none()
    {
        var shows = CatalogCsv.BuiltIn().Where(s => s.Id is LuckyGuy or "tt14921986" or "tt10234724").ToList();
        using var core = new CoreFixture(catalog: new ShowCatalog(shows));

        var reply = core.Recommender.Recommend(CoreFixture.Alice, ["tt14921986"], 5, genre: null);

        var luckyGuy = Assert.Single(reply.Items, i => i.Show.Id == LuckyGuy);
        Assert.Equal("", luckyGuy.Premise);
        Assert.Equal("https://www.imdb.com/title/tt28857177/", luckyGuy.ImdbPage?.AbsoluteUri);
        Assert.Contains(reply.Items, i => i.Premise.Length > 0);
    }

    [Theory]
    [InlineData("tt0903747", "https://www.imdb.com/title/tt0903747/")]
    [InlineData("tt28857177", "https://www.imdb.com/title/tt28857177/")]
    [InlineData("tt", null)]
    [InlineData("nm0000001", null)]
    [InlineData("tt09a3747", null)]
    [InlineData("tt0903747/../../evil", null)]
    [InlineData("TT0903747", null)]
    [InlineData("tt０９０３７４７", null)]
    public void Only_an_imdb_title_id_gets_a_link(string id, string? page)
    {
        var suggestion = new Suggestion(1, SampleCatalog.BreakingBad with { Id = id }, null);

        Assert.Equal(page, suggestion.ImdbPage?.AbsoluteUri);
    }
}
