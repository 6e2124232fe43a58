using System.Collections.Concurrent;

using LiteDB;
using LiteDB.Engine;

using ShowBot.Core.Damage;

namespace ShowBot.Storage;

/// <summary>
/// LiteDB closes its whole engine when it meets a damaged page, so one bad artifact or ratings page made every later
/// call fail. This engine contains the damage: the call that met it fails with <see cref="StoredDataDamagedException"/>
/// naming its collection, the engine is opened again, and that collection is refused from then on without being read,
/// while every other collection goes on working. After an I/O error (a full disk) LiteDB closes the engine the same
/// way; it is opened again and the error passes on unchanged.
/// </summary>
internal sealed class DamageContainingEngine : ILiteEngine
{
    private readonly Func<LiteEngine> open;
    private readonly ConcurrentDictionary<string, string> damaged = new(StringComparer.OrdinalIgnoreCase);
    private readonly ThreadLocal<int?> transactionGeneration = new();
    private readonly Lock reopening = new();
    private volatile Generation current;
    private volatile bool disposed;

    // LiteDB leaves the transaction that met the damage open in the closed engine; if that engine were collected, the
    // transaction's finalizer would fail on the closed engine's released pages and take the process down with it.
    private readonly List<LiteEngine> closedEngines = [];

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
        var generation = current;
        var started = Run(null, _ => generation.Engine.BeginTrans());
        if (started)
        {
            transactionGeneration.Value = generation.Number;
        }

        return started;
    }

    public bool Commit()
    {
        var begun = transactionGeneration.Value;
        transactionGeneration.Value = null;
        if (begun is { } number && number != current.Number)
        {
            // The engine this transaction wrote through was closed before the commit: nothing of it is stored.
            throw new StoredDataDamagedException(damaged.Keys.LastOrDefault() ?? "database");
        }

        return Run(null, engine => engine.Commit());
    }

    public bool Rollback()
    {
        var begun = transactionGeneration.Value;
        transactionGeneration.Value = null;
        return begun is { } number && number != current.Number || Run(null, engine => engine.Rollback());
    }

    public IBsonDataReader Query(string collection, Query query) =>
        Run(collection, engine => new ContainedReader(this, current, collection, engine.Query(collection, query)));

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
        try
        {
            return operation(generation.Engine);
        }
        catch (Exception ex) when (Closed(ex))
        {
            if (Reopen(generation))
            {
                Blame(ex, collection);
                throw;
            }

            if (transactionGeneration.Value is not null)
            {
                throw new IOException("The database was reopened during this change, so it was not saved.", ex);
            }

            // Another call's damage or I/O error closed the engine under this one: it runs again on the reopened engine.
            ThrowIfDamaged(collection);
            return operation(current.Engine);
        }
    }

    private void ThrowIfDamaged(string? collection)
    {
        if (collection is not null && damaged.ContainsKey(collection) && !readItemByItem.Contains(collection))
        {
            throw new StoredDataDamagedException(collection);
        }
    }

    /// <summary>Opens the engine again unless another call already did (or this one is disposed); true when this call did.</summary>
    private bool Reopen(Generation closed)
    {
        lock (reopening)
        {
            if (closed != current || disposed)
            {
                return false;
            }

            closedEngines.Add(closed.Engine);
            current = new Generation(open(), closed.Number + 1);
            return true;
        }
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

    private static bool Closed(Exception error) =>
        error is IOException and not StoredDataDamagedException
        || error is LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE };

    private sealed record Generation(LiteEngine Engine, int Number);

    /// <summary>Rows of a query, read lazily: damage met while reading is contained like damage met while starting it.</summary>
    private sealed class ContainedReader(DamageContainingEngine owner, Generation generation, string collection, IBsonDataReader inner) : IBsonDataReader
    {
        public BsonValue this[string field] => inner[field];

        public string Collection => inner.Collection;

        public BsonValue Current => inner.Current;

        public bool HasValues => inner.HasValues;

        public bool Read()
        {
            try
            {
                return inner.Read();
            }
            catch (Exception ex) when (Closed(ex))
            {
                if (owner.Reopen(generation))
                {
                    owner.Blame(ex, collection);
                    throw;
                }

                throw new IOException("The database was reopened while this was read; please try again.", ex);
            }
        }

        public void Dispose() => inner.Dispose();
    }
}
