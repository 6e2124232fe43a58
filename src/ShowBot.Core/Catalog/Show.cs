namespace ShowBot.Core.Catalog;

/// <summary>A TV series in the catalog. <see cref="Id"/> is the IMDb tconst, e.g. <c>tt0903747</c>.</summary>
public sealed record Show(
    string Id,
    string Title,
    int? StartYear,
    int? EndYear,
    IReadOnlyList<string> Genres,
    double? ImdbRating = null,
    long? ImdbVotes = null)
{
    /// <summary>Other names people use for the show ("GoT", an original-language title…).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Years as a person writes them: "2008–2013", "2016–", "2011" or "" when unknown.</summary>
    public string Years => (StartYear, EndYear) switch
    {
        (null, _) => "",
        ({ } start, { } end) when end == start => $"{start}",
        ({ } start, { } end) => $"{start}–{end}",
        ({ } start, null) => $"{start}–",
    };

    /// <summary>Normalises an IMDb id written as <c>tt0903747</c>, <c>0903747</c> or <c>903747</c> to <c>tt0903747</c>.</summary>
    public static bool TryNormalizeId(string? raw, out string id)
    {
        id = "";
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var digits = raw.Trim();
        if (digits.StartsWith("tt", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        if (digits.Length is 0 or > 10 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        id = "tt" + digits.PadLeft(7, '0');
        return true;
    }
}
