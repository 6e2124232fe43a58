using System.Globalization;

using ShowBot.Core.Catalog;
using ShowBot.Recommender.Data;

namespace ShowBot.Core.Import;

/// <summary>Settings of <see cref="ImdbDatasetImporter"/>.</summary>
public sealed record ImdbImportOptions : ImportOptions
{
    /// <summary>When above 0, series with fewer IMDb votes than this, or no row in <c>title.ratings</c>, are skipped.</summary>
    public int MinVotes { get; init; }

    /// <inheritdoc/>
    protected internal override void Validate()
    {
        base.Validate();
        if (MinVotes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinVotes), MinVotes, "The minimum number of votes cannot be negative.");
        }
    }
}

/// <summary>
/// Imports TV series from IMDb's non-commercial datasets (https://developer.imdb.com/non-commercial-datasets/):
/// <c>title.basics.tsv[.gz]</c> joined with <c>title.ratings.tsv[.gz]</c>. Keeps <c>tvSeries</c> and
/// <c>tvMiniSeries</c> that are not adult titles. Streaming: the ratings (about 1.5 million rows) are held as a compact
/// id → (rating, votes) map, the basics file (over 10 million rows) is read line by line, and shows go to the store
/// in batches. Malformed lines are counted and listed with their line numbers; the store is only upserted into.
/// </summary>
/// <remarks>
/// IMDb's files are tab-separated with a header row, <c>\N</c> for null and no quoting: a <c>"</c> in a title is a
/// literal character. The original title, when it differs, becomes an alias of the show.
/// </remarks>
public sealed class ImdbDatasetImporter(ICatalogStore store)
{
    private const int MaxColumns = 64;

    /// <summary>Imports from files; each may be gzipped (by <c>.gz</c> extension or content).</summary>
    /// <exception cref="InvalidDataException">A file lacks IMDb's header (e.g. the two files were swapped) or is not UTF-8.</exception>
    public async Task<ImportSummary> ImportAsync(
        string basicsPath,
        string ratingsPath,
        ImdbImportOptions? options = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ImdbImportOptions();
        options.Validate();
        var meter = ByteMeter.ForFiles(basicsPath, ratingsPath);
        using var ratings = ImportInput.OpenFile(ratingsPath, meter);
        using var basics = ImportInput.OpenFile(basicsPath, meter);
        return await ImportAsync(basics, ratings, meter, options, progress, cancellationToken);
    }

