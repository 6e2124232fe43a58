namespace ShowBot.Core.Requests;

/// <summary>
/// Tells a failure of the storage (a full disk, a file that cannot be written, read or locked) from a bug. A storage
/// failure is the operator's to fix and passes; the worker outlasts it. A bug should stop the bot loudly.
/// </summary>
/// <param name="isAdapterFailure">The storage adapter's own exception types (the database library's), which Core cannot name.</param>
public sealed class StorageFailures(Func<Exception, bool> isAdapterFailure)
{
    // ENOSPC on Linux and macOS (.NET keeps the errno as HResult there); ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private const int NoSpaceOnUnix = 28;
    private const int DiskFullOnWindows = unchecked((int)0x80070070);
    private const int HandleDiskFullOnWindows = unchecked((int)0x80070027);

    /// <summary>Only the operating system's failures: for stores that have no library of their own.</summary>
    public static StorageFailures OperatingSystemOnly { get; } = new(_ => false);

    /// <summary>True when <paramref name="exception"/> is the storage failing rather than a bug.</summary>
    public bool IsStorageFailure(Exception exception) =>
        exception is IOException or UnauthorizedAccessException || isAdapterFailure(exception);

    /// <summary>True when the disk is full.</summary>
    public static bool IsDiskFull(Exception exception) =>
        exception is IOException { HResult: NoSpaceOnUnix or DiskFullOnWindows or HandleDiskFullOnWindows };

    /// <summary>What went wrong, in words for the person who asked: never the exception's own text.</summary>
    public static string Explain(Exception exception) =>
        IsDiskFull(exception) ? "the bot's disk is full" : "the bot's storage is failing";
}
