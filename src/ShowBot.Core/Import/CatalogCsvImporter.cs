using ShowBot.Core.Catalog;

namespace ShowBot.Core.Import;

/// <summary>Settings of <see cref="CatalogCsvImporter"/>.</summary>
public sealed record CatalogImportOptions : ImportOptions;

/// <summary>
/// Imports a catalog CSV with the columns of IMDb-derived <c>shows.csv</c>
/// (<c>primary_title,start_year,end_year,genres,average_rating,num_votes,show_id</c>, optional <c>aliases</c>;
/// see <see cref="CatalogCsv"/>), streaming it into <see cref="ICatalogStore"/> in batches. The store is only upserted into.
/// </summary>
/// <remarks>The CSV is parsed by <see cref="CatalogCsv.Read(ShowBot.Recommender.Data.LineReader)"/>, which reads synchronously; cancellation is observed between rows.</remarks>
public sealed class CatalogCsvImporter(ICatalogStore store)
{
    /// <summary>Imports a file, which may be gzipped (by <c>.gz</c> extension or content).</summary>
    /// <exception cref="InvalidDataException">The file is not UTF-8, or its header names no title or no id column.</exception>
    public async Task<ImportSummary> ImportAsync(
        string path,
        CatalogImportOptions? options = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new CatalogImportOptions();
        options.Validate();
        var meter = ByteMeter.ForFiles(path);
        using var input = ImportInput.OpenFile(path, meter);
        return await ImportAsync(input, meter, options, progress, cancellationToken);
    }

    /// <summary>Imports from a stream the caller owns (left open); gzip is detected from the content.</summary>
    /// <exception cref="InvalidDataException">The stream is not UTF-8, or its header names no title or no id column.</exception>
    public async Task<ImportSummary> ImportAsync(
        Stream csv,
        CatalogImportOptions? options = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        options ??= new CatalogImportOptions();
        options.Validate();
        var meter = ByteMeter.ForStreams(csv);
        using var input = ImportInput.OpenStream(csv, "catalog.csv", meter);
        return await ImportAsync(input, meter, options, progress, cancellationToken);
    }

    private Task<ImportSummary> ImportAsync(
        ImportInput input,
        ByteMeter meter,
        CatalogImportOptions options,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var tally = new ImportTally(options.MaxProblems);
        var writer = new CatalogBatchWriter(store, tally, options.BatchSize);
        foreach (var row in CatalogCsv.Read(input.Reader))
        {
            tally.Read();
            if (row.Value is { } show)
            {
                writer.Add(show);
            }
            else
            {
                tally.Malformed(row.LineNumber, row.Problem ?? "malformed");
            }

            if (tally.RowsRead % ImportOptions.ProgressEveryRows == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(meter.Progress(input.Name, tally.RowsRead));
            }
        }

        writer.Flush();
        progress?.Report(meter.Progress(input.Name, tally.RowsRead));
        return Task.FromResult(tally.ToSummary());
    }
}
