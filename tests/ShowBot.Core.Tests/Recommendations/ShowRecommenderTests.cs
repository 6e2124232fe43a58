using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Tests.Fakes;
using ShowBot.Recommender;

namespace ShowBot.Core.Tests.Recommendations;

public class ShowRecommenderTests
{
    [Fact]
    public void The_baseline_suggests_shows_of_the_same_genres_before_merely_popular_ones()
    {
        using var core = new CoreFixture();

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.TheWire.Id], 3, genre: null);

        Assert.All(reply.Items, i => Assert.Contains("Crime", i.Show.Genres));
        Assert.Equal([SampleCatalog.TheWire], reply.BasedOn);
    }

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

    private sealed class FixedModel(string itemId) : IRecommendationModel
    {
        public string Algorithm => "fixed";

        public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query) => [new Recommendation(itemId, 1, null)];
    }
}
