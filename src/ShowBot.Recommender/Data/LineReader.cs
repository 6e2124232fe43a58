using System.Globalization;
using System.Text;

namespace ShowBot.Recommender.Data;

/// <summary>A physical line of a data file: its 1-based number and its text, or no text when it was too long to keep.</summary>
/// <param name="Number">The line's number in the file, counting every line (blank ones and the header too).</param>
/// <param name="Text">The line without its line break; null when it was longer than <see cref="LineReader.MaxLineBytes"/>.</param>
public readonly record struct TextLine(long Number, string? Text)
{
    /// <summary>The line was longer than <see cref="LineReader.MaxLineBytes"/>: its bytes were skipped, never held in memory.</summary>
    public bool IsTooLong => Text is null;
}

/// <summary>
/// Reads the lines of a UTF-8 data file in bounded memory. A line longer than <see cref="MaxLineBytes"/> comes back
/// as <see cref="TextLine.IsTooLong"/> after its bytes were skipped up to the next line break, so a gigabyte without
/// a newline costs no more memory than a short line. A byte order mark is dropped, lines end at <c>\n</c> or
/// <c>\r\n</c>, and bytes that are not UTF-8 stop the reading with an <see cref="InvalidDataException"/> naming the
/// file and line, instead of becoming replacement characters in stored text.
/// </summary>
public sealed class LineReader : IDisposable
{
    /// <summary>The longest line kept, in bytes. Lines of the supported files are at most a few kilobytes.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private const int ReadSize = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly byte[] buffer = new byte[MaxLineBytes + ReadSize];
    private int start;
    private int end;
    private bool atEnd;
    private bool pastByteOrderMark;
    private bool skippingLongLine;
    private long lineNumber;

    /// <summary>Reads <paramref name="stream"/> (already decompressed) as UTF-8 text.</summary>
    /// <param name="stream">The bytes to read.</param>
    /// <param name="name">The file's name, as problems should show it.</param>
    /// <param name="leaveOpen">Whether the stream stays open when the reader is disposed.</param>
    public LineReader(Stream stream, string name, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        Name = name;
    }

    /// <summary>What a skipped line's problem reads, e.g. in an import summary.</summary>
    public static string TooLongProblem { get; } = string.Create(CultureInfo.InvariantCulture, $"the line is longer than {MaxLineBytes:N0} bytes");

    /// <summary>The file's name, as problems show it.</summary>
    public string Name { get; }

    /// <summary>The next line, or null at the end of the input.</summary>
    /// <exception cref="InvalidDataException">The line is not UTF-8; the message names the file, the line and a fix.</exception>
    public TextLine? ReadLine()
    {
        TextLine? line;
        while (!TryTakeLine(out line))
        {
            Received(stream.Read(buffer, end, buffer.Length - end));
        }

        return line;
    }

    /// <inheritdoc cref="ReadLine"/>
    public async ValueTask<TextLine?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        TextLine? line;
        while (!TryTakeLine(out line))
        {
            Received(await stream.ReadAsync(buffer.AsMemory(end), cancellationToken));
        }

        return line;
    }

    /// <summary>Every remaining line, lazily.</summary>
    /// <exception cref="InvalidDataException">A line is not UTF-8.</exception>
    public IEnumerable<TextLine> ReadLines()
    {
        while (ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!leaveOpen)
        {
            stream.Dispose();
        }
    }

    private void Received(int count)
    {
        if (count == 0)
        {
            atEnd = true;
        }

        end += count;
    }

    /// <summary>True with the next line (null at the end of the input), or false when more bytes must be read first.</summary>
    private bool TryTakeLine(out TextLine? line)
    {
        line = null;
        if (!pastByteOrderMark)
        {
            if (end - start < 3 && !atEnd)
            {
                return false;
            }

            if (buffer.AsSpan(start, end - start).StartsWith(Encoding.UTF8.Preamble))
            {
                start += Encoding.UTF8.Preamble.Length;
            }

            pastByteOrderMark = true;
        }

        var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
        if (skippingLongLine)
        {
            if (newline < 0 && !atEnd)
            {
                (start, end) = (0, 0);
                return false;
            }

            start = newline < 0 ? end : start + newline + 1;
            skippingLongLine = false;
            line = new TextLine(lineNumber, null);
            return true;
        }

        if (newline >= 0)
        {
            line = Decode(buffer.AsSpan(start, newline));
            start += newline + 1;
            return true;
        }

        if (end - start > MaxLineBytes + 1)
        {
            lineNumber++;
            skippingLongLine = true;
            (start, end) = (0, 0);
            return TryTakeLine(out line);
        }

        if (atEnd)
        {
            if (start < end)
            {
                line = Decode(buffer.AsSpan(start, end - start));
                start = end;
            }

            return true;
        }

        buffer.AsSpan(start, end - start).CopyTo(buffer);
        (start, end) = (0, end - start);
        return false;
    }

    private TextLine Decode(ReadOnlySpan<byte> bytes)
    {
        lineNumber++;
        if (bytes.EndsWith("\r"u8))
        {
            bytes = bytes[..^1];
        }

        if (bytes.Length > MaxLineBytes)
        {
            return new TextLine(lineNumber, null);
        }

        try
        {
            return new TextLine(lineNumber, StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException(NotUtf8Message(ex.BytesUnknown is [var first, ..] ? first : bytes[0]), ex);
        }
    }

    private string NotUtf8Message(byte invalid)
    {
        var gzip = Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        var plain = gzip ? Name[..^3] : Name;
        var extension = Path.GetExtension(plain);
        var converted = $"{plain[..^extension.Length]}.utf8{extension}{(gzip ? ".gz" : "")}";
        var command = gzip
            ? $"gunzip -c {Name} | iconv -f latin1 -t utf-8 | gzip > {converted}"
            : $"iconv -f latin1 -t utf-8 {Name} > {converted}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Name} is not UTF-8 text: line {lineNumber:N0} has the byte 0x{invalid:X2}. Reading stopped there; an import keeps only the batches it stored before that line. Convert the file to UTF-8 first, e.g. from Latin-1: {command}");
    }
}
