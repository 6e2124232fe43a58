using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ShowBot.Storage;

/// <summary>
/// Makes one process the owner of a database file. The lock is the operating system's, held on an open handle of
/// <c>&lt;db&gt;.lock</c> (FileShare.None: flock on Unix, a deny-all share mode on Windows), not the file's existence,
/// so it ends with the process however that ends, kill -9 included, and a lock file left behind never blocks.
/// Another process cannot read a file locked this way, so who holds it is written beside it, in <c>&lt;db&gt;.owner</c>.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    private readonly FileStream handle;
    private readonly string ownerPath;
    private int released;

    private DatabaseLock(FileStream handle, string ownerPath)
    {
        this.handle = handle;
        this.ownerPath = ownerPath;
    }

    /// <summary>Takes the lock for this process, described as <paramref name="process"/> (e.g. "showbot chat").</summary>
    /// <exception cref="DatabaseInUseException">Another process holds the lock.</exception>
    public static DatabaseLock Acquire(string databasePath, string process)
    {
        FileStream handle;
        try
        {
            // The lock file is never deleted: a process that opened it just before the deletion would lock a file
            // no longer in the folder while the next one creates and locks a new one, and both would own the database.
            handle = new FileStream(databasePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (IsHeldByAnother(ex))
        {
            throw new DatabaseInUseException(databasePath, AwaitHolder(databasePath));
        }

        var held = new DatabaseLock(handle, databasePath + ".owner");
        try
        {
            held.WriteHolder(new DatabaseHolder(Environment.ProcessId, process, ProcessStart()));
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // Only once: a second call could come after another process took the lock and wrote its own owner file.
        if (Interlocked.Exchange(ref released, 1) == 1)
        {
            return;
        }

        try
        {
            File.Delete(ownerPath);
        }
        catch (IOException)
        {
            // Only read while the lock is held, so a leftover is harmless.
        }

        handle.Dispose();
    }

    /// <summary>
    /// Who holds the lock. The owner writes that just after taking the lock, so a process that started at the same
    /// moment waits a little for it; null when it stays unknown (an owner that never writes it).
    /// </summary>
    private static DatabaseHolder? AwaitHolder(string databasePath)
    {
        var waited = Stopwatch.StartNew();
        var holder = ReadHolder(databasePath);
        while (holder is null && waited.Elapsed < HolderPatience)
        {
            Thread.Sleep(HolderPoll);
            holder = ReadHolder(databasePath);
        }

        return holder;
    }

    /// <summary>Who holds the lock, or null when that is unknown (not written yet, or left by a process that died).</summary>
    private static DatabaseHolder? ReadHolder(string databasePath)
    {
        try
        {
            var holder = JsonSerializer.Deserialize<DatabaseHolder>(File.ReadAllText(databasePath + ".owner"));
            return holder is not null && IsRunning(holder.ProcessId) ? holder : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private void WriteHolder(DatabaseHolder holder)
    {
        // Written whole and renamed into place, so a reader never sees half of it.
        var written = ownerPath + ".new";
        File.WriteAllText(written, JsonSerializer.Serialize(holder));
        File.Move(written, ownerPath, overwrite: true);
    }

    private static bool IsHeldByAnother(IOException ex) =>
        OperatingSystem.IsWindows()
            ? (ex.HResult & 0xFFFF) is ErrorSharingViolation or ErrorLockViolation
            : ex.HResult is EWouldBlockLinux or EWouldBlockBsd;

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static DateTimeOffset ProcessStart()
    {
        using var self = Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }

    private static readonly TimeSpan HolderPatience = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HolderPoll = TimeSpan.FromMilliseconds(20);
    private const int ErrorSharingViolation = 32;
    private const int ErrorLockViolation = 33;
    private const int EWouldBlockLinux = 11;
    private const int EWouldBlockBsd = 35;
}

/// <summary>The process that owns a database file: its id, what it is (e.g. "showbot chat") and since when it runs.</summary>
public sealed record DatabaseHolder(int ProcessId, string Process, DateTimeOffset Since)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"process {ProcessId} ({Process}, since {Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
}

/// <summary>The database file is owned by another process, which <see cref="Holder"/> names when it is known.</summary>
public sealed class DatabaseInUseException(string databasePath, DatabaseHolder? holder)
    : Exception($"The database '{databasePath}' is in use by {(holder?.ToString() ?? "another ShowBot process")}.")
{
    public string DatabasePath { get; } = databasePath;

    public DatabaseHolder? Holder { get; } = holder;
}
