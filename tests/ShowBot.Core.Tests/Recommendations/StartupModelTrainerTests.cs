using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Recommendations;

public class StartupModelTrainerTests
{
    /// <summary>Forty people who like crime dramas in pairs: whoever likes The Wire also likes Narcos.</summary>
    private static void SeedCoWatching(CoreFixture core)
    {
        for (var i = 0; i < 40; i++)
        {
            var user = new UserKey("import", $"u{i}");
            string[] liked = i % 2 == 0
                ? [SampleCatalog.TheWire.Id, SampleCatalog.Narcos.Id]
                : [SampleCatalog.Friends.Id, SampleCatalog.ParksAndRecreation.Id];
            core.Ratings.UpsertMany(liked.Select(id => new Rating(user, id, RatingKind.Like, RatingSource.Import, core.Time.GetUtcNow())));
        }
    }

    private static StartupModelTrainer Trainer(CoreFixture core, ModelOptions options) =>
        new(core.Ratings, core.Catalog, core.Serving, Options.Create(options), core.Time, NullLogger<StartupModelTrainer>.Instance);

    [Theory]
    [InlineData("ease")]
    [InlineData("ials")]
    [InlineData("item-knn")]
    public async Task With_enough_likes_the_trained_model_is_deployed_and_learns_what_is_watched_together(string algorithm)
    {
        using var core = new CoreFixture();
        SeedCoWatching(core);
        using var trainer = Trainer(core, new ModelOptions { Algorithm = algorithm, MinLikes = 50 });

        await trainer.StartAsync(CancellationToken.None);
        await trainer.Completion;

        Assert.StartsWith(algorithm + "-", core.Serving.Current.Version, StringComparison.Ordinal);
        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.TheWire.Id], 3, genre: null);
        Assert.Equal(SampleCatalog.Narcos, reply.Items[0].Show);
        Assert.Equal(SampleCatalog.TheWire, reply.Items[0].BecauseYouLiked);
        Assert.Equal(3, reply.Items.Count);
    }

    [Fact]
    public async Task A_person_whose_shows_nobody_rated_gets_the_content_baseline()
    {
        using var core = new CoreFixture();
        SeedCoWatching(core);
        using var trainer = Trainer(core, new ModelOptions { Algorithm = "ease", MinLikes = 50 });
        await trainer.StartAsync(CancellationToken.None);
        await trainer.Completion;

        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.PlanetEarth.Id], 2, genre: null);

        Assert.Equal(2, reply.Items.Count);
        Assert.All(reply.Items, i => Assert.Equal(SampleCatalog.PlanetEarth, i.BecauseYouLiked));
    }

    [Fact]
    public async Task With_too_few_likes_the_baseline_keeps_serving()
    {
        using var core = new CoreFixture();
        SeedCoWatching(core);
        using var trainer = Trainer(core, new ModelOptions { MinLikes = 1_000 });

        await trainer.StartAsync(CancellationToken.None);
        await trainer.Completion;

        Assert.Equal("baseline", core.Serving.Current.Version);
    }

    [Fact]
    public async Task A_training_failure_leaves_the_baseline_serving()
    {
        using var core = new CoreFixture();
        SeedCoWatching(core);
        using var trainer = Trainer(core, new ModelOptions { Algorithm = "ials", MinLikes = 50, Parameters = new() { ["factors"] = -3 } });

        await trainer.StartAsync(CancellationToken.None);
        await trainer.Completion;

        Assert.Equal("baseline", core.Serving.Current.Version);
    }
}
