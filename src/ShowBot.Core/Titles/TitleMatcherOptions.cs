namespace ShowBot.Core.Titles;

/// <summary>The thresholds of <see cref="TitleMatcher"/>. The defaults are pinned by the golden tests; change them with the tables.</summary>
public sealed record TitleMatcherOptions
{
    /// <summary>A fuzzy score (0..1) at or above which a single clear candidate is used without asking.</summary>
    public double ConfidentScore { get; init; } = 0.8;

    /// <summary>Fuzzy candidates below this score are not even offered as "did you mean".</summary>
    public double SuggestScore { get; init; } = 0.5;

    /// <summary>Candidates whose ranking scores are within this of the best are "too close to call".</summary>
    public double AmbiguityMargin { get; init; } = 0.05;

    /// <summary>
    /// How much popularity (IMDb votes, log scale, 0..1) adds to a fuzzy score when ranking: enough to break
    /// ties, never enough to beat a clearly better spelling match.
    /// </summary>
    public double PopularityWeight { get; init; } = 0.04;

    /// <summary>
    /// Among shows that fit equally well (same title, or fuzzy scores within the margin), the most popular one
    /// is taken without a word when it has more than this many times the votes of all the others together: a hit
    /// vs an obscure namesake ("House of Cards" 2013 vs 1990, 44 times).
    /// </summary>
    public double DominanceRatio { get; init; } = 20;

    /// <summary>
    /// Among namesakes, the most popular one is taken, and the others offered ("or the 1978 one?"), when it has at
    /// least this many times the votes of all the others together: "Battlestar Galactica" (2004 vs 1978, 8.7 times),
    /// "Doctor Who", "Twin Peaks" (3.3), "The Office" (US vs UK, 5.4). Closer than that ("One Piece", 1.7), ask.
    /// </summary>
    public double FavouriteRatio { get; init; } = 3;

    /// <summary>At most this many <see cref="TitleMatch.Alternatives"/>.</summary>
    public int MaxAlternatives { get; init; } = 5;

    /// <summary><see cref="TitleMatcher.SplitList"/> returns at most this many titles.</summary>
    public int MaxListTitles { get; init; } = 20;

    /// <summary><see cref="TitleMatcher.Autocomplete"/> never returns more than this, whatever is asked.</summary>
    public int MaxAutocompleteChoices { get; init; } = 100;
}
