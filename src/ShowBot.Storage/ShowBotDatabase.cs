using System.Globalization;
using System.Runtime.ExceptionServices;

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
    private readonly Lock groupGate = new();
    private readonly Lock commitGate = new();
    private List<GroupedWrite> group = [];

    // Awaited writes gather apart, so that an acceptance (a caller waiting to acknowledge) never commits a batch of them.
    private List<GroupedWrite> awaitedGroup = [];
    private bool awaitedLeaderWaiting;

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
    /// The requests this process claimed and has not settled, by key, with the document the claim read, under
    /// <see cref="QueueGate"/>. A claim is held here and nowhere else: the file is this process's alone, and a request in
    /// flight when the process stops must be pending at the next start anyway. Only the claiming lane changes the request,
    /// so settling it writes the document the claim read instead of reading it again.
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

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction with the writes other threads ask for at the same moment (a group
    /// commit), and returns once it is committed. LiteDB copies and writes each page a transaction changes, and folds the
    /// journal into the file page by page: writes that share their collection's pages cost far less committed together.
    /// Should any write of a group fail, the group is rolled back and each of its writes runs again in a transaction of
    /// its own, so a write fails only for its own reason and its exception reaches its own caller.
    /// <paramref name="work"/> may therefore run on another thread (LiteDB's transactions are per thread) and more than
    /// once: it writes, reads what it needs to, sets its results (never adds to them) and takes no lock; a caller holding
    /// <see cref="QueueGate"/> keeps it until its write is committed, as the gate is always taken before this.
    /// </summary>
    internal void Write(Action work)
    {
        if (Engine.InTransaction)
        {
            work();
            return;
        }

        var write = new GroupedWrite(work);
        lock (groupGate)
        {
            group.Add(write);
        }

        lock (commitGate)
        {
            if (!write.Done)
            {
                CommitGroup(ref group);
            }
        }

        write.Failure?.Throw();
    }

    /// <summary>
    /// <see cref="Write"/> for a caller that can wait without holding a thread (a lane answering a request): the first
    /// such write lets the work queued on the thread pool before it run first, so that under load other lanes' writes
    /// join its group, and commits it then; with nothing queued it commits at once. Completes once committed.
    /// </summary>
    internal async Task WriteAsync(Action work)
    {
        if (Engine.InTransaction)
        {
            work();
            return;
        }

        var write = new GroupedWrite(work) { Committed = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        bool lead;
        lock (groupGate)
        {
            awaitedGroup.Add(write);
            lead = !awaitedLeaderWaiting;
            awaitedLeaderWaiting = true;
        }

        if (lead)
        {
            await Task.Yield();
            lock (commitGate)
            {
                lock (groupGate)
                {
                    awaitedLeaderWaiting = false;
                }

                CommitGroup(ref awaitedGroup);
            }
        }

        await write.Committed.Task;
        write.Failure?.Throw();
    }

    /// <summary>Commits every write asked for so far, in one transaction, else one by one; under <see cref="commitGate"/>.</summary>
    private void CommitGroup(ref List<GroupedWrite> gathered)
    {
        List<GroupedWrite> writes;
        lock (groupGate)
        {
            (writes, gathered) = (gathered, []);
        }

        if (writes.Count > 1)
        {
            try
            {
                InTransaction(() => writes.ForEach(w => w.Work()));
                writes.ForEach(w => w.Finish());
                return;
            }
            catch (Exception)
            {
                // Rolled back as a whole: each runs again on its own below.
            }
        }

        foreach (var write in writes)
        {
            try
            {
                InTransaction(write.Work);
            }
            catch (Exception ex)
            {
                write.Failure = ExceptionDispatchInfo.Capture(ex);
            }

            write.Finish();
        }
    }

    private sealed class GroupedWrite(Action work)
    {
        public Action Work { get; } = work;

        /// <summary>Set under the commit gate, read under it or after it by the write's caller.</summary>
        public bool Done { get; private set; }

        public ExceptionDispatchInfo? Failure { get; set; }

        /// <summary>Completed once the write is committed or has failed, for a caller of <see cref="WriteAsync"/>.</summary>
        public TaskCompletionSource? Committed { get; init; }

        public void Finish()
        {
            Done = true;
            Committed?.SetResult();
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
