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
    public static IEnumerable<CsvRecord> Read(TextReader reader, char delimiter = ',')
    {
        long lineNumber = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var recordStart = lineNumber;
            fields.Clear();
            field.Clear();
            var inQuotes = false;
            while (true)
            {
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

                if (!inQuotes)
                {
                    break;
                }

                if (reader.ReadLine() is not { } next)
                {
                    break;
                }

                lineNumber++;
                field.Append('\n');
                line = next;
            }

            if (fields.Count == 0 && field.Length == 0 && line.Length == 0)
            {
                continue;
            }

            fields.Add(field.ToString());
            yield return new CsvRecord(recordStart, fields.ToArray());
        }
    }
}
