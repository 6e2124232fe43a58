using ShowBot.Storage;

namespace ShowBot.Hosting;

/// <summary>Opens the database, turning the ways that fails into one message a person can act on.</summary>
internal static class StorageOpener
{
    /// <summary>Opens and owns the file for this process, described as <paramref name="process"/> to any other that tries.</summary>
    /// <exception cref="DatabaseInUseException">Another process owns the file.</exception>
    public static ShowBotDatabase Open(string path, string process)
    {
        try
        {
            return new ShowBotDatabase(path, process);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            throw new StartupException(
                $"Cannot open the database '{Path.GetFullPath(path)}' (ShowBot:Storage:DatabasePath): {ex.Message.TrimEnd('.')}. " +
                "Check the folder exists and is writable and the disk is not full.",
                ex);
        }
    }
}

/// <summary>A failure at start that the operator must fix; its message is printed as is, without a stack trace.</summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
