using System.Globalization;

using ShowBot.Core.Catalog;
using ShowBot.Core.Ratings;
using ShowBot.Core.Text;

namespace ShowBot.Core.Import;

/// <summary>Settings of <see cref="RatingsCsvImporter"/>.</summary>
public sealed record RatingsImportOptions : ImportOptions
{
    /// <summary>A rating at or above this is a like.</summary>
    public required double LikeThreshold { get; init; }

    /// <summary>When set, a rating at or below this is a dislike. Ratings between the thresholds are skipped as neutral.</summary>
    public double? DislikeThreshold { get; init; }

    /// <summary>The platform part of the imported users' keys: user <c>42</c> becomes <c>import:42</c>.</summary>
    public string Platform { get; init; } = "import";

    /// <summary>
    /// The catalog's ids (normalised, such as <c>tt0903747</c>): ratings of other shows are skipped, or with
    /// <see cref="KeepUnknownShows"/> imported and counted as not in the catalog.
    /// </summary>
    public IReadOnlySet<string>? KnownShowIds { get; init; }

    /// <summary>Import ratings of shows missing from <see cref="KnownShowIds"/> too (they train models but are never suggested).</summary>
    public bool KeepUnknownShows { get; init; }

    /// <summary>The field separator; null detects it from the first line (a tab if it has one, else a comma).</summary>
    public char? Delimiter { get; init; }

    /// <inheritdoc/>
    protected internal override void Validate()
    {
        base.Validate();
        if (!double.IsFinite(LikeThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(LikeThreshold), LikeThreshold, "The like threshold must be a number.");
        }

        if (DislikeThreshold is { } dislike && (!double.IsFinite(dislike) || dislike >= LikeThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(DislikeThreshold), dislike, "The dislike threshold must be below the like threshold.");
        }

        if (string.IsNullOrWhiteSpace(Platform) || Platform.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The platform '{Platform}' must be a non-empty name without ':'.", nameof(Platform));
        }
    }
}

/// <summary>
/// Imports likes and dislikes from a ratings file (columns user, show, rating; comma or tab separated; header optional;
/// gzip allowed) to bootstrap the recommender from an existing data set. Show ids are IMDb ids in any form
/// <see cref="Show.TryNormalizeId"/> accepts. Ratings are stored with <see cref="RatingSource.Import"/>, the import's
/// start time and user keys on <see cref="RatingsImportOptions.Platform"/>, in batches through <see cref="IRatingStore.UpsertMany"/>.
/// </summary>
/// <remarks>
/// The first row is a header when its third field is not a number. A header naming the columns (e.g.
/// <c>userId,imdb_id,rating,timestamp</c>) is used to find them; otherwise they are the first three, in order.
/// </remarks>
public sealed class RatingsCsvImporter(IRatingStore store, TimeProvider time)
{
    /// <summary>
    /// What to tell an operator whose file rates shows the catalog lacks, loudly: how many matched, how to import the
    /// catalog first, and what <c>--allow-unknown-shows</c> does. Empty when every rating matched.
    /// </summary>
    public static IReadOnlyList<string> UnknownShowWarnings(ImportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var skipped = summary.SkippedFor(SkipReason.UnknownShow);
        if (skipped > 0)
        {
            var rated = summary.Imported + skipped;
            return
            [
                string.Create(CultureInfo.InvariantCulture, $"import ratings: warning: {skipped:N0} of {rated:N0} ratings ({Percent(skipped, rated)}) are of shows that are not in the catalog and were NOT imported; {summary.Imported:N0} matched."),
                "  If they are TV series, import their catalog first (showbot import imdb --basics title.basics.tsv.gz --ratings title.ratings.tsv.gz, or showbot import catalog shows.csv), then import the ratings again.",
                "  --allow-unknown-shows imports them anyway: they help train the model, but ShowBot never suggests a show it has no catalog entry for.",
            ];
        }

        return summary.NotInCatalog > 0
            ? [string.Create(CultureInfo.InvariantCulture, $"import ratings: warning: {summary.NotInCatalog:N0} of {summary.Imported:N0} imported ratings ({Percent(summary.NotInCatalog, summary.Imported)}) are of shows that are not in the catalog (--allow-unknown-shows): they train the model but are never suggested. Import their catalog to have them suggested.")]
            : [];
    }

    private static string Percent(long part, long whole) => string.Create(CultureInfo.InvariantCulture, $"{(whole == 0 ? 0 : 100.0 * part / whole):F0} %");

    private static readonly string[] UserColumns = ["user", "userid", "user_id", "username", "user_name"];
    private static readonly string[] ShowColumns = ["show", "show_id", "showid", "imdb_id", "imdbid", "tconst", "title_id", "titleid"];
    private static readonly string[] RatingColumns = ["rating", "score", "stars", "value"];

    /// <summary>Imports a file, which may be gzipped (by <c>.gz</c> extension or content).</summary>
    /// <exception cref="InvalidDataException">The header names fewer than three columns, or the file is not UTF-8.</exception>
    public async Task<ImportSummary> ImportAsync(
        string path,
        RatingsImportOptions options,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var meter = ByteMeter.ForFiles(path);
        using var input = ImportInput.OpenFile(path, meter);
        return await ImportAsync(input, meter, options, progress, cancellationToken);
    }

