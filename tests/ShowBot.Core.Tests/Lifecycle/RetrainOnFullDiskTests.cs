using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Tests.Fakes;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Tests.Lifecycle;

public class RetrainOnFullDiskTests
{
    [Fact]
    public async Task A_disk_that_fills_while_the_model_is_saved_ends_the_run_in_one_plain_sentence_and_nothing_changes()
    {
        using var core = new CoreFixture();
        string[] crime = [SampleCatalog.TheWire.Id, SampleCatalog.Narcos.Id, SampleCatalog.BreakingBad.Id, SampleCatalog.Ozark.Id, SampleCatalog.Fargo.Id, SampleCatalog.BetterCallSaul.Id];
        for (var i = 0; i < 120; i++)
        {
            core.Ratings.UpsertMany(crime.Select(id => new Rating(new UserKey("import", $"u{i}"), id, RatingKind.Like, RatingSource.Import, core.Time.GetUtcNow())));
        }

        var models = new FullDiskModelStore();
        using var lifecycle = new ModelLifecycle(core.Ratings, new RatingSnapshots(), models, core.Serving, core.Content, Options.Create(new RetrainingOptions { MinLikes = 50, Candidates = ["item-knn"] }), core.Time, NullLogger<ModelLifecycle>.Instance);

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Failed, outcome.Result);
        Assert.Equal("Retraining stopped: the disk is full. The serving model is unchanged; free some space and retrain.", outcome.Message);
        Assert.Empty(models.Recent(10));
    }

    /// <summary>A model store on a disk with no room left: a new version fails the way the OS reports it (ENOSPC).</summary>
    private sealed class FullDiskModelStore : IModelStore
    {
        private readonly InMemoryModelStore inner = new();

        public ModelVersion? Deployed => inner.Deployed;

        public IReadOnlyList<ModelVersion> Recent(int count) => inner.Recent(count);

        public ModelVersion? Find(string version) => inner.Find(version);

        public int NextNumber() => inner.NextNumber();

        public void Add(ModelVersion version, FoldInModel? artifact) => throw new IOException("No space left on device : '/data/showbot-log.db'", 28);

        public FoldInModel LoadArtifact(string version) => inner.LoadArtifact(version);

        public void MarkDeployed(string version, DateTimeOffset at) => inner.MarkDeployed(version, at);

        public void MarkCorrupt(string version, string reason) => inner.MarkCorrupt(version, reason);

        public int Prune(int keep) => inner.Prune(keep);
    }
}
