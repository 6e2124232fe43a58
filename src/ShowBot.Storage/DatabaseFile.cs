using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ShowBot.Storage;

/// <summary>
/// Checks a LiteDB 5 data file before LiteDB opens it. LiteDB reads a file shorter than one page as a new, empty
/// database and overwrites it, and reads pages past the end of a shortened file as empty: a truncated file started
/// empty without a word. Here a file that shrank is refused instead. The checks follow LiteDB 5's format (file
/// version 8): 8 KB pages; page 0 is the header page, holding "** This is a LiteDB file **" at byte 32, the file
/// version at 59 and the id of the last page in use at 64.
/// </summary>
public static class DatabaseFile
{
    public const int PageSize = 8192;
    private const int HeaderInfoOffset = 32;
    private const int FileVersionOffset = 59;
    private const int LastPageIdOffset = 64;
    private const byte FileVersion = 8;
    private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>Throws <see cref="DatabaseDamagedException"/> when the file at <paramref name="path"/> is truncated or not a LiteDB file; a missing or empty file is new.</summary>
    public static void EnsureWhole(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return;
        }

        if (file.Length < PageSize)
        {
            throw Damaged(path, $"it is {Bytes(file.Length)}, shorter than one {Bytes(PageSize)} page, so it was truncated");
        }

        var header = new byte[PageSize];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.ReadExactly(header);
        }

        if (!header.AsSpan(HeaderInfoOffset, HeaderInfo.Length).SequenceEqual(HeaderInfo) || header[FileVersionOffset] != FileVersion)
        {
            throw Damaged(path, "its header page is not a LiteDB 5 header (the file is damaged or is not a ShowBot database)");
        }

        if (file.Length % PageSize != 0)
        {
            if (!HasPendingLog(path))
            {
                throw Damaged(path, $"it is {Bytes(file.Length)}, not a whole number of {Bytes(PageSize)} pages, so it was truncated or damaged");
            }

            // LiteDB writes the data file only when it copies committed pages in from its log, and empties the log only
            // after that copy is whole: a torn last page here is a copy a full disk cut short, and the log holds it.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(file.Length - file.Length % PageSize);
        }

        // Committed pages wait in the -log.db file until LiteDB copies them in, header included; only a file without
        // pending pages must hold every page its header counts.
        var lastPage = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(LastPageIdOffset));
        var expected = ((long)lastPage + 1) * PageSize;
        if (file.Length < expected && !HasPendingLog(path))
        {
            throw Damaged(path, $"it is {Bytes(file.Length)} but its header counts {lastPage + 1:N0} pages ({Bytes(expected)}), so it was truncated");
        }
    }

    /// <summary>LiteDB's write-ahead log beside <paramref name="path"/>: <c>showbot.db</c> → <c>showbot-log.db</c>.</summary>
    public static string LogPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    /// <summary>
    /// Cuts a page torn by a write that failed (a full disk) off the end of the log. LiteDB does the same when it opens
    /// the file, but takes the log to itself for it, which fails while the engine closed by that write still holds it.
    /// </summary>
    public static void DropTornLogPage(string path)
    {
        var log = new FileInfo(LogPath(path));
        if (log.Exists && log.Length % PageSize != 0)
        {
            using var stream = new FileStream(log.FullName, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(log.Length - log.Length % PageSize);
        }
    }

    private static bool HasPendingLog(string path) => new FileInfo(LogPath(path)) is { Exists: true, Length: > 0 };

    private static DatabaseDamagedException Damaged(string path, string finding) => new(path, finding);

    private static string Bytes(long count) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} bytes");
}

/// <summary>The database file cannot be opened as it is (truncated, or its header page damaged); nothing in it can be trusted.</summary>
public sealed class DatabaseDamagedException(string path, string finding)
    : Exception($"The database '{path}' is damaged: {finding}. ShowBot will not start on it as if it were new. " +
                "Restore a backup (`showbot backup` makes one) or move the file aside to start empty.")
{
    public string FilePath { get; } = path;

    /// <summary>What is wrong with the file.</summary>
    public string Finding { get; } = finding;
}
