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
    public ShowBotDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        Database = Open(fullPath);
        FilePath = fullPath;
    }

    public string FilePath { get; }

    internal LiteDatabase Database { get; }

    /// <summary>
    /// Held while a queue reads a request and writes its new state: LiteDB has no compare-and-set, and the gate
    /// must be per file, not per queue object, or two queues on one file can hand the same request out twice.
    /// </summary>
    internal Lock QueueGate { get; } = new();

    internal ILiteCollection<BsonDocument> Collection(string name) => Database.GetCollection(name, BsonAutoId.ObjectId);

    /// <summary>Runs <paramref name="work"/> in a transaction, or inside the one this thread already has open (LiteDB's are per thread).</summary>
    internal void InTransaction(Action work)
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
    }

    // Every key is an identifier (platform ids, IMDb ids, command ids), so strings compare ordinally: LiteDB's
    // default collation ignores case, which made console:alice and console:Alice one person, and follows the
    // culture data of the machine, so an index built on one machine can miss keys on another.
    private static LiteDatabase Open(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            return new LiteDatabase(Connection(fullPath, Collation.Binary));
        }

        var database = new LiteDatabase(Connection(fullPath, collation: null));
        try
        {
            if (database.Collation.SortOptions != CompareOptions.Ordinal)
            {
                // A file written before keys were ordinal is converted once; LiteDB keeps the original as *-backup.db.
                database.Rebuild(new RebuildOptions { Collation = Collation.Binary });
            }

            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    private static ConnectionString Connection(string fullPath, Collation? collation) => new()
    {
        Filename = fullPath,
        Connection = ConnectionType.Direct,
        Collation = collation,
    };
}
