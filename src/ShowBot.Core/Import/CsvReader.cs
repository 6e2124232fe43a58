using System.Text;

using ShowBot.Recommender.Data;

namespace ShowBot.Core.Import;

/// <summary>One record of a delimited file: its line (1-based, header included) and fields, or why the line could not be split.</summary>
/// <param name="LineNumber">The line the record is on.</param>
/// <param name="Fields">The fields; empty when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why the line is malformed (a quote left open, a line too long), or null.</param>
public sealed record CsvRecord(long LineNumber, IReadOnlyList<string> Fields, string? Problem = null);

/// <summary>
/// Splits delimited lines into records: a quoted field may hold the delimiter and doubled quotes. A record is one
/// line: a quote still open at the end of its line makes that line malformed and the next line is read afresh, so
/// one stray quote costs one row, never the rest of the file. (None of the imported formats needs line breaks
/// inside a field: IMDb's files have no quoting, and a title or alias never spans lines.)
/// </summary>
public static class CsvReader
{
    /// <summary>The problem of a line whose quoted field is not closed on it.</summary>
    public const string UnclosedQuote = "a quoted field is not closed on its line";

    /// <summary>Reads the records of trusted text (such as an embedded resource), skipping blank lines.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(Lines(reader), delimiter);
    }

    /// <summary>Reads the records of a data file with bounded line length, skipping blank lines.</summary>
    /// <exception cref="InvalidDataException">The file is not UTF-8.</exception>
    public static IEnumerable<CsvRecord> Read(LineReader reader, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader.ReadLines(), delimiter);
    }

    /// <summary>The record on <paramref name="line"/>, which is not blank.</summary>
    public static CsvRecord Split(TextLine line, char delimiter)
    {
        if (line.Text is not { } text)
        {
            return new CsvRecord(line.Number, [], LineReader.TooLongProblem);
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
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

        if (inQuotes)
        {
            return new CsvRecord(line.Number, [], UnclosedQuote);
        }

        fields.Add(field.ToString());
        return new CsvRecord(line.Number, fields);
    }

    private static IEnumerable<CsvRecord> Read(IEnumerable<TextLine> lines, char delimiter) =>
        lines.Where(l => l.Text is not "").Select(l => Split(l, delimiter));

    private static IEnumerable<TextLine> Lines(TextReader reader)
    {
        long number = 0;
        while (reader.ReadLine() is { } text)
        {
            yield return new TextLine(++number, text);
        }
    }
}
