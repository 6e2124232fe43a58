using System.Globalization;

using LiteDB;
using LiteDB.Engine;

namespace ShowBot.Storage;

/// <summary>
/// The one LiteDB file of a ShowBot process. LiteDB writes each operation through its journal, so what a store
/// method returned from is on disk even if the process dies the next moment.
/// </summary>
public sealed class ShowBotDatabase : IDisposable
{
    private readonly DatabaseLock ownership;

    /// <param name="path">The database file.</param>
    /// <param name="process">What this process is, for the message another one gets (e.g. "showbot chat").</param>
    /// <exception cref="DatabaseInUseException">Another process owns the file.</exception>
    public ShowBotDatabase(string path, string process = "showbot")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        // Taken before LiteDB touches the file or its journal, so only the owner ever does.
        ownership = DatabaseLock.Acquire(fullPath, process);
        FilePath = fullPath;
        try
        {
            DatabaseFile.EnsureWhole(fullPath);
            (Database, Engine) = Open(fullPath);
        }
        catch
        {
            ownership.Dispose();
            throw;
        }

        try
        {
            LiteModelStore.StoreArtifactsByContent(this);
        }
        catch
        {
            Database.Dispose();
            ownership.Dispose();
            throw;
        }
    }

    public string FilePath { get; }

    /// <summary>The collections found damaged so far (they are refused; the rest works), with what was found.</summary>
    public IReadOnlyDictionary<string, string> DamagedCollections => Engine.Damaged;

    /// <summary>Raised once for each collection found damaged, with its name and what was found.</summary>
    public event Action<string, string>? DamageFound
    {
        add => Engine.DamageFound += value;
        remove => Engine.DamageFound -= value;
    }

    internal LiteDatabase Database { get; }

    internal DamageContainingEngine Engine { get; }

    /// <summary>
    /// Held while a queue reads a request and writes its new state: LiteDB has no compare-and-set, and the gate
    /// must be per file, not per queue object, or two queues on one file can hand the same request out twice.
    /// </summary>
    internal Lock QueueGate { get; } = new();

    /// <summary>
    /// The documents of the requests this process claimed and has not settled, by key, under <see cref="QueueGate"/>:
    /// only their lane changes them, so settling one writes the document the claim read instead of reading it again.
    /// </summary>
    internal Dictionary<string, BsonDocument> ClaimedRequests { get; } = new(StringComparer.Ordinal);

    internal ILiteCollection<BsonDocument> Collection(string name) => Database.GetCollection(name, BsonAutoId.ObjectId);

    /// <summary>Whether the file has the index: LiteDB keeps one once created, also after the code stops making it.</summary>
    internal bool HasIndex(string collection, string name) =>
        Database.GetCollection("$indexes").Exists(BsonExpression.Create("$.collection = @0 AND $.name = @1", collection, name));

    /// <summary>Drops the indexes a file written by an older version has; each file has them dropped once, at its first open.</summary>
    internal void DropIndexes(string collection, IEnumerable<string> names)
    {
        foreach (var name in names.Where(name => HasIndex(collection, name)))
        {
            Database.GetCollection(collection).DropIndex(name);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, or inside the one this thread already has open (LiteDB's are per
    /// thread). When damage met by another call closed the engine under it, nothing was stored and it runs once more.
    /// </summary>
    internal void InTransaction(Action work)
    {
        try
        {
            InOneTransaction(work);
        }
        catch (DamageContainingEngine.EngineReopenedException) when (!Engine.InTransaction)
        {
            InOneTransaction(work);
        }
    }

    private void InOneTransaction(Action work)
    {
        if (!Database.BeginTrans())
        {
            work();
            return;
        }

        try
        {
            work();
            Database.Commit();
        }
        catch
        {
            Database.Rollback();
            throw;
        }
    }

    public void Dispose()
    {
        Database.Dispose();
        FailedWriteJournal.Clear(FilePath);
        ownership.Dispose();
    }

    // Every key is an identifier (platform ids, IMDb ids, command ids), so strings compare ordinally: LiteDB's
    // default collation ignores case, which made console:alice and console:Alice one person, and follows the
    // culture data of the machine, so an index built on one machine can miss keys on another.
    private static (LiteDatabase Database, DamageContainingEngine Engine) Open(string fullPath)
    {
        var isNew = !File.Exists(fullPath);
        DamageContainingEngine engine;
        try
        {
            engine = new DamageContainingEngine(
                () =>
                {
                    DatabaseFile.DropTornLogPage(fullPath);
                    return new LiteEngine(Settings(fullPath, File.Exists(fullPath) ? null : Collation.Binary));
                },
                [LiteModelStore.ArtifactChunks]);
        }
        catch (LiteException ex) when (!isNew && ex.ErrorCode is LiteException.INVALID_DATABASE or LiteException.INVALID_DATAFILE_STATE)
        {
            throw new DatabaseDamagedException(fullPath, "its header page cannot be read (" + ex.Message.TrimEnd('.') + ")");
        }

        var database = new LiteDatabase(engine);
        try
        {
            if (database.Collation.SortOptions != CompareOptions.Ordinal)
            {
                // A file written before keys were ordinal is converted once; LiteDB keeps the original as *-backup.db.
                database.Rebuild(new RebuildOptions { Collation = Collation.Binary });
            }

            return (database, engine);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    private static EngineSettings Settings(string fullPath, Collation? collation) => new()
    {
        Filename = fullPath,
        Collation = collation,
    };
}
