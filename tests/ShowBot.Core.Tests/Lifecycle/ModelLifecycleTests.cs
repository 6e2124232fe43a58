using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Tests.Fakes;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Tests.Lifecycle;

public class ModelLifecycleTests
{
    private static readonly string[] CrimeFans = [SampleCatalog.TheWire.Id, SampleCatalog.Narcos.Id, SampleCatalog.BreakingBad.Id, SampleCatalog.Ozark.Id, SampleCatalog.Fargo.Id, SampleCatalog.BetterCallSaul.Id];
    private static readonly string[] OtherFans = [SampleCatalog.Friends.Id, SampleCatalog.ParksAndRecreation.Id, SampleCatalog.OfficeUs.Id, SampleCatalog.OfficeUk.Id, SampleCatalog.GameOfThrones.Id, SampleCatalog.PlanetEarth.Id];

    /// <summary>People in two tastes; each likes most of their group's shows, so held-out likes are predictable.</summary>
    private static void SeedTwoTastes(CoreFixture core, int people, string prefix = "u")
    {
        var random = new Random(3);
        for (var i = 0; i < people; i++)
        {
            var user = new UserKey("import", $"{prefix}{i}");
            var liked = (i % 2 == 0 ? CrimeFans : OtherFans).Where(_ => random.NextDouble() < 0.9).ToList();
            if (liked.Count < 5)
            {
                liked = [.. (i % 2 == 0 ? CrimeFans : OtherFans)];
            }

            core.Ratings.UpsertMany(liked.Select(id => new Rating(user, id, RatingKind.Like, RatingSource.Import, core.Time.GetUtcNow())));
        }
    }

    private static ModelLifecycle Lifecycle(CoreFixture core, InMemoryModelStore models, RetrainingOptions? options = null, Func<string, IReadOnlyDictionary<string, double>?, IModelTrainer>? trainers = null) =>
        new(core.Ratings, new RatingSnapshots(), models, core.Serving, core.Content, Options.Create(options ?? new RetrainingOptions { MinLikes = 50 }), core.Time, NullLogger<ModelLifecycle>.Instance, trainers);

