using System.Globalization;
using System.IO.Compression;

namespace ShowBot.Recommender.Data;

/// <summary>
/// Streams ratings files in the common layouts without conversion: columns
/// <c>user, item, rating[, timestamp, …]</c>, separated by comma, tab, <c>::</c> or spaces, with or
/// without a header line, plain or gzip. This covers MovieLens <c>ratings.csv</c>, <c>ratings.dat</c>,
/// <c>u.data</c> and the MyAnimeList <c>anime_ratings.dat</c>. Columns after the rating are ignored.
/// </summary>
public static class RatingFileReader
{
    private static readonly byte[] GzipMagic = [0x1F, 0x8B];

    /// <summary>Reads every rating in the file at <paramref name="path"/>, lazily.</summary>
    /// <exception cref="FormatException">A line has fewer than three fields, an unreadable rating or more than <see cref="LineReader.MaxLineBytes"/>; the message names the line.</exception>
    /// <exception cref="InvalidDataException">The file is not UTF-8; the message names the line and how to convert it.</exception>
    public static IEnumerable<RatingRecord> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadOwned(File.OpenRead(path), path);
    }

    /// <summary>Reads every rating in a seekable stream (left open), lazily.</summary>
    /// <exception cref="ArgumentException">The stream cannot seek, which gzip detection needs.</exception>
    public static IEnumerable<RatingRecord> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The ratings stream must be seekable so its compression can be detected.", nameof(stream));
        }

        return ReadLines(stream, leaveOpen: true, "stream");
    }

    /// <summary>Detects the layout of the file at <paramref name="path"/> from its first bytes and first line.</summary>
    public static RatingFileLayout DetectLayout(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        var isGzip = IsGzip(stream);
        using var reader = OpenText(stream, isGzip, leaveOpen: false, path);
        var firstLine = reader.ReadLine() is { Text: { } text } ? text : string.Empty;
        return DetectLayout(firstLine, isGzip);
    }

    /// <summary>Detects separator and header from the first line of a file.</summary>
    public static RatingFileLayout DetectLayout(string firstLine, bool isGzip)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        var separator = firstLine.Contains("::", StringComparison.Ordinal) ? "::"
            : firstLine.Contains('\t', StringComparison.Ordinal) ? "\t"
            : firstLine.Contains(',', StringComparison.Ordinal) ? ","
            : " ";
        var fields = Split(firstLine, separator);
        var hasHeader = fields.Length < 3 || !TryParseRating(fields[2], out _);
        return new RatingFileLayout(separator, hasHeader, isGzip);
    }

    private static IEnumerable<RatingRecord> ReadOwned(Stream stream, string source)
    {
        using (stream)
        {
            foreach (var rating in ReadLines(stream, leaveOpen: true, source))
            {
                yield return rating;
            }
        }
    }

    private static IEnumerable<RatingRecord> ReadLines(Stream stream, bool leaveOpen, string source)
    {
        var isGzip = IsGzip(stream);
        using var reader = OpenText(stream, isGzip, leaveOpen, source);
        RatingFileLayout? layout = null;
        while (reader.ReadLine() is (var lineNumber, var line))
        {
            if (line is null)
            {
                throw new FormatException($"{source}, line {lineNumber}: {LineReader.TooLongProblem}.");
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (layout is null)
            {
                layout = DetectLayout(line, isGzip);
                if (layout.HasHeader)
                {
                    continue;
                }
            }

            var fields = Split(line, layout.Separator);
            if (fields.Length < 3)
            {
                throw new FormatException($"{source}, line {lineNumber}: expected user, item and rating separated by {layout}, found '{line}'.");
            }

            if (!TryParseRating(fields[2], out var rating))
            {
                throw new FormatException($"{source}, line {lineNumber}: rating '{fields[2]}' is not a number.");
            }

            yield return new RatingRecord(Unquote(fields[0]), Unquote(fields[1]), rating);
        }
    }

    private static bool IsGzip(Stream stream)
    {
        var start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return read == magic.Length && magic.SequenceEqual(GzipMagic);
    }

    private static LineReader OpenText(Stream stream, bool isGzip, bool leaveOpen, string source)
    {
        var content = isGzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen) : stream;
        return new LineReader(content, Path.GetFileName(source), leaveOpen: leaveOpen && !isGzip);
    }

    private static string[] Split(string line, string separator)
    {
        return separator == " "
            ? line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : line.Split(separator, StringSplitOptions.TrimEntries);
    }

    private static bool TryParseRating(string field, out float rating)
    {
        return float.TryParse(Unquote(field), NumberStyles.Float, CultureInfo.InvariantCulture, out rating);
    }

    private static string Unquote(string field)
    {
        return field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1] : field;
    }
}
