using LiteDB;

namespace ShowBot.Storage;

/// <summary>
/// LiteDB's journal (<c>*-log.db</c>) after a write failed on a full disk. Committed transactions in it are data and
/// are folded into the file by a checkpoint; pages of the transaction that failed are never reclaimed by LiteDB
/// (its checkpoint skips a journal without a committed transaction), so they would keep the disk full and stop the
/// next start. Called by the process that owns the file, after closing it.
/// </summary>
public static class FailedWriteJournal
{
    /// <summary>
    /// Folds the committed part of the journal into the database and removes what is left, which can then only be the
    /// failed transaction. Returns false, leaving the journal in place, when the disk has no room to fold it yet.
    /// </summary>
    public static bool Clear(string databasePath)
    {
        var fullPath = Path.GetFullPath(databasePath);
        var journal = Path.Combine(Path.GetDirectoryName(fullPath)!, Path.GetFileNameWithoutExtension(fullPath) + "-log" + Path.GetExtension(fullPath));
        if (!File.Exists(journal))
        {
            return true;
        }

        try
        {
            using (var database = new LiteDatabase(new ConnectionString { Filename = fullPath, Connection = ConnectionType.Direct }))
            {
                database.Checkpoint();
            }

            File.Delete(journal);
            return true;
        }
        catch (Exception ex) when (ex is IOException or LiteException)
        {
            return false;
        }
    }
}
