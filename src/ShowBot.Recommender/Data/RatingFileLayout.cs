namespace ShowBot.Recommender.Data;

/// <summary>The layout <see cref="RatingFileReader"/> detected for a ratings file.</summary>
/// <param name="Separator">Field separator: <c>","</c>, <c>"\t"</c>, <c>"::"</c>, or <c>" "</c> for runs of spaces.</param>
/// <param name="HasHeader">Whether the first line names the columns rather than holding a rating.</param>
/// <param name="IsGzip">Whether the file is gzip-compressed (detected from its magic bytes, not its name).</param>
public sealed record RatingFileLayout(string Separator, bool HasHeader, bool IsGzip)
{
    /// <summary>A readable description such as <c>tab-separated, header, gzip</c>.</summary>
    public override string ToString()
    {
        var separator = Separator switch
        {
            "\t" => "tab",
            "," => "comma",
            "::" => "'::'",
            _ => "space",
        };
        return $"{separator}-separated, {(HasHeader ? "header" : "no header")}{(IsGzip ? ", gzip" : string.Empty)}";
    }
}
