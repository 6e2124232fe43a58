using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Chat;

/// <summary>
/// A platform-neutral reply. Core decides what to say; each adapter decides how it looks
/// (a Discord embed, Slack blocks, console text). Text that came from users or catalogs is raw here:
/// adapters must pass it through <see cref="DisplayText"/> and their platform's escaping.
/// </summary>
public abstract record Reply;

/// <summary>Numbered suggestions answering a /recommend.</summary>
public sealed record SuggestionsReply(IReadOnlyList<Suggestion> Items, IReadOnlyList<Show> BasedOn) : Reply
{
    /// <summary>Remarks to show under the list ("I couldn't find …").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What was asked in words or browsed ("cozy, British, murder mystery", "Horror"), when not only shows.</summary>
    public string? Asked { get; init; }

    /// <summary>The list's heading, raw (adapters escape it): "Because you like Breaking Bad", "Shows that fit: cozy, British".</summary>
    public string Heading
    {
        get
        {
            if (BasedOn.Count == 0)
            {
                return Asked is null ? "Popular picks" : "Shows that fit: " + Asked;
            }

            var liked = "Because you like " + string.Join(", ", BasedOn.Select(s => s.Title));
            return Asked is null ? liked : liked + " — " + Asked;
        }
    }
}

/// <summary>One numbered suggestion; <see cref="Number"/> starts at 1 and maps to the reaction 1️⃣..🔟.</summary>
public sealed record Suggestion(int Number, Show Show, Show? BecauseYouLiked)
{
    /// <summary>Why it fits, in words ("same creator (Vince Gilligan)", "also dark, anti-hero"); may be empty.</summary>
    public IReadOnlyList<string> Why { get; init; } = [];

    /// <summary>
    /// The line under the suggestion, raw (adapters escape it): "because you liked Breaking Bad: same creator (Vince
    /// Gilligan)", or for a request in words "fits: cozy, murder mystery"; empty when there is nothing to say.
    /// </summary>
    public string Explanation => (BecauseYouLiked, Why.Count) switch
    {
        ({ } liked, 0) => $"because you liked {liked.Title}",
        ({ } liked, _) => $"because you liked {liked.Title}: {string.Join("; ", Why)}",
        (null, 0) => "",
        (null, _) => string.Join("; ", Why),
    };
}

/// <summary>A plain informational reply (help, likes, confirmations, errors).</summary>
public sealed record TextReply(string Text) : Reply
{
    /// <summary>Whether only the invoker should see it, where the platform can do that.</summary>
    public bool Private { get; init; }
}

/// <summary>Titles that could not be resolved, with what the matcher would suggest instead.</summary>
public sealed record DidYouMeanReply(IReadOnlyList<UnresolvedTitle> Titles) : Reply;

/// <summary>A title the user typed that matched nothing with confidence, and the closest catalog shows.</summary>
public sealed record UnresolvedTitle(string Typed, IReadOnlyList<Show> Candidates)
{
    /// <summary>A title the matcher could not resolve, with its best guess first among the candidates.</summary>
    public static UnresolvedTitle From(TitleMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new(match.Query, match.Best is null ? match.Alternatives : [match.Best, .. match.Alternatives.Where(a => a.Id != match.Best.Id)]);
    }
}