    /// <summary>Imports from streams the caller owns (left open); gzip is detected from the content.</summary>
    /// <exception cref="InvalidDataException">A stream lacks IMDb's header (e.g. the two were swapped) or is not UTF-8.</exception>
    public async Task<ImportSummary> ImportAsync(
        Stream basics,
        Stream ratings,
        ImdbImportOptions? options = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basics);
        ArgumentNullException.ThrowIfNull(ratings);
        options ??= new ImdbImportOptions();
        options.Validate();
        var meter = ByteMeter.ForStreams(basics, ratings);
        using var ratingsInput = ImportInput.OpenStream(ratings, "title.ratings.tsv", meter);
        using var basicsInput = ImportInput.OpenStream(basics, "title.basics.tsv", meter);
        return await ImportAsync(basicsInput, ratingsInput, meter, options, progress, cancellationToken);
    }

    private async Task<ImportSummary> ImportAsync(
        ImportInput basics,
        ImportInput ratings,
        ByteMeter meter,
        ImdbImportOptions options,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var labels = new Dictionary<SkipReason, string>
        {
            [SkipReason.BelowMinVotes] = string.Create(CultureInfo.InvariantCulture, $"below {options.MinVotes:N0} votes"),
        };
        var tally = new ImportTally(options.MaxProblems, labels);
        var ratingsById = await ReadRatingsAsync(ratings, options.MinVotes, tally, meter, progress, cancellationToken);

        var columns = BasicsColumns.FromHeader(await ReadHeaderAsync(basics, cancellationToken), basics.Name);
        var writer = new CatalogBatchWriter(store, tally, options.BatchSize);
        while (await basics.Reader.ReadLineAsync(cancellationToken) is (var lineNumber, var line))
        {
            if (line is "")
            {
                continue;
            }

            tally.Read();
            if (line is null)
            {
                tally.Malformed(lineNumber, LineReader.TooLongProblem);
            }
            else if (columns.Parse(line, lineNumber, ratingsById, options.MinVotes, tally) is { } show)
            {
                writer.Add(show);
            }

            if (tally.RowsRead % ImportOptions.ProgressEveryRows == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(meter.Progress(basics.Name, tally.RowsRead));
            }
        }

        writer.Flush();
        progress?.Report(meter.Progress(basics.Name, tally.RowsRead));
        return tally.ToSummary();
    }

    private static async Task<Dictionary<int, ImdbRating>> ReadRatingsAsync(
        ImportInput ratings,
        int minVotes,
        ImportTally tally,
        ByteMeter meter,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var columns = RatingsColumns.FromHeader(await ReadHeaderAsync(ratings, cancellationToken), ratings.Name);
        var byId = new Dictionary<int, ImdbRating>();
        long rows = 0;
        while (await ratings.Reader.ReadLineAsync(cancellationToken) is (var lineNumber, var line))
        {
            if (line is "")
            {
                continue;
            }

            rows++;
            if (line is null)
            {
                tally.Problem(new ImportProblem(lineNumber, LineReader.TooLongProblem, ratings.Name));
            }
            else if (columns.Parse(line, out var id, out var rating) is { } problem)
            {
                tally.Problem(new ImportProblem(lineNumber, problem, ratings.Name));
            }
            else if (rating.Votes >= minVotes)
            {
                // Below the minimum the series is skipped anyway, so the map only holds what can be used.
                byId[id] = rating;
            }

            if (rows % ImportOptions.ProgressEveryRows == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(meter.Progress(ratings.Name, rows));
            }
        }

        progress?.Report(meter.Progress(ratings.Name, rows));
        return byId;
    }

    private static async Task<string> ReadHeaderAsync(ImportInput input, CancellationToken cancellationToken) =>
        await input.Reader.ReadLineAsync(cancellationToken) switch
        {
            null => throw new InvalidDataException($"{input.Name} is empty: expected IMDb's tab-separated header row."),
            { Text: { } header } => header,
            _ => throw new InvalidDataException($"{input.Name} does not look like an IMDb file: {LineReader.TooLongProblem} on line 1."),
        };

    private static int[] FindColumns(string header, string file, params string[] names)
    {
        var columns = header.Split('\t');
        if (columns.Length > MaxColumns)
        {
            throw new InvalidDataException($"{file}: the header has {columns.Length} columns; IMDb's files have fewer than {MaxColumns}.");
        }

        var indexes = names.Select(n => Array.IndexOf(columns, n)).ToArray();
        var missing = names.Where((_, i) => indexes[i] < 0).ToList();
        return missing.Count == 0
            ? indexes
            : throw new InvalidDataException(
                $"{file} does not look like the IMDb file expected: its header lacks {string.Join(", ", missing)} (found: {header.Replace('\t', ' ')}).");
    }

    /// <summary>Parses <c>tt0903747</c> to 903747. IMDb ids have 7 or 8 digits; 9 still fit an int.</summary>
    private static bool TryParseTconst(ReadOnlySpan<char> value, out int id)
    {
        id = 0;
        return value.Length is > 2 and <= 11
            && value.StartsWith("tt", StringComparison.Ordinal)
            && int.TryParse(value[2..], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    private static bool IsNull(ReadOnlySpan<char> value) => value is "\\N";

    private readonly record struct ImdbRating(float Average, int Votes);

    private sealed class RatingsColumns(int count, int id, int average, int votes)
    {
        public static RatingsColumns FromHeader(string header, string file)
        {
            var indexes = FindColumns(header, file, "tconst", "averageRating", "numVotes");
            return new RatingsColumns(header.Split('\t').Length, indexes[0], indexes[1], indexes[2]);
        }

        /// <summary>Returns the problem, or null when the line parsed.</summary>
        public string? Parse(string line, out int tconst, out ImdbRating rating)
        {
            tconst = 0;
            rating = default;
            var text = line.AsSpan();
            Span<Range> fields = stackalloc Range[count + 1];
            if (text.Split(fields, '\t') != count)
            {
                return $"expected {count} fields, found {text.Count('\t') + 1}";
            }

            if (!TryParseTconst(text[fields[id]], out tconst))
            {
                return $"'{text[fields[id]]}' is not an IMDb id";
            }

            if (!float.TryParse(text[fields[average]], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value > 10)
            {
                return $"averageRating '{text[fields[average]]}' is not a rating from 0 to 10";
            }

            if (!int.TryParse(text[fields[votes]], NumberStyles.None, CultureInfo.InvariantCulture, out var voteCount))
            {
                return $"numVotes '{text[fields[votes]]}' is not a count";
            }

            rating = new ImdbRating(value, voteCount);
            return null;
        }
    }

    private sealed class BasicsColumns(int count, int[] at)
    {
        private static readonly string[] Names = ["tconst", "titleType", "primaryTitle", "originalTitle", "isAdult", "startYear", "endYear", "genres"];

        private int Id => at[0];

        private int TitleType => at[1];

        private int PrimaryTitle => at[2];

        private int OriginalTitle => at[3];

        private int IsAdult => at[4];

        private int StartYear => at[5];

        private int EndYear => at[6];

        private int Genres => at[7];

        public static BasicsColumns FromHeader(string header, string file) =>
            new(header.Split('\t').Length, FindColumns(header, file, Names));

        /// <summary>The show the line describes, or null when it is skipped (counted in <paramref name="tally"/>).</summary>
        public Show? Parse(string line, long lineNumber, Dictionary<int, ImdbRating> ratings, int minVotes, ImportTally tally)
        {
            var text = line.AsSpan();
            Span<Range> fields = stackalloc Range[count + 1];
            if (text.Split(fields, '\t') != count)
            {
                tally.Malformed(lineNumber, $"expected {count} fields, found {text.Count('\t') + 1}");
                return null;
            }

            if (!TryParseTconst(text[fields[Id]], out var key))
            {
                tally.Malformed(lineNumber, $"'{text[fields[Id]]}' is not an IMDb id");
                return null;
            }

            if (text[fields[IsAdult]] is not ("0" or "1" or "\\N"))
            {
                tally.Malformed(lineNumber, $"isAdult '{text[fields[IsAdult]]}' is not 0 or 1");
                return null;
            }

            if (!TryYear(text[fields[StartYear]], out var start) || !TryYear(text[fields[EndYear]], out var end))
            {
                tally.Malformed(lineNumber, $"startYear '{text[fields[StartYear]]}' or endYear '{text[fields[EndYear]]}' is not a year");
                return null;
            }

            if (text[fields[TitleType]] is not ("tvSeries" or "tvMiniSeries"))
            {
                tally.Skip(SkipReason.NotTvSeries);
                return null;
            }

            if (text[fields[IsAdult]] is "1")
            {
                tally.Skip(SkipReason.Adult);
                return null;
            }

            var rated = ratings.TryGetValue(key, out var rating);
            if (minVotes > 0 && (!rated || rating.Votes < minVotes))
            {
                tally.Skip(SkipReason.BelowMinVotes);
                return null;
            }

            var title = text[fields[PrimaryTitle]].Trim();
            if (title.IsEmpty || IsNull(title))
            {
                tally.Malformed(lineNumber, "the title is empty");
                return null;
            }

            _ = Show.TryNormalizeId(text[fields[Id]].ToString(), out var id);
            var primary = title.ToString();
            var original = text[fields[OriginalTitle]].Trim();
            var genres = text[fields[Genres]];
            var show = new Show(
                id,
                primary,
                start,
                end,
                IsNull(genres) || genres.IsEmpty ? [] : genres.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                rated ? Math.Round((double)rating.Average, 4) : null,
                rated ? rating.Votes : null)
            {
                Aliases = original.IsEmpty || IsNull(original) || original.Equals(primary, StringComparison.OrdinalIgnoreCase) ? [] : [original.ToString()],
            };
            var clean = CatalogText.Clean(show);
            if (clean is null)
            {
                tally.Malformed(lineNumber, CatalogText.NothingLeftOfTitle);
            }

            return clean;
        }

        private static bool TryYear(ReadOnlySpan<char> value, out int? year)
        {
            year = null;
            if (IsNull(value))
            {
                return true;
            }

            if (value.Length == 4 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                year = parsed;
                return true;
            }

            return false;
        }
    }
}
