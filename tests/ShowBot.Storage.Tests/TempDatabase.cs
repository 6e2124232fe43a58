using LiteDB;

namespace ShowBot.Storage.Tests;

/// <summary>
/// A ShowBot database file in a <see cref="TempDirectory"/> of its own. The file is opened on first use of
/// <see cref="Database"/>; disposing closes it and deletes the folder with the file, its journal and any backup.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    private readonly TempDirectory directory = new();
    private ShowBotDatabase? database;

    public string Folder => directory.Path;

    public string FilePath => directory.DatabasePath;

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
        directory.Dispose();
    }

    /// <summary>Closes the file (LiteDB copies its journal in), so it can be changed on disk; the next use opens it again.</summary>
    public void Close()
    {
        database?.Dispose();
        database = null;
    }
}
