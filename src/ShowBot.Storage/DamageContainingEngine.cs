using System.Collections.Concurrent;

using LiteDB;
using LiteDB.Engine;

using ShowBot.Core.Damage;

namespace ShowBot.Storage;

/// <summary>
/// LiteDB closes its whole engine when it meets a damaged page, so one bad artifact or ratings page made every later
/// call fail. This engine contains the damage: the call that met it fails with <see cref="StoredDataDamagedException"/>
/// naming its collection, the engine is opened again, and that collection is refused from then on without being read,
/// while every other collection goes on working. Calls on other threads fail on the closed engine at the same moment,
/// so the damage is located by reading every collection on the reopened engine before anyone else may use it. After an I/O error (a full disk) LiteDB closes the engine the same
/// way; it is opened again and the error passes on unchanged, so once there is space again writes succeed without a
/// restart.
/// </summary>
internal sealed class DamageContainingEngine : ILiteEngine
{
    private readonly Func<LiteEngine> open;
    private readonly ConcurrentDictionary<string, string> damaged = new(StringComparer.OrdinalIgnoreCase);
    private readonly ThreadLocal<int?> transactionGeneration = new();
    private readonly Lock reopening = new();
    private volatile Generation current;
    private volatile bool disposed;

    // LiteDB leaves the transactions open in a closed engine; if that engine were collected, their finalizers would fail
    // on its released pages and take the process down with them. So closed engines are kept for the process's life:
    // one per damage met, and a process meets little.
    private static readonly ConcurrentBag<LiteEngine> ClosedEngines = [];

    private readonly HashSet<string> readItemByItem;

    /// <param name="open">Opens the LiteDB engine, at first and after damage closed it.</param>
    /// <param name="readItemByItem">Collections whose items are independent and verified on their own: damage in one is
    /// contained but does not refuse the collection, so the other items stay readable.</param>
    public DamageContainingEngine(Func<LiteEngine> open, IEnumerable<string> readItemByItem)
    {
        this.open = open;
        this.readItemByItem = new HashSet<string>(readItemByItem, StringComparer.OrdinalIgnoreCase);
        current = new Generation(open(), 0);
    }

    /// <summary>Raised once per collection found damaged, with the collection's name and what LiteDB reported.</summary>
    public event Action<string, string>? DamageFound;

    /// <summary>The collections found damaged so far, with what LiteDB reported for each.</summary>
    public IReadOnlyDictionary<string, string> Damaged => damaged;

    /// <summary>Whether this thread has a transaction open.</summary>
    public bool InTransaction => transactionGeneration.Value is not null;

    /// <summary>Treats <paramref name="collection"/> as damaged without reading it again.</summary>
    public void MarkDamaged(string collection, string reason)
    {
        if (damaged.TryAdd(collection, reason))
        {
            DamageFound?.Invoke(collection, reason);
        }
    }

    public int Checkpoint() => Run(null, engine => engine.Checkpoint());

    public long Rebuild(RebuildOptions options) => Run(null, engine => engine.Rebuild(options));

    public bool BeginTrans()
    {
        var number = 0;
        var started = Run(null, engine =>
        {
            // The engine Run hands out, which is a reopened one when another call's damage closed the first under it. One
            // reopened again in between is no generation's: the transaction's next call finds it gone.
            var generation = current;
            number = generation.Engine == engine ? generation.Number : -1;
            return engine.BeginTrans();
        });
        if (started)
        {
            transactionGeneration.Value = number;
        }

        return started;
    }

    public bool Commit()
    {
        try
        {
            // Still this thread's transaction while it commits: should the engine close under the commit, the commit is
            // not run again on the reopened engine, which has no such transaction and would report nothing wrong.
            return Run(null, engine => engine.Commit());
        }
        finally
        {
            transactionGeneration.Value = null;
        }
    }

    public bool Rollback()
    {
        var begun = transactionGeneration.Value;
        transactionGeneration.Value = null;
        return begun is { } number && number != current.Number || Run(null, engine => engine.Rollback());
    }

    public IBsonDataReader Query(string collection, Query query) =>
        Run(collection, engine => new ContainedReader(this, collection, e => e.Query(collection, query), engine));

    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Run(collection, engine => engine.Insert(collection, docs, autoId));

