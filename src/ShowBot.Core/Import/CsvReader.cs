using System.Runtime.CompilerServices;
using System.Text;

namespace ShowBot.Core.Import;

/// <summary>One record of a delimited file, with the line it started on (1-based, header included).</summary>
public sealed record CsvRecord(long LineNumber, IReadOnlyList<string> Fields);

/// <summary>
/// Streams RFC-4180 records from a text reader: quoted fields may hold the delimiter, doubled quotes and line
/// breaks. Nothing is buffered beyond the record being read, so a file of any size can be read.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads records synchronously. Blank lines between records are skipped.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader, char delimiter = ',')
    {
        var assembler = new CsvRecordAssembler(delimiter);
        while (reader.ReadLine() is { } line)
        {
            if (assembler.Add(line) is { } record)
            {
                yield return record;
            }
        }

        if (assembler.Finish() is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Reads records asynchronously, observing <paramref name="cancellationToken"/> between lines.</summary>
    public static async IAsyncEnumerable<CsvRecord> ReadAsync(
        TextReader reader,
        char delimiter = ',',
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var assembler = new CsvRecordAssembler(delimiter);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (assembler.Add(line) is { } record)
            {
                yield return record;
            }
        }

        if (assembler.Finish() is { } last)
        {
            yield return last;
        }
    }
}

/// <summary>
/// Turns physical lines into CSV records one line at a time, so callers that read lines themselves
/// (asynchronously, or after sniffing the delimiter) share one quoting implementation.
/// </summary>
/// <param name="delimiter">The field separator.</param>
/// <param name="linesBefore">Lines already consumed before the first one added, so line numbers stay those of the file.</param>
internal sealed class CsvRecordAssembler(char delimiter, long linesBefore = 0)
{
    private readonly List<string> fields = [];
    private readonly StringBuilder field = new();
    private long lineNumber = linesBefore;
    private long recordStart;
    private bool inQuotes;

    /// <summary>The delimiter this assembler splits on.</summary>
    public char Delimiter => delimiter;

    /// <summary>Adds the next line; returns a record when the line completes one, null when inside a quoted field or blank.</summary>
    public CsvRecord? Add(string line)
    {
        lineNumber++;
        if (inQuotes)
        {
            field.Append('\n');
        }
        else
        {
            recordStart = lineNumber;
            fields.Clear();
            field.Clear();
            if (line.Length == 0)
            {
                return null;
            }
        }

        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        return inQuotes ? null : Complete();
    }

    /// <summary>At end of input: the record left open by an unterminated quote, if any.</summary>
    public CsvRecord? Finish()
    {
        if (!inQuotes)
        {
            return null;
        }

        inQuotes = false;
        return Complete();
    }

    private CsvRecord Complete()
    {
        fields.Add(field.ToString());
        var record = new CsvRecord(recordStart, fields.ToArray());
        fields.Clear();
        field.Clear();
        return record;
    }
}
