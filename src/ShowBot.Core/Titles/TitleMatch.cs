using ShowBot.Core.Catalog;

namespace ShowBot.Core.Titles;

/// <summary>How a typed title was matched.</summary>
public enum MatchOutcome
{
    /// <summary>The normalised text is a catalog title or IMDb id, with one obvious show.</summary>
    Exact,

    /// <summary>The normalised text is a known alias of one show.</summary>
    Alias,

    /// <summary>A fuzzy match clearly ahead of every other candidate.</summary>
    Confident,

    /// <summary>
    /// Namesakes, one of them far better known ("Battlestar Galactica", 2004): it is taken, and the others are
    /// offered in <see cref="TitleMatch.Alternatives"/>.
    /// </summary>
    Favourite,

    /// <summary>Several shows fit about equally well ("One Piece", 1999 or 2023): ask, don't guess.</summary>
    Ambiguous,

    /// <summary>Nothing fits well enough; <see cref="TitleMatch.Alternatives"/> holds the nearest.</summary>
    NotFound,

    /// <summary>The text was empty once normalised.</summary>
    Empty,
}

/// <summary>The answer of the title matcher for one typed title.</summary>
/// <param name="Query">The text as typed.</param>
/// <param name="Outcome">What kind of answer this is.</param>
/// <param name="Best">The best candidate, when there is any.</param>
/// <param name="Confidence">0..1; how sure the matcher is that <paramref name="Best"/> is what was meant.</param>
/// <param name="Alternatives">Other candidates, best first (for "did you mean").</param>
public sealed record TitleMatch(string Query, MatchOutcome Outcome, Show? Best, double Confidence, IReadOnlyList<Show> Alternatives)
{
    /// <summary>True when <see cref="Best"/> can be used without asking the user.</summary>
    public bool IsResolved => Outcome is MatchOutcome.Exact or MatchOutcome.Alias or MatchOutcome.Confident or MatchOutcome.Favourite;
}
