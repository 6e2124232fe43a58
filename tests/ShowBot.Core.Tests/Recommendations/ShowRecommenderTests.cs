using ShowBot.Core.Catalog;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Tests.Fakes;
using ShowBot.Recommender;

namespace ShowBot.Core.Tests.Recommendations;

public class ShowRecommenderTests
{
    private static readonly ShowCatalog BuiltInCatalog = new(CatalogCsv.BuiltIn());

    [Fact]
    public void Shows_like_the_wire_share_its_crime_genre_or_its_creator_before_merely_popular_ones()
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.TheWire.Id], 3, genre: null);

        Assert.All(reply.Items, i => Assert.True(
            i.Show.Genres.Contains("Crime") || ShowKnowledge.BuiltIn.Find(i.Show.Id)!.Creators.Contains("David Simon"),
            $"{i.Show.Title}: {i.Explanation}"));
        Assert.Equal("The Wire", Assert.Single(reply.BasedOn).Title);
    }

    [Fact]
    public void Breaking_bad_brings_better_call_saul_in_the_top_three_and_says_why_in_facts()
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.BreakingBad.Id], 5, genre: null);

        var saul = Assert.Single(reply.Items.Take(3), i => i.Show.Id == SampleCatalog.BetterCallSaul.Id);
        Assert.StartsWith("because you liked Breaking Bad: a spin-off of Breaking Bad; same creator (Vince Gilligan)", saul.Explanation);
    }

    [Fact]
    public void Two_shows_given_both_shape_the_list_and_each_line_names_the_one_it_follows()
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);
        const string sopranos = "tt0141842", succession = "tt7660850";

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [sopranos, succession], 6, genre: null);

        Assert.Equal(6, reply.Items.Count);
        Assert.Contains(reply.Items, i => i.BecauseYouLiked?.Id == sopranos);
        Assert.Contains(reply.Items, i => i.BecauseYouLiked?.Id == succession);
        Assert.All(reply.Items, i => Assert.StartsWith($"because you liked {i.BecauseYouLiked!.Title}: ", i.Explanation));
    }

    [Fact]
    public void Imported_shows_nobody_described_do_not_crowd_out_described_ones_on_genres_alone()
    {
        var imported = Enumerable.Range(0, 300).Select(i => new Show($"tt9{i:D7}", $"Imported period piece {i}", 2016, 2018, ["Biography", "Drama", "History"], 7.5, 5_000));
        using var core = new CoreFixture(catalog: new ShowCatalog([.. CatalogCsv.BuiltIn(), .. imported]));
        const string theCrown = "tt4786824";

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [theCrown], 5, genre: null);

        Assert.Equal(5, reply.Items.Count);
        Assert.All(reply.Items, i => Assert.NotNull(ShowKnowledge.BuiltIn.Find(i.Show.Id)));
    }

    [Fact]
    public void A_show_for_small_children_never_brings_a_violent_or_adult_one()
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);
        const string bluey = "tt7678620";

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [bluey], 10, genre: null);

        Assert.Equal(10, reply.Items.Count);
        Assert.All(reply.Items, i => Assert.DoesNotContain(ShowKnowledge.BuiltIn.Find(i.Show.Id)!.Tags, t => t is "adult" or "violent" or "gory" or "raunchy" or "sexuality"));
    }

    [Fact]
    public void A_show_for_small_children_brings_only_shows_written_down_as_made_for_children_or_families()
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);
        const string bluey = "tt7678620", pleaseLikeMe = "tt2155025";

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [bluey], 20, genre: null);

        Assert.Equal(20, reply.Items.Count);
        Assert.All(reply.Items, i => Assert.Contains(ShowKnowledge.BuiltIn.Find(i.Show.Id)!.Tags, t => t is "kids" or "family-friendly"));
        Assert.DoesNotContain(reply.Items, i => i.Show.Id == pleaseLikeMe);
    }

    [Theory]
    [InlineData("tt4786824", false)] // The Crown, which once brought The Last Dance
    [InlineData("tt10048342", false)] // The Queen's Gambit, which brought Cheer
    [InlineData("tt0795176", true)] // Planet Earth
    public void A_story_brings_only_stories_and_a_documentary_only_shows_of_real_life(string liked, bool realLife)
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [liked], 20, genre: null);

        Assert.Equal(20, reply.Items.Count);
        Assert.All(reply.Items, i => Assert.True(FilmsRealLife(i.Show) == realLife, i.Show.Title));
    }

    private static bool FilmsRealLife(Show show) =>
        show.Genres.Any(g => g is "Documentary" or "Reality-TV" or "Talk-Show" or "Game-Show" or "News")
        || ShowKnowledge.BuiltIn.Find(show.Id)!.Formats.Any(f => f is "docuseries" or "reality" or "competition" or "talk-show" or "game-show" or "variety");

    [Theory]
    [InlineData("tt0238784")] // Gilmore Girls, which brought Jackie Chan Adventures
    [InlineData("tt0115083")] // 7th Heaven, which brought Pinky and the Brain
    [InlineData("tt0384766")] // Rome, which brought The Boondocks
    [InlineData("tt0141842")] // The Sopranos, which brought Family Guy
    public void A_live_action_show_brings_no_cartoon_that_is_not_very_like_it(string liked)
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [liked], 10, genre: null);

        Assert.Equal(10, reply.Items.Count);
        Assert.DoesNotContain(reply.Items, i => IsAnimated(i.Show));
    }

    [Fact]
    public void A_cartoon_very_like_a_live_action_show_still_comes_through()
    {
        using var core = new CoreFixture(catalog: BuiltInCatalog);
        const string theGifted = "tt4396630", xMenTheAnimatedSeries = "tt0103584";

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [theGifted], 10, genre: null);

        Assert.Contains(reply.Items, i => i.Show.Id == xMenTheAnimatedSeries);
    }

    private static bool IsAnimated(Show show) =>
        show.Genres.Contains("Animation") || ShowKnowledge.BuiltIn.Find(show.Id)!.Formats.Any(f => f is "animated" or "anime");

    [Fact]
    public void Shows_the_person_already_rated_are_not_suggested_again()
    {
        using var core = new CoreFixture();
        core.Ratings.Upsert(new Rating(CoreFixture.Alice, SampleCatalog.BetterCallSaul.Id, RatingKind.Like, RatingSource.Reaction, core.Time.GetUtcNow()));
        core.Ratings.Upsert(new Rating(CoreFixture.Alice, SampleCatalog.Ozark.Id, RatingKind.Dislike, RatingSource.Reaction, core.Time.GetUtcNow()));

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.BreakingBad.Id], 10, genre: null);

        Assert.DoesNotContain(reply.Items, i => i.Show.Id == SampleCatalog.BetterCallSaul.Id || i.Show.Id == SampleCatalog.Ozark.Id || i.Show.Id == SampleCatalog.BreakingBad.Id);
    }

    [Fact]
    public void A_genre_filter_keeps_only_that_genre()
    {
        using var core = new CoreFixture();

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.BreakingBad.Id], 10, genre: "Comedy");

        Assert.Equal(
            new[] { SampleCatalog.Friends.Id, SampleCatalog.OfficeUs.Id, SampleCatalog.OfficeUk.Id, SampleCatalog.ParksAndRecreation.Id }.Order(StringComparer.Ordinal),
            reply.Items.Select(i => i.Show.Id).Order(StringComparer.Ordinal));
        Assert.All(reply.Items, i => Assert.Contains("Comedy", i.Show.Genres));
    }

    [Fact]
    public void A_newly_deployed_model_serves_the_next_request()
    {
        using var core = new CoreFixture();
        var before = core.Serving.Current;

        var replaced = core.Serving.Swap(new DeployedModel("v2", new FixedModel("tt0108778")));

        Assert.Same(before, replaced);
        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.BreakingBad.Id], 5, genre: null);
        Assert.Equal([SampleCatalog.Friends.Id], reply.Items.Select(i => i.Show.Id));
    }

    [Fact]
    public void A_show_the_catalog_lacks_is_never_suggested_even_when_a_model_trained_on_it_ranks_it_first()
    {
        using var core = new CoreFixture();
        core.Serving.Swap(new DeployedModel("v2", new FixedModel("tt9999999")));

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.BreakingBad.Id], 5, genre: null);

        Assert.Empty(reply.Items);
    }

    private sealed class FixedModel(string itemId) : IRecommendationModel
    {
        public string Algorithm => "fixed";

        public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query) => [new Recommendation(itemId, 1, null)];
    }
}
