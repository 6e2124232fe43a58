using System.Globalization;
using System.Text;

namespace ShowBot.Core.Import;

/// <summary>Why a row of an import file was not imported.</summary>
public enum SkipReason
{
    /// <summary>The line could not be parsed (wrong field count, bad id, bad year or number…); it is listed in <see cref="ImportSummary.Problems"/>.</summary>
    Malformed,

    /// <summary>An IMDb title that is not a <c>tvSeries</c> or <c>tvMiniSeries</c>.</summary>
    NotTvSeries,

    /// <summary>An IMDb title flagged <c>isAdult</c>.</summary>
    Adult,

    /// <summary>An IMDb title with fewer votes than the minimum asked for, or no rating at all.</summary>
    BelowMinVotes,

    /// <summary>A rating between the dislike and like thresholds.</summary>
    Neutral,

    /// <summary>A rating of a show that is not in the catalog.</summary>
    UnknownShow,
}

/// <summary>A line that could not be imported, for the person running the import to fix.</summary>
/// <param name="LineNumber">1-based physical line number, header included.</param>
/// <param name="Message">What is wrong with the line.</param>
/// <param name="File">The file the line is in, when the import reads more than one (e.g. <c>title.ratings.tsv</c>); null for the main file.</param>
public sealed record ImportProblem(long LineNumber, string Message, string? File = null)
{
    /// <inheritdoc/>
    public override string ToString() => File is null
        ? $"line {LineNumber}: {Message}"
        : $"{File} line {LineNumber}: {Message}";
}

/// <summary>
/// The outcome of one import: how many data rows of the main file were read, imported and skipped (and why), and the
/// first problems with their line numbers. <c>RowsRead = Imported + Skipped</c>. <see cref="ToString"/> is the one-line summary.
/// </summary>
public sealed class ImportSummary
{
    private readonly IReadOnlyDictionary<SkipReason, string> labels;

    internal ImportSummary(
        long rowsRead,
        long imported,
        long written,
        IReadOnlyDictionary<SkipReason, long> skippedBy,
        IReadOnlyList<ImportProblem> problems,
        long problemCount,
        IReadOnlyDictionary<SkipReason, string> labels)
    {
        RowsRead = rowsRead;
        Imported = imported;
        Written = written;
        SkippedBy = skippedBy;
        Problems = problems;
        ProblemCount = problemCount;
        this.labels = labels;
    }

    /// <summary>The main file's header row as found, its fields joined by ", "; null when it had none.</summary>
    public string? Header { get; init; }

    /// <summary>
    /// When no row was imported, why, e.g. "all 419,943 rows were skipped (419,943 not in the catalog)"; null when
    /// something was. An import that imports nothing did nothing useful, and the person running it needs to know.
    /// </summary>
    public string? NothingImported => Imported > 0 ? null
        : RowsRead == 0 ? "the file has no data rows" + (Header is null ? "" : $", only the header ({Header})")
        : RowsRead == 1 ? $"its one row was skipped ({string.Join(", ", Reasons())})"
        : string.Create(CultureInfo.InvariantCulture, $"all {RowsRead:N0} rows were skipped ({string.Join(", ", Reasons())})");

    /// <summary>Rows imported although their show is not in the catalog (ratings imported with unknown shows allowed).</summary>
    public long NotInCatalog { get; init; }

    /// <summary>Data rows read from the main file (the header is not a row).</summary>
    public long RowsRead { get; }

    /// <summary>Rows accepted and handed to the store.</summary>
    public long Imported { get; }

    /// <summary>What the store reported as written (the catalog: shows written; ratings: ratings new or changed).</summary>
    public long Written { get; }

    /// <summary>Rows of the main file not imported.</summary>
    public long Skipped => SkippedBy.Values.Sum();

    /// <summary>Skipped rows counted by reason; reasons that did not occur are absent.</summary>
    public IReadOnlyDictionary<SkipReason, long> SkippedBy { get; }

    /// <summary>The first malformed lines, in file order (capped; see <see cref="ProblemCount"/> for the total).</summary>
    public IReadOnlyList<ImportProblem> Problems { get; }

    /// <summary>All malformed lines, including those of a secondary file such as IMDb's <c>title.ratings.tsv</c>.</summary>
    public long ProblemCount { get; }

    /// <summary>Rows skipped for <paramref name="reason"/>.</summary>
    public long SkippedFor(SkipReason reason) => SkippedBy.GetValueOrDefault(reason);

