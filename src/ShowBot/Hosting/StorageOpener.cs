using ShowBot.Storage;

namespace ShowBot.Hosting;

/// <summary>Opens the database, turning the ways that fails into one message a person can act on.</summary>
internal static class StorageOpener
{
    public static ShowBotDatabase Open(string path)
    {
        try
        {
            return new ShowBotDatabase(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            throw new StartupException(
                $"Cannot open the database '{Path.GetFullPath(path)}' (ShowBot:Storage:DatabasePath): {ex.Message.TrimEnd('.')}. " +
                "Check the folder exists and is writable, the disk is not full, and no other ShowBot uses the file.",
                ex);
        }
    }
}

/// <summary>A failure at start that the operator must fix; its message is printed as is, without a stack trace.</summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
