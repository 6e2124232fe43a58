using ShowBot.Core.Catalog;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Tests.Fakes;
using ShowBot.Recommender.Content;

namespace ShowBot.Core.Tests.Recommendations;

public class SuggestionReasonsTests
{
    private static readonly Show Dark = new("tt5753856", "Dark", 2017, 2020, ["Crime", "Drama", "Mystery"]);

    [Fact]
    public void Sharing_no_tag_or_creator_a_suggestion_says_the_country_and_channel_it_shares()
    {
        ContentFeature[] evidence = [new(FeatureKinds.Country, "DE"), new(FeatureKinds.Language, "de"), new(FeatureKinds.Network, "Netflix"), new(FeatureKinds.Genre, "Crime")];

        Assert.Equal(["also German, from Netflix"], SuggestionReasons.Describe(evidence, Dark));
    }

    [Fact]
    public void A_shared_language_is_said_when_the_countries_differ()
    {
        ContentFeature[] evidence = [new(FeatureKinds.Language, "es"), new(FeatureKinds.Genre, "Drama")];

        Assert.Equal(["also in Spanish"], SuggestionReasons.Describe(evidence, Dark));
    }

    [Fact]
    public void American_english_is_not_worth_saying_so_the_channel_or_the_genres_are()
    {
        ContentFeature[] fromHbo = [new(FeatureKinds.Country, "US"), new(FeatureKinds.Language, "en"), new(FeatureKinds.Network, "HBO"), new(FeatureKinds.Genre, "Drama")];
        ContentFeature[] genresOnly = [new(FeatureKinds.Country, "US"), new(FeatureKinds.Genre, "Crime"), new(FeatureKinds.Genre, "Drama")];

        Assert.Equal(["also from HBO"], SuggestionReasons.Describe(fromHbo, Dark));
        Assert.Equal(["also crime, drama"], SuggestionReasons.Describe(genresOnly, Dark));
    }

    [Fact]
    public void Shared_tags_come_before_where_a_show_is_from()
    {
        ContentFeature[] evidence = [new(FeatureKinds.Country, "DE"), new(FeatureKinds.Tag, "mind-bending"), new(FeatureKinds.Network, "Netflix")];

        Assert.Equal(["also mind bending"], SuggestionReasons.Describe(evidence, Dark));
    }

    [Fact]
    public void A_shared_source_is_said_after_the_creator_and_before_the_tags()
    {
        ContentFeature[] evidence = [new(FeatureKinds.Tag, "detective"), new(FeatureKinds.Source, "Arthur Conan Doyle"), new(FeatureKinds.Creator, "Steven Moffat")];

        Assert.Equal(["same creator (Steven Moffat)", "also adapted from Arthur Conan Doyle", "also detective"], SuggestionReasons.Describe(evidence, Dark));
    }

    [Fact]
    public void A_shared_actor_is_said_after_the_source_and_before_the_tags()
    {
        ContentFeature[] evidence = [new(FeatureKinds.Tag, "detective"), new(FeatureKinds.Cast, "Benedict Cumberbatch"), new(FeatureKinds.Source, "Arthur Conan Doyle")];

        Assert.Equal(["also adapted from Arthur Conan Doyle", "also with Benedict Cumberbatch", "also detective"], SuggestionReasons.Describe(evidence, Dark));
    }

    [Theory]
    [InlineData("tt1475582", "tt2191671", "also adapted from Arthur Conan Doyle")] // Sherlock → Elementary, another Sherlock Holmes
    [InlineData("tt0369179", "tt1986770", "also with Charlie Sheen")] // Two and a Half Men → Anger Management
    public void A_show_sharing_a_source_or_an_actor_is_in_the_top_ten_and_says_so(string liked, string expected, string reason)
    {
        using var core = new CoreFixture(catalog: new ShowCatalog(CatalogCsv.BuiltIn()));

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [liked], 10, genre: null);

        var item = Assert.Single(reply.Items, i => i.Show.Id == expected);
        Assert.Contains(reason, item.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Dark_brings_a_german_show_and_says_so_on_the_built_in_catalog()
    {
        using var core = new CoreFixture(catalog: new ShowCatalog(CatalogCsv.BuiltIn()));

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [Dark.Id], 5, genre: null);

        Assert.Contains(reply.Items, i => ShowKnowledge.BuiltIn.Find(i.Show.Id)!.Countries is ["DE", ..] && i.Explanation!.Contains("German", StringComparison.Ordinal));
    }
}
