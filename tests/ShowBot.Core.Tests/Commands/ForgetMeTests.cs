using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Commands;

public class ForgetMeTests
{
    [Fact]
    public async Task Status_says_the_serving_model_was_trained_before_an_erasure_and_how_many_ratings_it_took()
    {
        using var core = new CoreFixture();
        var models = new InMemoryModelStore();
        for (var i = 0; i < 60; i++)
        {
            var user = new UserKey("import", $"u{i}");
            string[] liked = i % 2 == 0
                ? [SampleCatalog.TheWire.Id, SampleCatalog.Narcos.Id, SampleCatalog.BreakingBad.Id, SampleCatalog.Ozark.Id, SampleCatalog.Fargo.Id]
                : [SampleCatalog.Friends.Id, SampleCatalog.ParksAndRecreation.Id, SampleCatalog.OfficeUs.Id, SampleCatalog.OfficeUk.Id, SampleCatalog.PlanetEarth.Id];
            core.Ratings.UpsertMany(liked.Select(id => new Rating(user, id, RatingKind.Like, RatingSource.Import, core.Time.GetUtcNow())));
        }

        using var lifecycle = new ModelLifecycle(core.Ratings, new RatingSnapshots(), models, core.Serving, core.Content, Options.Create(new RetrainingOptions { MinLikes = 50, Candidates = ["item-knn"] }), core.Time, NullLogger<ModelLifecycle>.Instance);
        Assert.Equal(RetrainResult.Deployed, (await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None)).Result);
        var admin = new AdminCommands(lifecycle, models, new RecordingRetrainScheduler(), core.Queue, core.Ratings, core.Serving, new ThisNode("ingress, worker, scheduler, gateway"), new OneProcess());

        var reply = Assert.IsType<TextReply>(core.Commands.ForgetMeConfirmed(new UserKey("import", "u0")));

        Assert.StartsWith("Done: I deleted 5 rating(s)", reply.Text, StringComparison.Ordinal);
        var status = Assert.IsType<TextReply>(await admin.StatusAsync(CancellationToken.None)).Text;
        Assert.Contains("trained before 1 erasure(s) on request (5 rating(s)): retrain to drop them from the model", status, StringComparison.Ordinal);
        Assert.Contains("Ratings since the last training: 5 change(s)", status, StringComparison.Ordinal);
    }
}
