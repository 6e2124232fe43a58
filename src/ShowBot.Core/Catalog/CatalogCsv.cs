using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;

using ShowBot.Core.Import;
using ShowBot.Core.Text;
using ShowBot.Recommender.Data;

namespace ShowBot.Core.Catalog;

/// <summary>
/// Reads catalog CSVs: the built-in catalog and files with the columns of IMDb-derived <c>shows.csv</c>
/// (<c>primary_title,start_year,end_year,genres,average_rating,num_votes,show_id</c>, optional <c>aliases</c>).
/// Columns are found by header name, so their order does not matter. <c>\N</c> is IMDb's null.
/// </summary>
public static class CatalogCsv
{
    /// <summary>The header of a catalog file with every column ShowBot reads.</summary>
    public const string Header = "primary_title,start_year,end_year,genres,average_rating,num_votes,show_id";

    private static readonly string[] TitleColumns = ["primary_title", "title", "primarytitle"];
    private static readonly string[] IdColumns = ["show_id", "imdb_id", "tconst", "id"];

    /// <summary>Parses every data row of trusted text; malformed rows come back as errors with their line number.</summary>
    /// <exception cref="InvalidDataException">The header names no title or no id column.</exception>
    public static IEnumerable<ParsedRow<Show>> Read(TextReader reader) => Read(CsvReader.Read(reader));

    /// <summary>Parses every data row of a file; malformed rows (a line too long, a quote left open…) come back as errors with their line number.</summary>
    /// <exception cref="InvalidDataException">The file is not UTF-8, or its header names no title or no id column.</exception>
    public static IEnumerable<ParsedRow<Show>> Read(LineReader reader) => Read(CsvReader.Read(reader));

    private static IEnumerable<ParsedRow<Show>> Read(IEnumerable<CsvRecord> csv)
    {
        using var records = csv.GetEnumerator();
        if (!records.MoveNext())
        {
            yield break;
        }

        var header = records.Current.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var columns = new Columns(header);
        if (columns.Title < 0 || columns.Id < 0)
        {
            var found = records.Current.Problem ?? "its header is " + UntrustedText.Line(string.Join(",", records.Current.Fields));
            throw new InvalidDataException(
                $"line {records.Current.LineNumber}: {found}; a catalog's first line names its columns, at least a title (primary_title) and an IMDb id (show_id): {Header}");
        }

        while (records.MoveNext())
        {
            yield return columns.Parse(records.Current);
        }
    }

    /// <summary>A short content hash of the built-in catalog, so a changed catalog is merged again.</summary>
    public static string BuiltInVersion { get; } = Convert.ToHexString(SHA256.HashData(OpenBuiltIn()))[..12];

    /// <summary>The catalog shipped inside ShowBot.Core.</summary>
    public static IReadOnlyList<Show> BuiltIn()
    {
        using var reader = new StreamReader(OpenBuiltIn());
        var rows = Read(reader).ToList();
        var broken = rows.FirstOrDefault(r => r.Value is null);
        return broken is null
            ? rows.Select(r => r.Value!).ToList()
            : throw new InvalidDataException($"The built-in catalog has a bad row at line {broken.LineNumber}: {broken.Problem}");
    }

    private static Stream OpenBuiltIn() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("ShowBot.Core.BuiltInCatalog.csv")
            ?? throw new InvalidOperationException("The built-in catalog resource is missing from ShowBot.Core.");

    private sealed class Columns(List<string> header)
    {
        public int Title { get; } = header.FindIndex(TitleColumns.Contains);
        public int Id { get; } = header.FindIndex(IdColumns.Contains);
        private readonly int startYear = header.IndexOf("start_year");
        private readonly int endYear = header.IndexOf("end_year");
        private readonly int genres = header.IndexOf("genres");
        private readonly int rating = header.FindIndex(h => h is "average_rating" or "rating");
        private readonly int votes = header.FindIndex(h => h is "num_votes" or "votes");
        private readonly int aliases = header.IndexOf("aliases");

        public ParsedRow<Show> Parse(CsvRecord record)
        {
            var fields = record.Fields;
            if (record.Problem is { } problem)
            {
                return ParsedRow.Error<Show>(record.LineNumber, problem);
            }

            if (fields.Count != header.Count)
            {
                return ParsedRow.Error<Show>(record.LineNumber, $"expected {header.Count} fields, found {fields.Count}");
            }

            if (!Show.TryNormalizeId(fields[Id], out var id))
            {
                return ParsedRow.Error<Show>(record.LineNumber, $"'{fields[Id]}' is not an IMDb id");
            }

            var title = fields[Title].Trim();
            if (title.Length == 0)
            {
                return ParsedRow.Error<Show>(record.LineNumber, "the title is empty");
            }

            if (!TryYear(Field(fields, startYear), out var start) || !TryYear(Field(fields, endYear), out var end))
            {
                return ParsedRow.Error<Show>(record.LineNumber, "a year is not a number between 1900 and 2100");
            }

            if (!TryNumber(Field(fields, rating), out var imdbRating) || !TryNumber(Field(fields, votes), out var imdbVotes))
            {
                return ParsedRow.Error<Show>(record.LineNumber, "the rating or vote count is not a number");
            }

            var show = new Show(id, title, start, end, SplitList(Field(fields, genres), ','), imdbRating, (long?)imdbVotes)
            {
                Aliases = SplitList(Field(fields, aliases), '|'),
            };
            return CatalogText.Clean(show) is { } clean
                ? ParsedRow.Ok(record.LineNumber, clean)
                : ParsedRow.Error<Show>(record.LineNumber, CatalogText.NothingLeftOfTitle);
        }

        private static string? Field(IReadOnlyList<string> fields, int index) =>
            index < 0 || fields[index] is "\\N" || string.IsNullOrWhiteSpace(fields[index]) ? null : fields[index].Trim();
    }

    internal static IReadOnlyList<string> SplitList(string? value, char separator) =>
        value is null ? [] : value.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static bool TryYear(string? value, out int? year)
    {
        year = null;
        if (value is null)
        {
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1900 and <= 2100)
        {
            year = parsed;
            return true;
        }

        return false;
    }

    private static bool TryNumber(string? value, out double? number)
    {
        number = null;
        if (value is null)
        {
            return true;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) && parsed >= 0)
        {
            number = parsed;
            return true;
        }

        return false;
    }
}
