namespace ShowBot.Core.Requests;

/// <summary>
/// Tells a failure of the storage (a full disk, a file that cannot be written, read or locked) from a bug. A storage
/// failure is the operator's to fix and passes; the worker outlasts it. A bug should stop the bot loudly.
/// </summary>
/// <param name="isAdapterFailure">The storage adapter's own exception types (the database library's), which Core cannot name.</param>
public sealed class StorageFailures(Func<Exception, bool> isAdapterFailure)
{
    /// <summary>Only the operating system's failures: for stores that have no library of their own.</summary>
    public static StorageFailures OperatingSystemOnly { get; } = new(_ => false);

    /// <summary>True when <paramref name="exception"/> is the storage failing rather than a bug.</summary>
    public bool IsStorageFailure(Exception exception) =>
        exception is IOException or UnauthorizedAccessException || isAdapterFailure(exception);

    /// <summary>What went wrong, in words for the person who asked: never the exception's own text.</summary>
    public static string Explain(Exception exception) =>
        DiskFull.Caused(exception) ? "the bot's disk is full" : "the bot's storage is failing";
}
