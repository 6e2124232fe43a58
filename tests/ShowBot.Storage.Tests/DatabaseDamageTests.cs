using ShowBot.Core.Chat;
using ShowBot.Core.Damage;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Storage.Tests;

/// <summary>Files damaged as a bad disk or a careless copy leaves them: refused when nothing can be trusted, contained otherwise.</summary>
public sealed class DatabaseDamageTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// A closed file holding the catalog, 300 ratings of 60 people and model versions with artifacts: v1 and v2 each
    /// with its own, and with <paramref name="sharing"/> v3 too, trained on v2's data again (so v2's artifact).
    /// </summary>
    private void Seed(bool sharing = false)
    {
        new LiteCatalogStore(temp.Database).Upsert([Shows.BreakingBad, Shows.Dark, Shows.AttackOnTitan, Shows.MoneyHeist, Shows.RickAndMorty]);
        new LiteRatingStore(temp.Database).UpsertMany(Enumerable.Range(0, 60).SelectMany(u =>
            new[] { Shows.BreakingBad, Shows.Dark, Shows.AttackOnTitan, Shows.MoneyHeist, Shows.RickAndMorty }
                .Select(s => new Rating(new UserKey("import", $"u{u}"), s.Id, RatingKind.Like, RatingSource.Import, Evening))));
        var models = new LiteModelStore(temp.Database);
        foreach (var number in sharing ? new[] { 1, 2, 3 } : [1, 2])
        {
            var users = number == 1 ? 30 : 40;
            var model = ModelTrainers.Create("item-knn").Train(InteractionMatrix.FromLikes(
                Enumerable.Range(0, users).SelectMany(u => new[] { Shows.BreakingBad.Id, Shows.Dark.Id, Shows.MoneyHeist.Id }.Select(s => ($"u{u}", s)))));
            models.Add(new ModelVersion($"v{number}", "item-knn", new Dictionary<string, double>(), new DataVersion(number, users * 3, users, 3, "47653a75e89c"),
                new Dictionary<string, double>(), TimeSpan.FromSeconds(1), Evening.AddHours(number), ModelStatus.Retired), model);
        }

        temp.Close();
    }

    [Theory]
    [InlineData(4_096)]
    [InlineData(40_000)]
    [InlineData(16_384)]
    public void A_file_that_shrank_is_refused_as_truncated_and_left_as_it_is(int length)
    {
        Seed();
        using (var file = File.Open(temp.FilePath, FileMode.Open))
        {
            file.SetLength(length);
        }

        var refused = Assert.Throws<DatabaseDamagedException>(() => new ShowBotDatabase(temp.FilePath));

        Assert.Contains("truncated", refused.Message, StringComparison.Ordinal);
        Assert.Contains(temp.FilePath, refused.Message, StringComparison.Ordinal);
        Assert.Equal(length, new FileInfo(temp.FilePath).Length);
    }

    [Fact]
    public void A_file_of_garbage_is_named_as_not_a_database()
    {
        File.WriteAllBytes(temp.FilePath, Enumerable.Range(0, 5 * 8192).Select(i => (byte)(i * 31 % 251)).ToArray());

        var refused = Assert.Throws<DatabaseDamagedException>(() => new ShowBotDatabase(temp.FilePath));

        Assert.Contains("its header page is not a LiteDB 5 header", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flipped_bytes_in_ratings_pages_refuse_the_ratings_and_everything_else_goes_on_working()
    {
        Seed();
        PageDamage.FlipHeaderBytes(temp.FilePath, "ratings", count: 16);

        var database = temp.Database;
        var ratings = new LiteRatingStore(database);
        var damage = Assert.Throws<StoredDataDamagedException>(() => ratings.ForUser(new UserKey("import", "u7")));
        var again = Assert.Throws<StoredDataDamagedException>(() => ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, RatingKind.Like, RatingSource.Reaction, Evening)));

        Assert.Equal("ratings", damage.Collection);
        Assert.Equal("ratings", again.Collection);
        Assert.Equal(5, new LiteCatalogStore(database).All().Count);
        Assert.Equal(2, new LiteModelStore(database).Recent(10).Count);
        Assert.Contains("ratings", database.DamagedCollections.Keys);
    }

    [Fact]
    public void The_engine_state_that_tells_a_closed_engine_is_read_from_this_LiteDB()
    {
        var engine = new LiteDB.Engine.LiteEngine(new LiteDB.Engine.EngineSettings { Filename = temp.FilePath });
        var open = DamageContainingEngine.IsClosed(engine);

        engine.Dispose();

        Assert.False(open);
        Assert.True(DamageContainingEngine.IsClosed(engine));
    }

    [Fact]
    public async Task Damage_met_while_other_threads_use_the_file_is_named_where_it_is()
    {
        Seed();
        PageDamage.FlipHeaderBytes(temp.FilePath, "ratings", count: 16);

        for (var round = 0; round < 12; round++)
        {
            // Each round on its own copy: the engines closed by damage keep the file open until the process ends.
            using var copy = new TempDatabase();
            File.Copy(temp.FilePath, copy.FilePath);
            var database = copy.Database;
            var queue = new LitePredictionQueue(database);
            var ratings = new LiteRatingStore(database);
            using var start = new Barrier(3);

            var requests = Task.Run(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 40; i++)
                {
                    queue.TryEnqueue(new PredictionRequest($"r{round}-{i}", Users.Jonas, [Shows.Dark.Id], 5, new ReplyTarget("console", "jonas"), Evening));
                }
            });
            var catalog = Task.Run(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 40; i++)
                {
                    _ = new LiteCatalogStore(database).All();
                }
            });
            start.SignalAndWait();
            Assert.Throws<StoredDataDamagedException>(() => ratings.ForUser(new UserKey("import", "u7")));
            await Task.WhenAll(requests, catalog);

            Assert.Equal(["ratings"], database.DamagedCollections.Keys);
            Assert.Equal(40, queue.CountOutstanding());
        }
    }

    [Fact]
    public void A_flipped_byte_in_an_artifact_page_header_makes_the_artifact_damaged_and_keeps_the_versions_readable()
    {
        Seed();
        PageDamage.FlipHeaderBytes(temp.FilePath, "_model_chunks");

        var models = new LiteModelStore(temp.Database);

        Assert.Throws<ModelFormatException>(() => models.LoadArtifact("v2"));
        models.MarkCorrupt("v2", "damaged pages");
        Assert.Equal(ModelStatus.Corrupt, models.Find("v2")!.Status);
    }

    [Fact]
    public void Check_reports_each_collection_and_artifact_and_names_the_damage()
    {
        Seed();
        var healthy = new DatabaseMaintenance(temp.Database).Check();
        temp.Close();
        PageDamage.FlipHeaderBytes(temp.FilePath, "ratings", count: 16);
        var damaged = new DatabaseMaintenance(temp.Restart()).Check();

        Assert.True(healthy.Healthy);
        Assert.Equal(300, healthy.Collections.Single(c => c.Collection == "ratings").Readable);
        Assert.Equal([["v1"], ["v2"]], healthy.Artifacts.Select(a => a.Versions).OrderBy(v => v[0], StringComparer.Ordinal));
        Assert.All(healthy.Artifacts, a => Assert.Matches("^artifacts/[0-9a-f]{64}$", a.Id));
        Assert.False(damaged.Healthy);
        Assert.Equal(["ratings"], damaged.Collections.Where(c => c.Damage is not null).Select(c => c.Collection));
        Assert.Equal(5, damaged.Collections.Single(c => c.Collection == "shows").Readable);
    }

    [Fact]
    public void Repair_counts_every_document_it_had_to_leave_out()
    {
        Seed();
        PageDamage.FlipHeaderBytes(temp.FilePath, "ratings", count: 16);

        var summary = new DatabaseMaintenance(temp.Restart()).Repair();
        var kept = new DatabaseMaintenance(temp.Database).Check();

        Assert.True(kept.Healthy);
        var ratingsKept = kept.Collections.Single(c => c.Collection == "ratings").Readable;
        Assert.Equal(300, ratingsKept + summary.Lost.GetValueOrDefault("ratings"));
        Assert.Equal(5, kept.Collections.Single(c => c.Collection == "shows").Readable);
        Assert.DoesNotContain("shows", summary.Lost.Keys);
    }

    [Fact]
    public void A_second_repair_names_the_copy_it_kept_not_the_first_ones()
    {
        Seed();

        var first = new DatabaseMaintenance(temp.Restart()).Repair();
        var second = new DatabaseMaintenance(temp.Restart()).Repair();

        Assert.True(File.Exists(first.OriginalKeptAt), first.OriginalKeptAt);
        Assert.True(File.Exists(second.OriginalKeptAt), second.OriginalKeptAt);
        Assert.NotEqual(first.OriginalKeptAt, second.OriginalKeptAt);
    }

    [Fact]
    public void Repair_deletes_an_artifact_that_cannot_load_marks_its_version_corrupt_and_leaves_a_file_that_checks_whole()
    {
        Seed();
        PageDamage.FlipHeaderBytes(temp.FilePath, "_model_chunks");
        var damaged = new DatabaseMaintenance(temp.Restart()).Check().Artifacts.Where(a => a.Damage is not null).Select(a => a.Id).ToList();

        var summary = new DatabaseMaintenance(temp.Restart()).Repair();
        var after = new DatabaseMaintenance(temp.Database).Check();

        Assert.NotEmpty(damaged);
        Assert.Equal(damaged, summary.DiscardedArtifacts.Select(a => a.Id));
        Assert.True(after.Healthy, string.Join("; ", after.Artifacts.Select(a => $"{a.Id} {a.Damage}")));
        var models = new LiteModelStore(temp.Database);
        Assert.All(summary.DiscardedArtifacts.SelectMany(a => a.Versions), version => Assert.Equal(ModelStatus.Corrupt, models.Find(version)!.Status));
        Assert.NotEmpty(summary.DiscardedArtifacts.SelectMany(a => a.Versions));
        Assert.Equal(2, models.Recent(10).Count);
    }

    [Fact]
    public void Damage_to_an_artifact_two_versions_share_marks_both_corrupt_and_leaves_the_other_artifact_loading()
    {
        Seed(sharing: true);
        var shared = new DatabaseMaintenance(temp.Database).Check().Artifacts.Single(a => a.Versions.Count == 2);
        temp.Close();
        PageDamage.FlipByteAfter(temp.FilePath, "_model_chunks", shared.Id, distance: 200);
        var models = new LiteModelStore(temp.Restart());

        Assert.Throws<ModelFormatException>(() => models.LoadArtifact("v3"));
        models.MarkCorrupt("v3", "its checksum does not match");
        var check = new DatabaseMaintenance(temp.Database).Check();

        Assert.Equal(["v2", "v3"], shared.Versions);
        Assert.Equal([ModelStatus.Retired, ModelStatus.Corrupt, ModelStatus.Corrupt], new[] { "v1", "v2", "v3" }.Select(v => models.Find(v)!.Status));
        Assert.Equal("its checksum does not match", models.Find("v2")!.Note);
        Assert.NotNull(models.LoadArtifact("v1"));
        Assert.Equal(shared.Id, Assert.Single(check.Artifacts, a => a.Damage is not null).Id);
    }

    [Fact]
    public async Task A_backup_taken_while_ratings_are_written_opens_and_is_one_consistent_moment()
    {
        Seed();
        var database = temp.Database;
        var ratings = new LiteRatingStore(database);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                ratings.Upsert(new Rating(new UserKey("console", $"writer{i}"), Shows.Dark.Id, RatingKind.Like, RatingSource.Command, Evening));
            }
        });
        Assert.True(SpinWait.SpinUntil(() => ratings.Count > 320, TimeSpan.FromSeconds(30)), "the writer did not start");

        var summary = new DatabaseMaintenance(database).Backup(Path.Combine(temp.Folder, "backups", "showbot-backup.db"));
        stop.Cancel();
        await writer;

        using var backup = new ShowBotDatabase(summary.FilePath);
        var copied = new LiteRatingStore(backup);
        Assert.True(new DatabaseMaintenance(backup).Check().Healthy);
        Assert.InRange(copied.Count, 321, ratings.Count);
        Assert.Equal(copied.Count, copied.AsOf(copied.LastChange).Count);
        Assert.Equal(summary.Documents["ratings"], copied.Count);
        Assert.Equal(5, new LiteCatalogStore(backup).All().Count);
        Assert.NotNull(new LiteModelStore(backup).LoadArtifact("v2"));
    }

    [Fact]
    public void A_backup_never_overwrites_a_file()
    {
        Seed();
        var target = Path.Combine(temp.Folder, "taken.db");
        File.WriteAllText(target, "someone's file");

        Assert.Throws<IOException>(() => new DatabaseMaintenance(temp.Database).Backup(target));
        Assert.Equal("someone's file", File.ReadAllText(target));
    }
}