    public int Update(string collection, IEnumerable<BsonDocument> docs) => Run(collection, engine => engine.Update(collection, docs));

    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) =>
        Run(collection, engine => engine.UpdateMany(collection, transform, predicate));

    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Run(collection, engine => engine.Upsert(collection, docs, autoId));

    public int Delete(string collection, IEnumerable<BsonValue> ids) => Run(collection, engine => engine.Delete(collection, ids));

    public int DeleteMany(string collection, BsonExpression predicate) => Run(collection, engine => engine.DeleteMany(collection, predicate));

    public bool DropCollection(string name) => Run(name, engine => engine.DropCollection(name));

    public bool RenameCollection(string name, string newName) => Run(name, engine => engine.RenameCollection(name, newName));

    /// <summary>Stores ensure their indexes when they are created; on a damaged collection that is skipped, as the collection is refused anyway.</summary>
    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique)
    {
        try
        {
            return Run(collection, engine => engine.EnsureIndex(collection, name, expression, unique));
        }
        catch (StoredDataDamagedException)
        {
            return false;
        }
    }

    public bool DropIndex(string collection, string name) => Run(collection, engine => engine.DropIndex(collection, name));

    public BsonValue Pragma(string name) => Run(null, engine => engine.Pragma(name));

    public bool Pragma(string name, BsonValue value) => Run(null, engine => engine.Pragma(name, value));

    public void Dispose()
    {
        lock (reopening)
        {
            disposed = true;
        }

        current.Engine.Dispose();
        transactionGeneration.Dispose();
    }

    private T Run<T>(string? collection, Func<ILiteEngine, T> operation)
    {
        ThrowIfDamaged(collection);
        var generation = current;
        if (transactionGeneration.Value is { } begun && begun != generation.Number)
        {
            // The engine this transaction wrote through was closed: nothing of it is stored, and a call on the reopened
            // engine would be a transaction of its own, committed at once.
            throw new EngineReopenedException();
        }

        try
        {
            return operation(generation.Engine);
        }
        catch (Exception ex) when (Closed(ex, generation))
        {
            var reopened = Reopen(generation, ex);
            if (ex is IOException and not EngineReopenedException)
            {
                // LiteDB writes committed pages from a background queue: a full disk there closes the engine after the
                // commit has returned, and the next call gets the error. Writes it acknowledged may be lost, so the
                // caller must hear of it; running the call again would store the next ones the same way, unnoticed.
                throw;
            }

            if (transactionGeneration.Value is null)
            {
                return Retry(collection, operation);
            }

            // A transaction lives in the engine it began in, so this call cannot run again on its own.
            if (reopened == Reopened.DamageNotLocated)
            {
                Blame(ex, collection);
                throw;
            }

            ThrowIfDamaged(collection);
            throw new EngineReopenedException(ex);
        }
    }

    /// <summary>
    /// Runs a call again on the reopened engine: another call's damage may have closed the engine under it. Met again
    /// where reading every collection found nothing (or a third time), the damage is this call's own.
    /// </summary>
    private T Retry<T>(string? collection, Func<ILiteEngine, T> operation)
    {
        for (var attempt = 1; ; attempt++)
        {
            ThrowIfDamaged(collection);
            var generation = current;
            try
            {
                return operation(generation.Engine);
            }
            catch (Exception ex) when (Closed(ex, generation))
            {
                if (Reopen(generation, ex) == Reopened.DamageNotLocated || attempt == MaxRetries)
                {
                    Blame(ex, collection);
                    throw;
                }
            }
        }
    }

    private const int MaxRetries = 3;

    private void ThrowIfDamaged(string? collection)
    {
        if (collection is not null && damaged.ContainsKey(collection) && !readItemByItem.Contains(collection))
        {
            throw new StoredDataDamagedException(collection);
        }
    }

    /// <summary>
    /// Opens the engine again unless another call already did (or this one is disposed). After damage, every collection
    /// is read on the new engine before it is handed out, and those that cannot be read are marked damaged.
    /// </summary>
    private Reopened Reopen(Generation closed, Exception cause)
    {
        lock (reopening)
        {
            if (closed != current || disposed)
            {
                return Reopened.ByAnotherCall;
            }

            ClosedEngines.Add(closed.Engine);
            var engine = open();
            var located = false;
            if (cause is not IOException)
            {
                (engine, located) = LocateDamage(engine);
            }

            current = new Generation(engine, closed.Number + 1);
            return located ? Reopened.DamageLocated : Reopened.DamageNotLocated;
        }
    }

    private (LiteEngine Engine, bool Located) LocateDamage(LiteEngine engine)
    {
        var located = false;
        foreach (var name in CollectionNames(engine))
        {
            if (damaged.ContainsKey(name) || readItemByItem.Contains(name))
            {
                continue;
            }

            try
            {
                // A reader left on a closed engine is not disposed: letting go of its pages fails there.
                var reader = engine.Query(name, new Query());
                while (reader.Read())
                {
                }

                reader.Dispose();
            }
            catch (Exception ex) when (Closed(ex))
            {
                ClosedEngines.Add(engine);
                engine = open();
                if (ex is IOException)
                {
                    break;
                }

                MarkDamaged(name, ex.Message);
                located = true;
            }
        }

        return (engine, located);
    }

    private static List<string> CollectionNames(LiteEngine engine)
    {
        var names = new List<string>();
        using var reader = engine.Query("$cols", new Query());
        while (reader.Read())
        {
            if (reader.Current["type"] == "user")
            {
                names.Add(reader.Current["name"].AsString);
            }
        }

        return names;
    }

    private enum Reopened
    {
        ByAnotherCall,
        DamageLocated,
        DamageNotLocated,
    }

    /// <summary>Damage marks the collection of the call that met it and throws; an I/O error returns to be rethrown as it is.</summary>
    private void Blame(Exception error, string? collection)
    {
        if (error is IOException)
        {
            return;
        }

        if (collection is not null)
        {
            MarkDamaged(collection, error.Message);
        }

        throw new StoredDataDamagedException(collection ?? "database", error);
    }

    /// <summary>
    /// Whether the error closed the engine, or came from it being closed under the call: its files disposed, its
    /// transactions ended.
    /// </summary>
    private static bool Closed(Exception error) =>
        error is IOException and not StoredDataDamagedException
        || error is ObjectDisposedException
        || error is LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE or LiteException.INVALID_TRANSACTION_STATE or LiteException.ENGINE_DISPOSED }
        || error is LiteException { ErrorCode: 0, Message: AbortedTransaction };

    // LiteDB 5 throws this, with no error code, from a reader whose transaction the engine's closing aborted.
    private const string AbortedTransaction = "This transaction are invalid state";

    /// <summary>
    /// Whether the error closed the engine or came from its closing: LiteDB fails the calls in flight on other threads
    /// in more ways than it names (a cursor whose transaction is gone, a dictionary of its own that the closing
    /// changed under a query, which .NET reports as an <see cref="InvalidOperationException"/>), so any of those
    /// errors on an engine that is closed by now counts.
    /// </summary>
    private static bool Closed(Exception error, Generation generation) =>
        Closed(error) || (error is LiteException or InvalidOperationException && IsClosed(generation.Engine));

    /// <summary>LiteDB's own flag, set the moment its engine closes (on damage, an I/O error or disposal); it has no public one.</summary>
    internal static bool IsClosed(LiteEngine engine) => StateField.GetValue(engine) is { } state && DisposedField.GetValue(state) is true;

    private static readonly System.Reflection.FieldInfo StateField =
        typeof(LiteEngine).GetField("_state", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
        ?? throw new InvalidOperationException("This LiteDB has no engine state field; DamageContainingEngine was written for LiteDB 5.0.21.");

    private static readonly System.Reflection.FieldInfo DisposedField =
        StateField.FieldType.GetField("Disposed")
        ?? throw new InvalidOperationException("This LiteDB's engine state has no Disposed flag; DamageContainingEngine was written for LiteDB 5.0.21.");

    private sealed record Generation(LiteEngine Engine, int Number);

    /// <summary>Another call's damage closed the engine under this transaction: nothing of it was stored, and it may run again.</summary>
    internal sealed class EngineReopenedException(Exception? inner = null)
        : IOException("The database was reopened during this change, so it was not saved.", inner);

    /// <summary>
    /// Rows of a query, read lazily. When the engine closes under it, the query starts again on the reopened engine
    /// past the rows already read; closed again, the damage is this query's own.
    /// </summary>
    private sealed class ContainedReader : IBsonDataReader
    {
        private readonly DamageContainingEngine owner;
        private readonly string collection;
        private readonly Func<ILiteEngine, IBsonDataReader> start;
        private Generation generation;
        private IBsonDataReader inner;
        private int read;
        private int toSkip;
        private int restarts;

        public ContainedReader(DamageContainingEngine owner, string collection, Func<ILiteEngine, IBsonDataReader> start, ILiteEngine engine)
        {
            this.owner = owner;
            this.collection = collection;
            this.start = start;
            generation = owner.current;
            inner = start(engine);
        }

        public BsonValue this[string field] => inner[field];

        public string Collection => inner.Collection;

        public BsonValue Current => inner.Current;

        public bool HasValues => inner.HasValues;

        public bool Read()
        {
            try
            {
                for (; toSkip > 0; toSkip--)
                {
                    inner.Read();
                }

                if (!inner.Read())
                {
                    return false;
                }

                read++;
                return true;
            }
            catch (Exception ex) when (Closed(ex, generation))
            {
                if (owner.Reopen(generation, ex) == Reopened.DamageNotLocated && restarts > 0 || restarts == MaxRetries)
                {
                    owner.Blame(ex, collection);
                    throw;
                }

                restarts++;
                Dispose();
                owner.ThrowIfDamaged(collection);
                generation = owner.current;
                inner = start(generation.Engine);
                toSkip = read;
                return Read();
            }
        }

        /// <summary>Lets go of the rows' pages; on an engine closed meanwhile there is nothing left to let go of.</summary>
        public void Dispose()
        {
            try
            {
                inner.Dispose();
            }
            catch (Exception ex) when (Closed(ex, generation))
            {
                owner.Reopen(generation, ex);
            }
        }
    }
}
