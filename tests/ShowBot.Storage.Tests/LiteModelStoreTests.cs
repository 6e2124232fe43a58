using LiteDB;

using ShowBot.Core.Lifecycle;
using ShowBot.Recommender;
using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Storage.Tests;

public class LiteModelStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>item-kNN on <paramref name="users"/> people: training is deterministic, so the same people make the same artifact.</summary>
    private static FoldInModel TrainedModel(int users = 30) =>
        ModelTrainers.Create("item-knn").Train(InteractionMatrix.FromLikes(
            Enumerable.Range(0, users).SelectMany(u => (u % 2 == 0 ? new[] { "tt0903747", "tt0306414", "tt2707408" } : ["tt0108778", "tt0386676", "tt1266020"]).Select(s => ($"u{u}", s)))));

    private static readonly RecommendationQuery Asked = new(["tt0903747", "tt0108778"], 5);

    private static ModelVersion Version(int number, ModelStatus status = ModelStatus.Retired) => new(
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

    [Fact]
    public void A_version_and_its_artifact_round_trip_exactly()
    {
        using var temp = new TempDatabase();
        var store = new LiteModelStore(temp.Database);
        var model = TrainedModel();

        store.Add(Version(1), model);
        var reopened = new LiteModelStore(temp.Restart());

        var stored = reopened.Find("v1")!;
        Assert.Equal(Version(1).Data, stored.Data);
        Assert.Equal(Version(1).Metrics, stored.Metrics);
        Assert.Equal(Version(1).Parameters, stored.Parameters);
        Assert.Equal((Version(1).TrainingTime, Version(1).CreatedAt, Version(1).Note), (stored.TrainingTime, stored.CreatedAt, stored.Note));
        Assert.Equal(model.Recommend(Asked), reopened.LoadArtifact("v1").Recommend(Asked));
    }

    [Fact]
    public void Deploying_a_version_retires_the_one_that_served_and_version_numbers_keep_counting()
    {
        using var temp = new TempDatabase();
        var store = new LiteModelStore(temp.Database);
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

    [Fact]
    public void Pruning_keeps_the_newest_versions_and_always_the_deployed_one()
    {
        using var temp = new TempDatabase();
        var store = new LiteModelStore(temp.Database);
        for (var number = 1; number <= 5; number++)
        {
            store.Add(Version(number), TrainedModel());
        }

        store.MarkDeployed("v1", Noon);

        Assert.Equal(2, store.Prune(keep: 2));
        Assert.Equal(["v5", "v4", "v1"], store.Recent(10).Select(v => v.Version));
        Assert.Throws<KeyNotFoundException>(() => store.LoadArtifact("v2"));
    }

    [Fact]
    public void A_damaged_artifact_is_reported_as_a_format_error_naming_the_problem()
    {
        using var temp = new TempDatabase();
        new LiteModelStore(temp.Database).Add(Version(1), TrainedModel());
        temp.Close();
        FlipChunkByte(temp.FilePath);

        var store = new LiteModelStore(temp.Database);

        var error = Assert.Throws<ModelFormatException>(() => store.LoadArtifact("v1"));
        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void A_rejected_version_is_kept_without_an_artifact()
    {
        using var temp = new TempDatabase();
        var store = new LiteModelStore(temp.Database);

        store.Add(Version(1, ModelStatus.Rejected), artifact: null);

        Assert.Equal(ModelStatus.Rejected, store.Find("v1")!.Status);
        Assert.Null(store.Deployed);
        Assert.Throws<KeyNotFoundException>(() => store.LoadArtifact("v1"));
    }

    [Fact]
    public void A_version_with_the_artifact_of_an_earlier_one_stores_no_second_copy()
    {
        using var temp = new TempDatabase();
        var store = new LiteModelStore(temp.Database);
        store.Add(Version(1), TrainedModel());
        store.Add(Version(2), TrainedModel(users: 40));
        var sizeBefore = StoredBytes(temp);

        new LiteModelStore(temp.Database).Add(Version(3), TrainedModel(users: 40));
        var sizeAfter = StoredBytes(temp);
        var artifacts = new DatabaseMaintenance(temp.Database).Check().Artifacts;
        var reopened = new LiteModelStore(temp.Database);

        Assert.Equal([["v1"], ["v2", "v3"]], artifacts.Select(a => a.Versions).OrderBy(v => v.Count));
        Assert.Equal(sizeBefore, sizeAfter);
        Assert.Equal(TrainedModel(users: 40).Recommend(Asked), reopened.LoadArtifact("v3").Recommend(Asked));
        Assert.Equal(reopened.LoadArtifact("v2").Recommend(Asked), reopened.LoadArtifact("v3").Recommend(Asked));
    }

    [Fact]
    public void Pruning_deletes_an_artifact_only_when_no_kept_version_uses_it()
    {
        using var temp = new TempDatabase();
        var store = new LiteModelStore(temp.Database);
        store.Add(Version(1), TrainedModel());
        store.Add(Version(2), TrainedModel(users: 40));
        store.Add(Version(3), TrainedModel(users: 40));
        store.Add(Version(4), TrainedModel(users: 50));
        store.MarkDeployed("v4", Noon);

        Assert.Equal(2, store.Prune(keep: 2));
        var afterFirst = new DatabaseMaintenance(temp.Database).Check().Artifacts.Select(a => a.Versions).OrderBy(v => v[0], StringComparer.Ordinal).ToList();
        Assert.Equal(1, store.Prune(keep: 1));
        var afterSecond = new DatabaseMaintenance(temp.Database).Check().Artifacts.Select(a => a.Versions).ToList();

        Assert.Equal([["v3"], ["v4"]], afterFirst);
        Assert.Equal([["v4"]], afterSecond);
        Assert.Equal(TrainedModel(users: 50).Recommend(Asked), store.LoadArtifact("v4").Recommend(Asked));
    }

    [Fact]
    public void Storing_an_artifact_again_replaces_a_stored_copy_that_was_damaged()
    {
        using var temp = new TempDatabase();
        new LiteModelStore(temp.Database).Add(Version(1), TrainedModel());
        temp.Close();
        FlipChunkByte(temp.FilePath);
        var store = new LiteModelStore(temp.Database);
        Assert.Throws<ModelFormatException>(() => store.LoadArtifact("v1"));

        store.Add(Version(2), TrainedModel());
        var check = new DatabaseMaintenance(temp.Restart()).Check();
        var reopened = new LiteModelStore(temp.Database);

        Assert.Equal(TrainedModel().Recommend(Asked), reopened.LoadArtifact("v2").Recommend(Asked));
        Assert.Equal(["v1", "v2"], Assert.Single(check.Artifacts).Versions);
        Assert.True(check.Healthy);
    }

    [Fact]
    public void A_database_with_an_artifact_per_version_is_moved_to_one_copy_per_content_when_opened()
    {
        using var temp = new TempDatabase();
        var store = new LiteModelStore(temp.Database);
        store.Add(Version(1), TrainedModel());
        store.Add(Version(2), TrainedModel(users: 40));
        store.Add(Version(3), TrainedModel(users: 40));
        store.Add(Version(4, ModelStatus.Rejected), artifact: null);
        store.MarkDeployed("v3", Noon);
        temp.Close();
        ToArtifactPerVersion(temp.FilePath);
        var oldLayout = StoredArtifactIds(temp);

        var moved = new DatabaseMaintenance(temp.Database).Check();
        var models = new LiteModelStore(temp.Database);

        Assert.Equal(["models/v1", "models/v2", "models/v3"], oldLayout);
        Assert.True(moved.Healthy);
        Assert.Equal([["v1"], ["v2", "v3"]], moved.Artifacts.Select(a => a.Versions).OrderBy(v => v.Count));
        Assert.All(moved.Artifacts, a => Assert.Matches("^artifacts/[0-9a-f]{64}$", a.Id));
        Assert.Equal(TrainedModel().Recommend(Asked), models.LoadArtifact("v1").Recommend(Asked));
        Assert.Equal(TrainedModel(users: 40).Recommend(Asked), models.LoadArtifact("v3").Recommend(Asked));
        Assert.Throws<KeyNotFoundException>(() => models.LoadArtifact("v4"));
        Assert.Equal("v3", models.Deployed!.Version);
        var reopened = new DatabaseMaintenance(temp.Restart()).Check();
        Assert.Equal(moved.Artifacts.Select(a => (a.Id, string.Join(", ", a.Versions))), reopened.Artifacts.Select(a => (a.Id, string.Join(", ", a.Versions))));
    }

    [Fact]
    public void An_artifact_per_version_whose_pages_cannot_be_read_stays_under_its_old_id_for_check_and_repair()
    {
        using var temp = new TempDatabase();
        new LiteModelStore(temp.Database).Add(Version(1), TrainedModel());
        temp.Close();
        ToArtifactPerVersion(temp.FilePath);
        PageDamage.FlipHeaderBytes(temp.FilePath, "_model_chunks");

        var store = new LiteModelStore(temp.Database);
        Assert.Throws<ModelFormatException>(() => store.LoadArtifact("v1"));
        var check = new DatabaseMaintenance(temp.Database).Check();
        var repair = new DatabaseMaintenance(temp.Restart()).Repair();
        var repaired = new LiteModelStore(temp.Restart());

        var damaged = Assert.Single(check.Artifacts);
        Assert.Equal("models/v1", damaged.Id);
        Assert.Equal(["v1"], damaged.Versions);
        Assert.NotNull(damaged.Damage);
        Assert.Equal(["v1"], Assert.Single(repair.DiscardedArtifacts).Versions);
        Assert.Equal(ModelStatus.Corrupt, repaired.Find("v1")!.Status);
        Assert.True(new DatabaseMaintenance(temp.Database).Check().Healthy);
    }

    /// <summary>
    /// Rewrites a closed file the way ShowBot stored artifacts before they were stored by content: each version's
    /// own copy as <c>models/vN</c>, and versions that do not name their artifact.
    /// </summary>
    private static void ToArtifactPerVersion(string path)
    {
        using var lite = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        var files = lite.GetStorage<string>("_model_files", "_model_chunks");
        var versions = lite.GetCollection("models");
        foreach (var version in versions.FindAll().ToList())
        {
            if (version["artifact"].IsString)
            {
                using var bytes = new MemoryStream();
                files.Download(version["artifact"].AsString, bytes);
                bytes.Position = 0;
                files.Upload($"models/{version["_id"].AsString}", $"{version["_id"].AsString}.sbrm", bytes);
            }

            version.Remove("artifact");
            versions.Update(version);
        }

        foreach (var file in files.Find(Query.StartsWith("_id", "artifacts/")).ToList())
        {
            files.Delete(file.Id);
        }
    }

    private static List<string> StoredArtifactIds(TempDatabase temp)
    {
        temp.Close();
        using var lite = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct });
        return [.. lite.GetStorage<string>("_model_files", "_model_chunks").FindAll().Select(f => f.Id).Order(StringComparer.Ordinal)];
    }

    /// <summary>The bytes of every artifact chunk stored.</summary>
    private static long StoredBytes(TempDatabase temp)
    {
        temp.Close();
        using var lite = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct });
        return lite.GetCollection("_model_chunks").FindAll().Sum(c => (long)c["data"].AsBinary.Length);
    }

    /// <summary>Flips a byte in the middle of the first artifact chunk of a closed file: the artifact's checksum no longer matches.</summary>
    private static void FlipChunkByte(string path)
    {
        using var lite = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        var chunks = lite.GetCollection("_model_chunks");
        var chunk = chunks.FindAll().First();
        var bytes = chunk["data"].AsBinary;
        bytes[bytes.Length / 2] ^= 0xFF;
        chunk["data"] = bytes;
        chunks.Update(chunk);
    }
}
