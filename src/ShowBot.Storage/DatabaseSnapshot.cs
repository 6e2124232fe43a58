namespace ShowBot.Storage;

/// <summary>
/// A database file as of one moment, to read it without changing it: its lock is taken (so no bot writes it
/// meanwhile, and none starts on it until this is disposed), the file and its journal are copied to a folder of
/// their own, and the copy is opened there. Opening a file can change it (an older layout is brought up to date,
/// the journal folded in); only the copy changes.
/// </summary>
public sealed class DatabaseSnapshot : IDisposable
{
    private readonly DatabaseLock ownership;
    private readonly DirectoryInfo folder;

    private DatabaseSnapshot(DatabaseLock ownership, DirectoryInfo folder, ShowBotDatabase database)
    {
        this.ownership = ownership;
        this.folder = folder;
        Database = database;
    }

    /// <summary>The opened copy.</summary>
    public ShowBotDatabase Database { get; }

    /// <summary>Takes a snapshot of the file at <paramref name="path"/>, as <paramref name="process"/> (e.g. "showbot migrate").</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="DatabaseInUseException">Another process owns the file.</exception>
    /// <exception cref="DatabaseDamagedException">The file is truncated or not a LiteDB file.</exception>
    public static DatabaseSnapshot Take(string path, string process)
    {
        var source = Path.GetFullPath(path);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"There is no database file at {source}.", source);
        }

        var ownership = DatabaseLock.Acquire(source, process);
        var folder = Directory.CreateTempSubdirectory("showbot-snapshot-");
        try
        {
            var copy = Path.Combine(folder.FullName, Path.GetFileName(source));
            File.Copy(source, copy);
            if (File.Exists(DatabaseFile.LogPath(source)))
            {
                File.Copy(DatabaseFile.LogPath(source), DatabaseFile.LogPath(copy));
            }

            try
            {
                return new DatabaseSnapshot(ownership, folder, new ShowBotDatabase(copy, process));
            }
            catch (DatabaseDamagedException ex)
            {
                throw new DatabaseDamagedException(source, ex.Finding);
            }
        }
        catch
        {
            folder.Delete(recursive: true);
            ownership.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Database.Dispose();
        folder.Delete(recursive: true);
        ownership.Dispose();
    }
}