    /// <summary>How the reason reads in the summary, e.g. "below 500 votes".</summary>
    public string Describe(SkipReason reason) => labels.TryGetValue(reason, out var label) ? label : DefaultLabel(reason);

    /// <summary>
    /// One line, e.g. <c>read 12,345 rows: imported 2,100, skipped 10,245 (10,200 not a TV series, 40 below 500 votes,
    /// 5 malformed: line 17 (expected 9 fields, found 8), …)</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"read {RowsRead:N0} {(RowsRead == 1 ? "row" : "rows")}: imported {Imported:N0}");
        if (Written != Imported)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({Written:N0} new or changed)");
        }

        text.Append(CultureInfo.InvariantCulture, $", skipped {Skipped:N0}");
        var reasons = Reasons();
        if (reasons.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", reasons).Append(')');
        }

        var elsewhere = ProblemCount - SkippedFor(SkipReason.Malformed);
        if (elsewhere > 0)
        {
            var files = string.Join(", ", Problems.Select(p => p.File).OfType<string>().Distinct(StringComparer.Ordinal));
            text.Append(CultureInfo.InvariantCulture, $"; also {elsewhere:N0} malformed {(elsewhere == 1 ? "line" : "lines")} skipped in {(files.Length > 0 ? files : "another file")}")
                .Append(ListProblems(Problems.Where(p => p.File is not null)));
        }

        return text.ToString();
    }

    private List<string> Reasons() => SkippedBy
        .Where(r => r.Value > 0)
        .OrderBy(r => r.Key == SkipReason.Malformed)
        .ThenByDescending(r => r.Value)
        .ThenBy(r => r.Key)
        .Select(r => r.Key == SkipReason.Malformed
            ? $"{r.Value.ToString("N0", CultureInfo.InvariantCulture)} {Describe(r.Key)}{ListProblems(Problems.Where(p => p.File is null))}"
            : $"{r.Value.ToString("N0", CultureInfo.InvariantCulture)} {Describe(r.Key)}")
        .ToList();

    internal static string DefaultLabel(SkipReason reason) => reason switch
    {
        SkipReason.Malformed => "malformed",
        SkipReason.NotTvSeries => "not a TV series",
        SkipReason.Adult => "adult",
        SkipReason.BelowMinVotes => "below the minimum votes",
        SkipReason.Neutral => "neutral",
        SkipReason.UnknownShow => "not in the catalog",
        _ => reason.ToString(),
    };

    private static string ListProblems(IEnumerable<ImportProblem> problems)
    {
        const int shown = 3;
        var list = problems.Take(shown + 1).ToList();
        if (list.Count == 0)
        {
            return "";
        }

        var parts = list.Take(shown).Select(p => $"line {p.LineNumber} ({p.Message})");
        return ": " + string.Join(", ", parts) + (list.Count > shown ? ", …" : "");
    }
}

/// <summary>Counts an import as it runs and freezes into an <see cref="ImportSummary"/>.</summary>
internal sealed class ImportTally(int maxProblems, IReadOnlyDictionary<SkipReason, string>? labels = null)
{
    private readonly Dictionary<SkipReason, long> skippedBy = [];
    private readonly List<ImportProblem> problems = [];

    public long RowsRead { get; private set; }

    public long Imported { get; private set; }

    public long Written { get; private set; }

    public long ProblemCount { get; private set; }

    public long NotInCatalog { get; private set; }

    public string? Header { get; set; }

    public void Read() => RowsRead++;

    public void KeptNotInCatalog() => NotInCatalog++;

    public void Accept() => Imported++;

    public void AddWritten(long count) => Written += count;

    public void Skip(SkipReason reason) => skippedBy[reason] = skippedBy.GetValueOrDefault(reason) + 1;

    /// <summary>A malformed row of the main file: counted as skipped and listed.</summary>
    public void Malformed(long lineNumber, string message)
    {
        Skip(SkipReason.Malformed);
        Problem(new ImportProblem(lineNumber, message));
    }

    /// <summary>A malformed line of a secondary file: listed, but not a row of the main file.</summary>
    public void Problem(ImportProblem problem)
    {
        ProblemCount++;
        if (problems.Count < maxProblems)
        {
            problems.Add(problem);
        }
    }

    public ImportSummary ToSummary() => new(
        RowsRead,
        Imported,
        Written,
        new Dictionary<SkipReason, long>(skippedBy),
        problems.ToArray(),
        ProblemCount,
        labels ?? new Dictionary<SkipReason, string>())
    {
        NotInCatalog = NotInCatalog,
        Header = Header,
    };
}
