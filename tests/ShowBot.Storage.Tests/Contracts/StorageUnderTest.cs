using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Storage.Postgres;

namespace ShowBot.Storage.Tests.Contracts;

/// <summary>
/// One storage provider's stores over a database of their own, for the contract tests every provider passes: the
/// same test, word for word, runs on LiteDB and on PostgreSQL.
/// </summary>
public abstract class StorageUnderTest : IDisposable
{
    public abstract IRatingStore Ratings { get; }

    public abstract IPredictionQueue Queue { get; }

    /// <summary>A second queue object on the same database, as another worker (or another node) holds.</summary>
    public abstract IPredictionQueue OtherQueue();

    /// <summary>
    /// Whether a claim is written to the database, so that a restart finds the dead process's requests in flight.
    /// LiteDB's file has one process and holds claims in memory; PostgreSQL's nodes must see each other's.
    /// </summary>
    public abstract bool ClaimsAreStored { get; }

    public abstract ISuggestionMessageStore Messages { get; }

    public abstract ICatalogStore Catalog { get; }

    public abstract IModelStore Models { get; }

    public abstract IPersonalDataEraser Eraser { get; }

    public abstract IIdentifyGate IdentifyGate { get; }

    /// <summary>The identify gate another node holds on the same database; on LiteDB, whose file one process owns, this process's own.</summary>
    public abstract IIdentifyGate OtherIdentifyGate();

    /// <summary>
    /// Stops as a process that dies does, and opens the database again as the next process does: every store is new.
    /// A PostgreSQL node's row is dropped with it, as if its heartbeat timeout had passed.
    /// </summary>
    public abstract void Restart();

    public abstract void Dispose();

    private readonly Dictionary<Type, object> stores = [];

    /// <summary>One store of each kind per opened database, as a process has.</summary>
    protected T Store<T>(Func<T> open)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(open);
        if (!stores.TryGetValue(typeof(T), out var store))
        {
            stores[typeof(T)] = store = open();
        }

        return (T)store;
    }

    /// <summary>Forgets the stores of the database closed by a restart.</summary>
    protected void ForgetStores() => stores.Clear();

    /// <summary>A store as the next process has it: <see cref="Restart"/>, then <paramref name="store"/>.</summary>
    public T AfterRestart<T>(Func<StorageUnderTest, T> store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Restart();
        return store(this);
    }
}

/// <summary>The base of every contract test class: the storage under test, closed after each test.</summary>
public abstract class StorageContract(StorageUnderTest storage) : IDisposable
{
    protected StorageUnderTest Storage { get; } = storage;

    public void Dispose()
    {
        Storage.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The LiteDB provider on a file in a folder of its own.</summary>
public sealed class LiteStorage : StorageUnderTest
{
    private readonly TempDatabase temp = new();

    public override IRatingStore Ratings => Store(() => new LiteRatingStore(temp.Database));

    public override IPredictionQueue Queue => Store(() => new LitePredictionQueue(temp.Database));

    public override IPredictionQueue OtherQueue() => new LitePredictionQueue(temp.Database);

    public override bool ClaimsAreStored => false;

    public override ISuggestionMessageStore Messages => Store(() => new LiteSuggestionMessageStore(temp.Database));

    public override ICatalogStore Catalog => Store(() => new LiteCatalogStore(temp.Database));

    public override IModelStore Models => Store(() => new LiteModelStore(temp.Database));

    public override IPersonalDataEraser Eraser => Store(() => new LitePersonalDataEraser(temp.Database));

    public override IIdentifyGate IdentifyGate => Store(() => new InProcessIdentifyGate(TimeProvider.System));

    public override IIdentifyGate OtherIdentifyGate() => IdentifyGate;

    public override void Restart()
    {
        ForgetStores();
        temp.Restart();
    }

    public override void Dispose() => temp.Dispose();
}

/// <summary>The PostgreSQL provider on a schema of its own in the test server (<see cref="TestPostgres"/>), dropped afterwards.</summary>
public sealed class PostgresStorage : StorageUnderTest
{
    private readonly string schema = "test_" + Guid.NewGuid().ToString("N");
    private readonly string connectionString;
    private readonly List<PostgresDatabase> otherNodes = [];
    private PostgresDatabase database;

    public PostgresStorage()
    {
        connectionString = TestPostgres.CreateSchema(schema);
        database = new PostgresDatabase(connectionString, "test");
    }

    public PostgresDatabase Database => database;

    /// <summary>The schema's connection string, for what a test does to the server behind the stores' backs.</summary>
    public string ConnectionString => connectionString;

    public override IRatingStore Ratings => Store(() => new PostgresRatingStore(database));

    public override IPredictionQueue Queue => Store(() => new PostgresPredictionQueue(database));

    /// <summary>A queue of another node on the same database.</summary>
    public override IPredictionQueue OtherQueue() => new PostgresPredictionQueue(OtherNode());

    public override bool ClaimsAreStored => true;

    public override ISuggestionMessageStore Messages => Store(() => new PostgresSuggestionMessageStore(database));

    public override ICatalogStore Catalog => Store(() => new PostgresCatalogStore(database));

    public override IModelStore Models => Store(() => new PostgresModelStore(database));

    public override IPersonalDataEraser Eraser => Store(() => new PostgresPersonalDataEraser(database));

    public override IIdentifyGate IdentifyGate => Store(() => new PostgresIdentifyGate(database));

    public override IIdentifyGate OtherIdentifyGate() => new PostgresIdentifyGate(OtherNode());

    /// <summary>The database as another node opens it.</summary>
    public PostgresDatabase OtherNode()
    {
        var node = new PostgresDatabase(connectionString, "other");
        otherNodes.Add(node);
        return node;
    }

    public override void Restart()
    {
        ForgetStores();
        database.Leave();
        database.Dispose();
        database = new PostgresDatabase(connectionString, "test");
    }

    public override void Dispose()
    {
        database.Dispose();
        otherNodes.ForEach(node => node.Dispose());
        TestPostgres.DropSchema(schema);
    }
}
