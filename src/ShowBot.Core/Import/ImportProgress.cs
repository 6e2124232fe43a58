namespace ShowBot.Core.Import;

/// <summary>
/// How far an import has got, for a progress bar. Bytes are counted on the files as stored (compressed bytes for
/// a <c>.gz</c>), so <see cref="BytesRead"/> reaches <see cref="TotalBytes"/> at the end.
/// </summary>
/// <param name="Stage">What is being read, e.g. "title.ratings.tsv" or "title.basics.tsv".</param>
/// <param name="BytesRead">Bytes read so far over all the files of the import.</param>
/// <param name="TotalBytes">Total bytes of all the files, or null when a stream's length is unknown.</param>
/// <param name="RowsRead">Rows read so far from the current file.</param>
public readonly record struct ImportProgress(string Stage, long BytesRead, long? TotalBytes, long RowsRead)
{
    /// <summary>Progress from 0 to 1, or null when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? Math.Clamp((double)BytesRead / total, 0, 1) : null;
}
