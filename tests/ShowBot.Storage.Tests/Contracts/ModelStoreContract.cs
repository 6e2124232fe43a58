using ShowBot.Core.Lifecycle;
using ShowBot.Recommender;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;
using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

public abstract class ModelStoreContract(StorageUnderTest storage) : StorageContract(storage)
{
    internal static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>item-kNN on <paramref name="users"/> people: training is deterministic, so the same people make the same artifact.</summary>
    internal static FoldInModel TrainedModel(int users = 30) =>
        ModelTrainers.Create("item-knn").Train(InteractionMatrix.FromLikes(
            Enumerable.Range(0, users).SelectMany(u => (u % 2 == 0 ? new[] { "tt0903747", "tt0306414", "tt2707408" } : ["tt0108778", "tt0386676", "tt1266020"]).Select(s => ($"u{u}", s)))));

    internal static readonly RecommendationQuery Asked = new(["tt0903747", "tt0108778"], 5);

    internal static ModelVersion Version(int number, ModelStatus status = ModelStatus.Retired) => new(
        $"v{number}",
        "item-knn",
        new Dictionary<string, double> { ["neighbours"] = 20 },
        new DataVersion(1_000 + number, 90, 30, 6, "47653a75e89c"),
        new Dictionary<string, double> { ["recall@20"] = 0.91, ["ndcg@100"] = 0.873 },
        TimeSpan.FromMilliseconds(1_234),
        Noon.AddHours(number),
        status)
    {
        Note = "ndcg@100 0.8730 vs serving baseline 0.4100 on 40 held-out people",
    };

    [SkippableFact]
    public void A_version_and_its_artifact_round_trip_exactly()
    {
        var store = Storage.Models;
        var model = TrainedModel();

        store.Add(Version(1), model);
        var reopened = Storage.AfterRestart(s => s.Models);

        var stored = reopened.Find("v1")!;
        Assert.Equal(Version(1).Data, stored.Data);
        Assert.Equal(Version(1).Metrics, stored.Metrics);
        Assert.Equal(Version(1).Parameters, stored.Parameters);
        Assert.Equal((Version(1).TrainingTime, Version(1).CreatedAt, Version(1).Note), (stored.TrainingTime, stored.CreatedAt, stored.Note));
        Assert.Equal(model.Recommend(Asked), reopened.LoadArtifact("v1").Recommend(Asked));
    }

    [SkippableFact]
    public void Deploying_a_version_retires_the_one_that_served_and_version_numbers_keep_counting()
    {
        var store = Storage.Models;
        Assert.Equal(1, store.NextNumber());
        store.Add(Version(1), TrainedModel());
        store.MarkDeployed("v1", Noon);
        store.Add(Version(2), TrainedModel());

        store.MarkDeployed("v2", Noon.AddDays(1));

        Assert.Equal("v2", store.Deployed!.Version);
        Assert.Equal(Noon.AddDays(1), store.Deployed.DeployedAt);
        Assert.Equal((ModelStatus.Retired, Noon.AddDays(1)), (store.Find("v1")!.Status, store.Find("v1")!.RetiredAt));
        Assert.Equal(3, store.NextNumber());
        Assert.Equal(["v2", "v1"], store.Recent(10).Select(v => v.Version));
    }

    [SkippableFact]
    public void Pruning_keeps_the_newest_versions_and_always_the_deployed_one()
    {
        var store = Storage.Models;
        for (var number = 1; number <= 5; number++)
        {
            store.Add(Version(number), TrainedModel());
        }

        store.MarkDeployed("v1", Noon);

        Assert.Equal(2, store.Prune(keep: 2));
        Assert.Equal(["v5", "v4", "v1"], store.Recent(10).Select(v => v.Version));
        Assert.Throws<KeyNotFoundException>(() => store.LoadArtifact("v2"));
    }

    [SkippableFact]
    public void A_retrain_that_makes_the_same_model_again_shares_its_artifact_and_damage_found_in_one_marks_both()
    {
        var store = Storage.Models;
        store.Add(Version(1), TrainedModel());
        store.MarkDeployed("v1", Noon);
        store.Add(Version(2), TrainedModel());
        store.Add(Version(3), TrainedModel(users: 40));

        store.MarkCorrupt("v2", "its stored bytes no longer match their SHA-256");

        Assert.Equal([ModelStatus.Corrupt, ModelStatus.Corrupt, ModelStatus.Retired], new[] { "v1", "v2", "v3" }.Select(v => store.Find(v)!.Status));
        Assert.Null(store.Deployed);
        Assert.Equal(TrainedModel(users: 40).Recommend(Asked), store.LoadArtifact("v3").Recommend(Asked));
    }
}

public sealed class LiteModelStoreContractTests() : ModelStoreContract(new LiteStorage());

public sealed class PostgresModelStoreTests() : ModelStoreContract(new PostgresStorage());