    [Fact]
    public async Task A_run_with_enough_ratings_deploys_the_best_candidate_with_its_data_version_and_metrics()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var lifecycle = Lifecycle(core, models);

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Deployed, outcome.Result);
        Assert.Equal("v1", core.Serving.Current.Version);
        var deployed = Assert.IsType<ModelVersion>(models.Deployed);
        Assert.Equal(core.Ratings.LastChange, deployed.Data.LastChange);
        Assert.Equal(core.Ratings.AsOf(deployed.Data.LastChange).Count, deployed.Data.Likes);
        Assert.Contains(deployed.Algorithm, new[] { "ease", "ials" });
        Assert.True(deployed.Metrics["ndcg@100"] > 0.5, deployed.DescribeMetrics());
        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.TheWire.Id], 3, genre: null);
        Assert.All(reply.Items, i => Assert.Contains(i.Show.Id, CrimeFans));
    }

    [Fact]
    public async Task A_run_ends_its_steps_with_where_the_time_went_phase_by_phase()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        using var lifecycle = Lifecycle(core, new InMemoryModelStore());
        var steps = new Steps();

        await lifecycle.RetrainAsync(RetrainMode.Scheduled, steps, CancellationToken.None);

        Assert.Matches(
            @"^took \d+\.\d s: snapshot \d+\.\d s, held-out split \d+\.\d s, content model \d+\.\d s, candidate ease \d+\.\d s, candidate ials \d+\.\d s, serving content \d+\.\d s, final fit \d+\.\d s, store and deploy \d+\.\d s$",
            steps[^1]);
    }

    [Fact]
    public async Task A_candidate_that_is_the_serving_models_recipe_stands_for_it_instead_of_training_it_twice()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        List<string> trained = [];
        using var lifecycle = Lifecycle(core, models, trainers: (algorithm, parameters) => new CountedTrainer(ModelTrainers.Create(algorithm, parameters), trained));
        await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);
        var first = Assert.IsType<ModelVersion>(models.Deployed);
        trained.Clear();

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);

        // The two candidates on the training people, then the winner on everyone: no third run of the serving recipe.
        Assert.Equal(3, trained.Count);
        Assert.Equal(2, trained.Take(2).Distinct().Count());
        Assert.Contains(first.Algorithm, trained.Take(2));
        Assert.Contains($"vs serving {first.Version}", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_run_skips_when_too_few_ratings_arrived_since_the_serving_model_and_says_so()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, MinNewRatings = 5 });
        await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);
        core.Ratings.Upsert(new Rating(CoreFixture.Alice, SampleCatalog.Fargo.Id, RatingKind.Like, RatingSource.Reaction, core.Time.GetUtcNow()));

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Skipped, outcome.Result);
        Assert.Equal("Skipped: 1 rating change(s) since v1, 5 needed.", outcome.Message);
        Assert.Single(models.Recent(10));
    }

    [Fact]
    public async Task A_run_on_the_likes_the_serving_model_was_trained_on_is_skipped_unless_forced_and_the_forced_one_says_so()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, MinNewRatings = 0 });
        await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);
        // A like given and taken back: two changes, the same likes.
        core.Ratings.Upsert(new Rating(CoreFixture.Alice, SampleCatalog.Fargo.Id, RatingKind.Like, RatingSource.Reaction, core.Time.GetUtcNow()));
        core.Ratings.Remove(CoreFixture.Alice, SampleCatalog.Fargo.Id, RatingKind.Like, RatingSource.Reaction);
        var steps = new Steps();

        var requested = await lifecycle.RetrainAsync(RetrainMode.Requested, progress: null, CancellationToken.None);
        var scheduled = await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);
        var forced = await lifecycle.RetrainAsync(RetrainMode.Forced, steps, CancellationToken.None);

        Assert.Equal((RetrainResult.Skipped, RetrainResult.Skipped), (requested.Result, scheduled.Result));
        Assert.StartsWith("Skipped: the likes are the same as v1 was trained on (data@", requested.Message, StringComparison.Ordinal);
        Assert.EndsWith("force the retrain to train anyway.", requested.Message, StringComparison.Ordinal);
        Assert.Equal(requested.Message, scheduled.Message);
        Assert.Equal(RetrainResult.Deployed, forced.Result);
        Assert.EndsWith("Trained on the same likes as v1, as forced.", forced.Message, StringComparison.Ordinal);
        Assert.Contains("same likes as v1: training anyway, as forced", steps);
        Assert.Equal(2, models.Recent(10).Count);
    }

    [Fact]
    public async Task An_operators_run_trains_on_any_new_like_even_below_the_scheduled_threshold()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, MinNewRatings = 5 });
        await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);
        core.Ratings.Upsert(new Rating(CoreFixture.Alice, SampleCatalog.Fargo.Id, RatingKind.Like, RatingSource.Reaction, core.Time.GetUtcNow()));

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Requested, progress: null, CancellationToken.None);

        Assert.NotEqual(RetrainResult.Skipped, outcome.Result);
        Assert.DoesNotContain("as forced", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_too_few_likes_nothing_is_trained_and_the_baseline_keeps_serving()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 6);
        var models = new InMemoryModelStore();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 1_000 });

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Skipped, outcome.Result);
        Assert.Equal("content", core.Serving.Current.Version);
        Assert.Empty(models.Recent(10));
    }

    [Fact]
    public async Task A_worse_candidate_is_rejected_with_the_reason_and_the_serving_model_stays()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using (var first = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = ["ease"] }))
        {
            await first.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);
        }

        using var popularityOnly = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = ["popularity"] });
        var outcome = await popularityOnly.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Rejected, outcome.Result);
        Assert.Equal("v1", core.Serving.Current.Version);
        Assert.Equal("v1", models.Deployed!.Version);
        var rejected = models.Find("v2")!;
        Assert.Equal(ModelStatus.Rejected, rejected.Status);
        Assert.Matches("^worse than (serving|the content model): ndcg@100", rejected.Note);
        Assert.Throws<KeyNotFoundException>(() => models.LoadArtifact("v2"));
    }

    [Fact]
    public async Task A_first_model_worse_than_the_content_model_is_not_deployed()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var misled = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = ["item-knn"] }, (algorithm, parameters) => new CrossedTastesTrainer(ModelTrainers.Create(algorithm, parameters)));

        var outcome = await misled.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);

        Assert.True(outcome.Result == RetrainResult.Rejected, outcome.Message);
        Assert.Equal("content", core.Serving.Current.Version);
        Assert.StartsWith("worse than the content model: ndcg@100", models.Find("v1")!.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_triggers_at_once_run_one_training()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var release = new ManualResetEventSlim();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = ["item-knn"] }, (algorithm, parameters) => new GatedTrainer(ModelTrainers.Create(algorithm, parameters), release));

        var first = lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
        var second = await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
        release.Set();

        Assert.Equal(RetrainResult.AlreadyRunning, second.Result);
        Assert.Equal(RetrainResult.Deployed, (await first).Result);
        Assert.Single(models.Recent(10));
    }

    [Fact]
    public async Task Rollback_serves_the_earlier_version_and_the_next_request_uses_it()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = ["item-knn"], Tolerance = 1 });
        await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
        SeedTwoTastes(core, 40, prefix: "late");
        await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
        Assert.Equal("v2", core.Serving.Current.Version);

        var answer = lifecycle.Rollback(version: null);

        Assert.Equal("Rolled back: serving v1 (item-knn) instead of v2.", answer);
        Assert.Equal("v1", core.Serving.Current.Version);
        Assert.Equal(ModelStatus.Retired, models.Find("v2")!.Status);
        var expected = new HybridModel(models.LoadArtifact("v1"), core.Content).Recommend(new([SampleCatalog.TheWire.Id], 2) { Include = id => id != SampleCatalog.TheWire.Id });
        var reply = core.Recommender.Recommend(CoreFixture.Alice, [SampleCatalog.TheWire.Id], 2, genre: null);
        Assert.Equal(expected.Select(r => r.ItemId), reply.Items.Select(i => i.Show.Id));
    }

    [Fact]
    public async Task Too_few_people_to_hold_some_out_is_a_skip_said_in_words_not_in_dotnets()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 1);
        var models = new InMemoryModelStore();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 1 });

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Skipped, outcome.Result);
        Assert.Equal("Skipped: too few people with 5 or more likes to hold some out and compare models fairly; retrain once more people have rated.", outcome.Message);
        Assert.Empty(models.Recent(10));
    }

    [Fact]
    public async Task A_crash_inside_the_trainer_leaves_the_serving_model_and_the_store_intact()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using (var first = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = ["item-knn"] }))
        {
            await first.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
        }

        using var crashing = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50 }, (_, _) => new CrashingTrainer());
        var outcome = await crashing.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Failed, outcome.Result);
        Assert.Equal("Retraining failed; the serving model is unchanged. The log has the details.", outcome.Message);
        Assert.Equal("v1", core.Serving.Current.Version);
        Assert.Equal(["v1"], models.Recent(10).Select(v => v.Version));
        Assert.Equal(ModelStatus.Deployed, models.Find("v1")!.Status);
    }

    [Fact]
    public async Task A_corrupt_artifact_on_start_is_detected_and_the_previous_good_version_serves()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using (var earlier = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = ["item-knn"], Tolerance = 1 }))
        {
            await earlier.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
            await earlier.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None);
        }

        models.Damage("v2");
        using var restarted = new CoreFixture();
        using var lifecycle = new ModelLifecycle(core.Ratings, new RatingSnapshots(), models, restarted.Serving, core.Content, Options.Create(new RetrainingOptions()), core.Time, NullLogger<ModelLifecycle>.Instance);

        var serving = lifecycle.RestoreServing();

        Assert.Equal("v1", serving!.Version);
        Assert.Equal("v1", restarted.Serving.Current.Version);
        Assert.Equal(ModelStatus.Corrupt, models.Find("v2")!.Status);
        Assert.Contains("checksum", models.Find("v2")!.Note, StringComparison.Ordinal);
        Assert.Equal("v1", models.Deployed!.Version);
    }

    [Theory]
    [InlineData("ease")]
    [InlineData("ials")]
    [InlineData("item-knn")]
    [InlineData("popularity")]
    public async Task A_run_stopped_while_a_candidate_trains_ends_cancelled_records_nothing_and_the_serving_model_stays(string algorithm)
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var models = new InMemoryModelStore();
        using var shutdown = new CancellationTokenSource();
        using var lifecycle = Lifecycle(core, models, new RetrainingOptions { MinLikes = 50, Candidates = [algorithm] }, (name, parameters) => new StoppedWhileTraining(ModelTrainers.Create(name, parameters), shutdown));

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, shutdown.Token);

        Assert.Equal(RetrainResult.Cancelled, outcome.Result);
        Assert.Equal("Retraining was cancelled before it finished; the serving model is unchanged.", outcome.Message);
        Assert.Empty(models.Recent(10));
        Assert.Equal("content", core.Serving.Current.Version);
        Assert.Contains((await lifecycle.RetrainAsync(RetrainMode.Forced, progress: null, CancellationToken.None)).Result, new[] { RetrainResult.Deployed, RetrainResult.Rejected });
    }

    [Fact]
    public async Task A_run_computes_on_no_more_cores_than_its_threads_so_requests_keep_the_rest()
    {
        using var core = new CoreFixture();
        SeedTwoTastes(core, 120);
        var trainer = new ParallelismProbe(ModelTrainers.Create("ease", null));
        using var lifecycle = Lifecycle(core, new InMemoryModelStore(), new RetrainingOptions { MinLikes = 50, Candidates = ["ease"], Threads = 1 }, (_, _) => trainer);

        var outcome = await lifecycle.RetrainAsync(RetrainMode.Scheduled, progress: null, CancellationToken.None);

        Assert.Equal(RetrainResult.Deployed, outcome.Result);
        Assert.Equal(1, trainer.MostAtOnce);
    }

    /// <summary>Trains after a parallel loop of busy iterations within the options it is given, as a trainer's own loops are, counting how many ran at once.</summary>
    private sealed class ParallelismProbe(IModelTrainer inner) : IModelTrainer
    {
        private int running;
        private int mostAtOnce;

        public int MostAtOnce => mostAtOnce;

        public string Algorithm => inner.Algorithm;

        public IReadOnlyDictionary<string, double> Parameters => inner.Parameters;

        public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
        {
            Parallel.For(0, 4 * Environment.ProcessorCount, parallel, _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref mostAtOnce, now);
                Thread.SpinWait(200_000);
                Interlocked.Decrement(ref running);
            });
            return inner.Train(likes, parallel);
        }

        private static void InterlockedMax(ref int most, int value)
        {
            for (var seen = Volatile.Read(ref most); value > seen; seen = Volatile.Read(ref most))
            {
                if (Interlocked.CompareExchange(ref most, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The steps a run reports, in order, as they are reported.</summary>
    private sealed class Steps : List<string>, IProgress<string>
    {
        public void Report(string value) => Add(value);
    }

    /// <summary>Records each training it does, by algorithm.</summary>
    private sealed class CountedTrainer(IModelTrainer inner, List<string> trained) : IModelTrainer
    {
        public string Algorithm => inner.Algorithm;

        public IReadOnlyDictionary<string, double> Parameters => inner.Parameters;

        public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
        {
            lock (trained)
            {
                trained.Add(inner.Algorithm);
            }

            return inner.Train(likes, parallel);
        }
    }

    /// <summary>The shutdown comes while the real trainer is at work: it must notice on its own.</summary>
    private sealed class StoppedWhileTraining(IModelTrainer inner, CancellationTokenSource shutdown) : IModelTrainer
    {
        public string Algorithm => inner.Algorithm;

        public IReadOnlyDictionary<string, double> Parameters => inner.Parameters;

        public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
        {
            shutdown.Cancel();
            return inner.Train(likes, parallel);
        }
    }

    private sealed class GatedTrainer(IModelTrainer inner, ManualResetEventSlim release) : IModelTrainer
    {
        public string Algorithm => inner.Algorithm;

        public IReadOnlyDictionary<string, double> Parameters => inner.Parameters;

        public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
        {
            release.Wait(TimeSpan.FromSeconds(30), parallel.CancellationToken);
            return inner.Train(likes, parallel);
        }
    }

    /// <summary>Learns from data in which every crime fan also likes exactly one show of the other taste: a model that gets people wrong.</summary>
    private sealed class CrossedTastesTrainer(IModelTrainer inner) : IModelTrainer
    {
        public string Algorithm => inner.Algorithm;

        public IReadOnlyDictionary<string, double> Parameters => inner.Parameters;

        public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel) =>
            inner.Train(InteractionMatrix.FromLikes(Enumerable.Range(0, 600).SelectMany(i => new[] { ($"x{i}", CrimeFans[i % 6]), ($"x{i}", OtherFans[(i / 6) % 6]) })), parallel);
    }

    private sealed class CrashingTrainer : IModelTrainer
    {
        public string Algorithm => "ials";

        public IReadOnlyDictionary<string, double> Parameters => new Dictionary<string, double>();

        public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel) =>
            throw new InvalidOperationException("out of memory in the solver");
    }
}
