using LiteDB;

using ShowBot.Core.Lifecycle;
using ShowBot.Recommender.Artifacts;

using static ShowBot.Storage.Tests.ModelStoreContract;

namespace ShowBot.Storage.Tests;

public class LiteModelStoreTests
{
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
