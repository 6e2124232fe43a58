using LiteDB;
using LiteDB.Engine;

using ShowBot.Core.Damage;
using ShowBot.Recommender.Artifacts;

namespace ShowBot.Storage;

/// <summary>
/// Operator verbs over an opened database, safe while the bot uses it: <see cref="Check"/> reads everything,
/// <see cref="Backup"/> copies a consistent snapshot, <see cref="Repair"/> rebuilds what is readable.
/// </summary>
public sealed class DatabaseMaintenance(ShowBotDatabase database)
{
    /// <summary>Reads every document of every collection and every model artifact (checked against its SHA-256).</summary>
    public DatabaseCheckReport Check()
    {
        var collections = CollectionNames().Select(CheckCollection).ToList();
        var artifacts = collections.Any(c => c.Collection == LiteModelStore.ArtifactFiles && c.Damage is null)
            ? Artifacts().Select(CheckArtifact).ToList()
            : [];
        return new DatabaseCheckReport(database.FilePath, collections, artifacts);
    }

    /// <summary>
    /// Copies the database, as of one moment, to a new file at <paramref name="target"/> while the bot goes on. LiteDB
    /// writes commits to its <c>-log.db</c> and copies them into the data file only at a checkpoint, so: automatic
    /// checkpoints are paused, one checkpoint brings the data file up to date, and the data file is copied while new
    /// commits wait in the log. The copy is then opened to count what it holds. Refuses to overwrite a file.
    /// </summary>
    public BackupSummary Backup(string target)
    {
        var fullTarget = Path.GetFullPath(target);
        if (File.Exists(fullTarget))
        {
            throw new IOException($"'{fullTarget}' already exists; choose a new file for the backup.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(fullTarget)!);
        var partial = fullTarget + ".partial";
        try
        {
            var checkpointPages = database.Database.CheckpointSize;
            database.Database.CheckpointSize = 0;
            try
            {
                database.Database.Checkpoint();
                using var source = new FileStream(database.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var copy = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None);
                source.CopyTo(copy);
                copy.Flush(flushToDisk: true);
            }
            finally
            {
                database.Database.CheckpointSize = checkpointPages;
            }

            IReadOnlyDictionary<string, int> counts;
            using (var copy = new LiteDatabase(new ConnectionString { Filename = partial }))
            {
                copy.CheckpointSize = checkpointPages;
                counts = copy.GetCollectionNames().Order(StringComparer.Ordinal).ToDictionary(n => n, n => copy.GetCollection(n).Count(), StringComparer.Ordinal);
            }

            File.Move(partial, fullTarget);
            return new BackupSummary(fullTarget, counts);
        }
        finally
        {
            File.Delete(partial);
            File.Delete(DatabaseFile.LogPath(partial));
        }
    }

    /// <summary>
    /// Rebuilds the file from every page LiteDB can still read, leaving damaged documents out; the original is kept
    /// beside it as <c>*-backup.db</c>. Run with the bot stopped: the rebuild replaces the file.
    /// </summary>
    public RepairSummary Repair()
    {
        // LiteDB's rebuild skips what it cannot read without always reporting it, so what each collection held is
        // counted before (by its index, which damaged data pages leave readable) and after.
        var before = CollectionNames().ToDictionary(name => name, IndexedCount, StringComparer.Ordinal);
        var backupsBefore = Backups();
        database.Database.Rebuild(new RebuildOptions { Collation = Collation.Binary, IncludeErrorReport = true });
        var keptAt = Backups().Except(backupsBefore, StringComparer.Ordinal).FirstOrDefault()
            ?? Path.ChangeExtension(database.FilePath, null) + "-backup" + Path.GetExtension(database.FilePath);
        var errors = database.Database.CollectionExists("_rebuild_errors") ? database.Database.GetCollection("_rebuild_errors").Count() : 0;
        var lost = before
            .Where(b => b.Value is { } held && held > (IndexedCount(b.Key) ?? 0))
            .ToDictionary(b => b.Key, b => b.Value!.Value - (IndexedCount(b.Key) ?? 0), StringComparer.Ordinal);

        // A model artifact that lost a chunk can never load again, and no rebuild brings it back: it goes, and its
        // version is marked corrupt, so the file checks whole and the version list says what happened.
        var models = new LiteModelStore(database);
        var discarded = Artifacts().Select(CheckArtifact).Where(a => a.Damage is not null)
            .Select(a => a with { Versions = models.DiscardArtifact(a.Id, "artifact damaged; discarded by repair") })
            .ToList();

        return new RepairSummary(keptAt, errors, lost)
        {
            DiscardedArtifacts = discarded,
        };
    }

    /// <summary>LiteDB's rebuild keeps the original as <c>showbot-backup.db</c>, or <c>showbot-backup-1.db</c> and on when that exists.</summary>
    private List<string> Backups()
    {
        var name = Path.GetFileNameWithoutExtension(database.FilePath) + "-backup";
        var extension = Path.GetExtension(database.FilePath);
        return [.. new DirectoryInfo(Path.GetDirectoryName(database.FilePath)!).EnumerateFiles(name + "*" + extension)
            .Where(f => f.Name == name + extension || f.Name.StartsWith(name + "-", StringComparison.Ordinal))
            .Select(f => f.FullName)];
    }

    private int? IndexedCount(string name)
    {
        try
        {
            return database.Collection(name).Count();
        }
        catch (StoredDataDamagedException)
        {
            return null;
        }
    }

    private List<string> CollectionNames() =>
        [.. database.Database.GetCollectionNames().Where(n => n != "_rebuild_errors").Order(StringComparer.Ordinal)];

    private CollectionHealth CheckCollection(string name)
    {
        if (database.DamagedCollections.TryGetValue(name, out var known) && name != LiteModelStore.ArtifactChunks)
        {
            return new CollectionHealth(name, 0, known);
        }

        var readable = 0;
        try
        {
            foreach (var _ in database.Collection(name).FindAll())
            {
                readable++;
            }

            return new CollectionHealth(name, readable, null);
        }
        catch (StoredDataDamagedException ex)
        {
            return new CollectionHealth(name, readable, (ex.InnerException ?? ex).Message);
        }
    }

    private List<string> Artifacts() =>
        [.. database.Collection(LiteModelStore.ArtifactFiles).FindAll().Select(f => f["_id"].AsString)];

    private ArtifactHealth CheckArtifact(string id)
    {
        var versions = new LiteModelStore(database).VersionsUsing(id);
        try
        {
            using var stream = database.Database.GetStorage<string>(LiteModelStore.ArtifactFiles, LiteModelStore.ArtifactChunks).OpenRead(id);
            ModelArtifact.Load(stream);
            return new ArtifactHealth(id, versions, null);
        }
        catch (Exception ex) when (ex is ModelFormatException or StoredDataDamagedException or InvalidDataException or EndOfStreamException)
        {
            return new ArtifactHealth(id, versions, (ex as StoredDataDamagedException)?.InnerException?.Message ?? ex.Message);
        }
    }
}

/// <summary>What <see cref="DatabaseMaintenance.Check"/> found: every collection and every model artifact.</summary>
public sealed record DatabaseCheckReport(string FilePath, IReadOnlyList<CollectionHealth> Collections, IReadOnlyList<ArtifactHealth> Artifacts)
{
    public bool Healthy => Collections.All(c => c.Damage is null) && Artifacts.All(a => a.Damage is null);
}

/// <summary>One collection: how many documents could be read, and the damage that stopped reading (null when whole).</summary>
public sealed record CollectionHealth(string Collection, int Readable, string? Damage);

/// <summary>
/// One stored model artifact (<c>artifacts/&lt;sha256&gt;</c>), the versions that use it, oldest first, and why it
/// cannot be loaded (null when it loads and its SHA-256 matches).
/// </summary>
public sealed record ArtifactHealth(string Id, IReadOnlyList<string> Versions, string? Damage);

/// <summary>Where the backup went and how many documents of each collection it holds.</summary>
public sealed record BackupSummary(string FilePath, IReadOnlyDictionary<string, int> Documents);

/// <summary>Where the original was kept, and how many unreadable pages or documents were left out.</summary>
public sealed record RepairSummary(string OriginalKeptAt, int Errors, IReadOnlyDictionary<string, int> Lost)
{
    /// <summary>Model artifacts that could not be loaded and were deleted, with the versions that used them (now marked corrupt).</summary>
    public IReadOnlyList<ArtifactHealth> DiscardedArtifacts { get; init; } = [];
}