    /// <summary>Imports from a stream the caller owns (left open); gzip is detected from the content.</summary>
    /// <exception cref="InvalidDataException">The header names fewer than three columns, or the file is not UTF-8.</exception>
    public async Task<ImportSummary> ImportAsync(
        Stream ratings,
        RatingsImportOptions options,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var meter = ByteMeter.ForStreams(ratings);
        using var input = ImportInput.OpenStream(ratings, "ratings.csv", meter);
        return await ImportAsync(input, meter, options, progress, cancellationToken);
    }

    private async Task<ImportSummary> ImportAsync(
        ImportInput input,
        ByteMeter meter,
        RatingsImportOptions options,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var tally = new ImportTally(options.MaxProblems);
        var batch = new List<Rating>(options.BatchSize);
        var delimiter = options.Delimiter;
        Layout? layout = null;
        while (await input.Reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Text is "")
            {
                continue;
            }

            if (line.Text is { } text)
            {
                delimiter ??= text.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
            }

            var record = CsvReader.Split(line, delimiter ?? ',');
            if (layout is null && record.Problem is null)
            {
                layout = Layout.From(record, out var isHeader);
                if (isHeader)
                {
                    tally.Header = string.Join(", ", record.Fields.Select(f => UntrustedText.Line(f)));
                    continue;
                }
            }

            tally.Read();
            if (record.Problem is { } problem)
            {
                tally.Malformed(record.LineNumber, problem);
            }
            else if (layout is not null && Parse(record, layout, options, at, tally) is { } rating)
            {
                tally.Accept();
                batch.Add(rating);
                if (batch.Count >= options.BatchSize)
                {
                    tally.AddWritten(store.UpsertMany(batch));
                    batch = new List<Rating>(options.BatchSize);
                }
            }

            if (tally.RowsRead % ImportOptions.ProgressEveryRows == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(meter.Progress(input.Name, tally.RowsRead));
            }
        }

        if (batch.Count > 0)
        {
            tally.AddWritten(store.UpsertMany(batch));
        }

        progress?.Report(meter.Progress(input.Name, tally.RowsRead));
        return tally.ToSummary();
    }

    private static Rating? Parse(CsvRecord record, Layout layout, RatingsImportOptions options, DateTimeOffset at, ImportTally tally)
    {
        var fields = record.Fields;
        if (fields.Count != layout.Count)
        {
            tally.Malformed(record.LineNumber, $"expected {layout.Count} fields, found {fields.Count}");
            return null;
        }

        var user = fields[layout.User].Trim();
        if (user.Length == 0)
        {
            tally.Malformed(record.LineNumber, "the user is empty");
            return null;
        }

        if (!Show.TryNormalizeId(fields[layout.Show], out var showId))
        {
            tally.Malformed(record.LineNumber, $"'{fields[layout.Show]}' is not an IMDb id");
            return null;
        }

        if (!TryNumber(fields[layout.Rating], out var value))
        {
            tally.Malformed(record.LineNumber, $"rating '{fields[layout.Rating]}' is not a number");
            return null;
        }

        RatingKind? kind = value >= options.LikeThreshold ? RatingKind.Like
            : value <= options.DislikeThreshold ? RatingKind.Dislike
            : null;
        if (kind is null)
        {
            tally.Skip(SkipReason.Neutral);
            return null;
        }

        // After the neutral skip: the warnings count likes and dislikes, of which "n of m" must be a part.
        if (options.KnownShowIds is { } known && !known.Contains(showId))
        {
            if (!options.KeepUnknownShows)
            {
                tally.Skip(SkipReason.UnknownShow);
                return null;
            }

            tally.KeptNotInCatalog();
        }

        return new Rating(new UserKey(options.Platform, user), showId, kind.Value, RatingSource.Import, at);
    }

    private static bool TryNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private sealed record Layout(int Count, int User, int Show, int Rating)
    {
        public static Layout From(CsvRecord first, out bool isHeader)
        {
            var fields = first.Fields;
            isHeader = !TryNumber(fields[Math.Min(2, fields.Count - 1)], out _);
            if (!isHeader)
            {
                // A short first data row is reported as malformed by the field count check, not taken as the layout.
                return new Layout(Math.Max(3, fields.Count), 0, 1, 2);
            }

            if (fields.Count < 3)
            {
                throw new InvalidDataException(
                    $"line {first.LineNumber}: the header names {fields.Count} columns; expected user, show and rating.");
            }

            var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
            var (user, show, rating) = (names.FindIndex(UserColumns.Contains), names.FindIndex(ShowColumns.Contains), names.FindIndex(RatingColumns.Contains));
            return user >= 0 && show >= 0 && rating >= 0
                ? new Layout(fields.Count, user, show, rating)
                : new Layout(fields.Count, 0, 1, 2);
        }
    }
}
