using System.Globalization;
using System.Runtime.CompilerServices;

using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Chat;

/// <summary>
/// A platform-neutral reply. Core decides what to say; each adapter decides how it looks
/// (a Discord embed, Slack blocks, console text). Text that came from users or catalogs is raw here:
/// adapters must pass it through <see cref="DisplayText"/> and their platform's escaping.
/// </summary>
public abstract record Reply
{
    /// <summary>Controls offered under the reply (buttons); each platform renders them its own way and hands the pressed one's id to <see cref="Commands.ActionHandler"/>.</summary>
    public IReadOnlyList<ReplyAction> Actions { get; init; } = [];
}

/// <summary>Numbered suggestions answering a /recommend.</summary>
public sealed record SuggestionsReply(IReadOnlyList<Suggestion> Items, IReadOnlyList<Show> BasedOn) : Reply
{
    /// <summary>Remarks to show under the list ("I couldn't find …").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What was asked in words or browsed ("cozy, British, murder mystery", "Horror"), when not only shows.</summary>
    public string? Asked { get; init; }

    /// <summary>The names of the people a list for a group (/together) is for; empty for one person's list.</summary>
    public IReadOnlyList<string> Group { get; init; } = [];

    /// <summary>The list's heading, raw (adapters escape it): "Because you like Breaking Bad", "Shows that fit: cozy, British".</summary>
    public string Heading
    {
        get
        {
            if (Group.Count > 0)
            {
                return "Together: " + string.Join(", ", Group);
            }

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

    /// <summary>What the show is about in one sentence, raw (adapters escape it); empty when the catalog has no premise.</summary>
    public string Premise { get; init; } = "";

    /// <summary>The show's IMDb page; null when its id is not an IMDb id (<c>tt</c> and digits).</summary>
    public Uri? ImdbPage => IsImdbId(Show.Id) ? new Uri($"https://www.imdb.com/title/{Show.Id}/") : null;

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

    private static bool IsImdbId(string id) => id.Length > 2 && id.StartsWith("tt", StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0;
}

/// <summary>
/// A plain informational reply (help, likes, confirmations, errors). Written as an interpolated string, what fills its
/// holes (a title, what someone typed) is marked <see cref="ReplyPart.Quoted"/>, so adapters escape their platform's
/// markup there and keep the markup the bot wrote around it.
/// </summary>
public sealed record TextReply : Reply
{
    /// <summary>Text the bot wrote, all of it meant as it is (its line breaks and markup).</summary>
    public TextReply(string text)
    {
        Parts = [new ReplyPart(text, Quoted: false)];
    }

    /// <summary>Text the bot wrote around quoted holes.</summary>
    public TextReply(ComposedText text)
    {
        Parts = text.ToParts();
    }

    /// <summary>The reply in order: what the bot wrote and what it quotes.</summary>
    public IReadOnlyList<ReplyPart> Parts { get; }

    /// <summary>The whole reply as one string, for platforms without markup.</summary>
    public string Text => string.Concat(Parts.Select(p => p.Text));
}

/// <summary>How to use ShowBot: one line per command the person may use, in their platform's syntax.</summary>
public sealed record HelpReply(IReadOnlyList<HelpLine> Lines) : Reply;

/// <summary>One command in help: how to type it and what it does.</summary>
public sealed record HelpLine(string Usage, string Summary, bool AdminOnly);

/// <summary>One piece of a <see cref="TextReply"/>: text the bot wrote, or text it quotes (a title, what someone typed).</summary>
public sealed record ReplyPart(string Text, bool Quoted);

/// <summary>Builds a <see cref="TextReply"/> from an interpolated string: literals are the bot's, holes are quoted.</summary>
[InterpolatedStringHandler]
public readonly struct ComposedText
{
    private readonly List<ReplyPart> parts;

    /// <summary>Called by the compiler for <c>$"…"</c>.</summary>
    public ComposedText(int literalLength, int formattedCount)
    {
        _ = literalLength;
        parts = new List<ReplyPart>((2 * formattedCount) + 1);
    }

    /// <summary>Text the bot wrote.</summary>
    public void AppendLiteral(string text) => parts.Add(new ReplyPart(text, Quoted: false));

    /// <summary>A hole: quoted, formatted as <c>$"…"</c> formats it.</summary>
    public void AppendFormatted<T>(T value) => parts.Add(new ReplyPart(value?.ToString() ?? "", Quoted: true));

    /// <summary>A hole with a format string (<c>{count:N0}</c>), formatted with the current culture as <c>$"…"</c> does.</summary>
    public void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => parts.Add(new ReplyPart(value.ToString(format, CultureInfo.CurrentCulture), Quoted: true));

    internal IReadOnlyList<ReplyPart> ToParts() => parts;
}

/// <summary>Titles that could not be resolved, with what the matcher would suggest instead.</summary>
public sealed record DidYouMeanReply(IReadOnlyList<UnresolvedTitle> Titles) : Reply;

/// <summary>A title the user typed that matched nothing with confidence, and the closest catalog shows.</summary>
public sealed record UnresolvedTitle(string Typed, IReadOnlyList<Show> Candidates)
{
    /// <summary>The candidates a reply offers, best first: at most five, listed and in a menu alike.</summary>
    public IEnumerable<Show> Offered => Candidates.Take(5);

    /// <summary>A title the matcher could not resolve, with its best guess first among the candidates.</summary>
    public static UnresolvedTitle From(TitleMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new(match.Query, match.Best is null ? match.Alternatives : [match.Best, .. match.Alternatives.Where(a => a.Id != match.Best.Id)]);
    }
}
