using LiteDB;

namespace ShowBot.Storage.Tests;

/// <summary>
/// A ShowBot database file in a folder of its own under the temp directory. The file is opened on first use of
/// <see cref="Database"/>; disposing closes it and deletes the folder with the file, its journal and any backup.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    private ShowBotDatabase? database;

    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "showbot-storage-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Folder, "showbot.db");
    }

    public string Folder { get; }

    public string FilePath { get; }

    public ShowBotDatabase Database => database ??= new ShowBotDatabase(FilePath);

    /// <summary>Closes the file as a stopping (or dying) process does and opens it again, as the next process does.</summary>
    public ShowBotDatabase Restart()
    {
        Close();
        return Database;
    }

    /// <summary>What is stored under <paramref name="id"/>, read with LiteDB itself after closing ShowBot's handle.</summary>
    public BsonDocument? ReadStored(string collection, string id)
    {
        Close();
        using var lite = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct });
        return lite.GetCollection(collection).FindById(id);
    }

    public void Dispose()
    {
        Close();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Closes the file (LiteDB copies its journal in), so it can be changed on disk; the next use opens it again.</summary>
    public void Close()
    {
        database?.Dispose();
        database = null;
    }
}
