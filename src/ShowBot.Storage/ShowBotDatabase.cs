using LiteDB;

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
        Database = new LiteDatabase(new ConnectionString { Filename = fullPath, Connection = ConnectionType.Direct });
        FilePath = fullPath;
    }

    public string FilePath { get; }

    internal LiteDatabase Database { get; }

    internal ILiteCollection<BsonDocument> Collection(string name) => Database.GetCollection(name, BsonAutoId.ObjectId);

    public void Dispose() => Database.Dispose();
}
