using System.Globalization;
using System.Text.RegularExpressions;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Knowledge;

/// <summary>What a request in words asked for.</summary>
/// <param name="References">Shows named as a reference ("something like Severance").</param>
/// <param name="Wanted">What was asked for, one entry per thing: its features as <c>kind:value</c>, <c>|</c>-separated (<c>genre:Thriller|tag:suspenseful</c>).</param>
/// <param name="Understood">What was understood besides the reference shows, as a person would say it ("cozy, British, murder mystery").</param>
/// <param name="Unresolved">Reference titles that matched no show with confidence.</param>
public sealed record RequestInWords(IReadOnlyList<Show> References, IReadOnlyList<string> Wanted, IReadOnlyList<string> Understood, IReadOnlyList<UnresolvedTitle> Unresolved)
{
    /// <summary>Only shows that started in or after this year ("90s" → 1990).</summary>
    public int? FromYear { get; init; }

    /// <summary>Only shows that started in or before this year ("90s" → 1999).</summary>
    public int? ToYear { get; init; }

    /// <summary>True when anything at all was understood.</summary>
    public bool IsUnderstood => References.Count > 0 || Wanted.Count > 0 || FromYear is not null || ToYear is not null;
}

/// <summary>
/// Understands a request in words: "something like Severance but funnier", "a cozy British murder mystery",
/// "90s sitcoms". Reference shows follow a cue ("like", "similar to"), and go through the title matcher with its
/// "did you mean" discipline; the other words are matched, longest phrase first, against the tag vocabulary's
/// words, genres, formats, nationalities, networks and decades. Words it does not know are ignored.
/// </summary>
public sealed partial class RequestInterpreter
{
    private const int MaxPhraseWords = 4;

    // A request in words is a sentence; anything longer is read up to here.
    private const int MaxLength = 300;

    private static readonly (string Words, string[] Features, string Label)[] Fixed =
    [
        ("funny|funnier|comedy|comedies|comedic|humor|humour|hilarious|laugh", ["genre:Comedy"], "comedy"),
        ("lighter|lighthearted", ["tag:lighthearted", "genre:Comedy"], "lighter"),
        ("darker", ["tag:dark"], "darker"),
        ("scarier|horror|horrors", ["tag:scary", "genre:Horror"], "horror"),
        ("weirder|stranger", ["tag:absurdist", "tag:mind-bending"], "weirder"),
        ("sadder", ["tag:melancholic"], "sadder"),
        ("happier", ["tag:feel-good"], "happier"),
        ("smarter", ["tag:cerebral"], "smarter"),
        ("drama|dramas|dramatic", ["genre:Drama"], "drama"),
        // A publisher's short name, where it means nothing else: not "DC" (Washington DC), "Image" or "New England".
        ("marvel", ["source:Marvel Comics"], "Marvel Comics"),
        ("crime", ["genre:Crime"], "crime"),
        ("thriller|thrillers", ["genre:Thriller", "tag:suspenseful"], "thriller"),
        ("mystery|mysteries", ["genre:Mystery"], "mystery"),
        ("sci-fi|scifi|sci fi|science fiction|science-fiction", ["genre:Sci-Fi"], "sci-fi"),
        ("fantasy", ["genre:Fantasy"], "fantasy"),
        ("action", ["genre:Action"], "action"),
        ("adventure|adventures", ["genre:Adventure"], "adventure"),
        ("romance|romances|rom-com|romcom", ["genre:Romance", "tag:romantic"], "romance"),
        ("documentary|documentaries|docuseries|doc", ["genre:Documentary", "format:docuseries"], "documentary"),
        ("animated|animation|cartoon|cartoons", ["genre:Animation", "format:animated"], "animated"),
        ("anime", ["format:anime"], "anime"),
        ("sitcom|sitcoms", ["format:sitcom"], "sitcom"),
        ("procedural|procedurals", ["format:procedural", "tag:case-of-the-week"], "procedural"),
        ("anthology|anthologies", ["format:anthology"], "anthology"),
        ("miniseries|mini-series|limited series|short", ["format:limited-series"], "limited series"),
        ("reality|reality tv", ["format:reality", "genre:Reality-TV"], "reality"),
        ("competition|cooking competition|contest", ["format:competition"], "competition"),
        ("sketch|sketch comedy", ["format:sketch-comedy"], "sketch comedy"),
        ("talk show|late night", ["format:talk-show"], "talk show"),
        ("soap|soaps|soap opera|telenovela", ["format:soap-opera"], "soap"),
        ("k-drama|kdrama|k drama", ["country:KR", "language:ko"], "Korean"),
        ("western|westerns", ["genre:Western", "tag:american-west"], "western"),
        ("war", ["genre:War", "tag:war"], "war"),
        ("historical|history", ["genre:History", "tag:period"], "historical"),
        ("sport|sports", ["genre:Sport", "tag:sports"], "sports"),
        ("musical|musicals", ["genre:Musical", "tag:musical"], "musical"),
        ("british|uk|english|england|brit", ["country:GB"], "British"),
        ("american|us|usa", ["country:US"], "American"),
        ("korean|korea", ["country:KR"], "Korean"),
        ("japanese|japan", ["country:JP"], "Japanese"),
        ("spanish|spain", ["country:ES", "language:es"], "Spanish"),
        ("german|germany", ["country:DE", "language:de"], "German"),
        ("french|france", ["country:FR", "language:fr"], "French"),
        ("italian|italy", ["country:IT", "language:it"], "Italian"),
        ("danish|denmark", ["country:DK"], "Danish"),
        ("swedish|sweden", ["country:SE"], "Swedish"),
        ("norwegian|norway", ["country:NO"], "Norwegian"),
        ("nordic|scandinavian|scandi|nordic noir", ["tag:scandinavia"], "Nordic"),
        ("australian|australia|aussie", ["country:AU"], "Australian"),
        ("canadian|canada", ["country:CA"], "Canadian"),
        ("indian|india|hindi", ["country:IN"], "Indian"),
        ("turkish|turkey", ["country:TR"], "Turkish"),
        ("mexican|mexico", ["country:MX"], "Mexican"),
        ("irish|ireland", ["country:IE"], "Irish"),
        ("israeli|israel", ["country:IL"], "Israeli"),
        ("brazilian|brazil", ["country:BR"], "Brazilian"),
    ];

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "some", "something", "anything", "show", "shows", "series", "tv", "best", "good", "great", "top", "me", "i",
        "want", "with", "about", "and", "or", "but", "more", "less", "that", "is", "are", "of", "in", "on", "set", "like", "please",
        "recommend", "suggest", "find", "give", "watch", "to", "for", "my", "we", "us", "our", "it", "its", "one", "ones", "new", "old",
        "really", "very", "bit", "lot", "kind", "sort", "type", "which", "where", "who", "from", "by", "as", "than", "not", "too",
    };

    private readonly TitleMatcher matcher;
    private readonly Dictionary<string, (string[] Features, string Label)> phrases = new(StringComparer.Ordinal);

    /// <summary>Builds the phrase table from the vocabulary, the catalog's genres and the networks, sources and cast the knowledge names.</summary>
    public RequestInterpreter(ShowCatalog catalog, ShowKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(knowledge);
        matcher = catalog.Matcher;
        foreach (var genre in catalog.Genres)
        {
            Add(genre, [$"{FeatureKinds.Genre}:{genre}"], genre.ToLowerInvariant());
        }

        foreach (var network in knowledge.Facts.Select(f => f.Network).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Add(network, [$"{FeatureKinds.Network}:{network}"], network);
        }

        // "Stephen King", "Marvel Comics": whose work a show adapts, by the name written down.
        foreach (var source in knowledge.Facts.SelectMany(f => f.Sources).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Add(source, [$"{FeatureKinds.Source}:{source}"], source);
        }

        // "Hugh Laurie", "David Attenborough": who is in it, by full name only (a first name alone is no one).
        foreach (var person in knowledge.Facts.SelectMany(f => f.Cast).Where(p => p.Contains(' ', StringComparison.Ordinal)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Add(person, [$"{FeatureKinds.Cast}:{person}"], person);
        }

        foreach (var tag in knowledge.Tags)
        {
            var kind = FeatureKinds.Of(tag);
            foreach (var words in tag.Words.Append(tag.Display))
            {
                Add(words, [$"{kind}:{tag.Name}"], tag.Display);
            }
        }

        foreach (var (words, features, label) in Fixed)
        {
            foreach (var phrase in words.Split('|'))
            {
                phrases[Normalize(phrase)] = (features, label);
            }
        }
    }

    /// <summary>Reads <paramref name="text"/>; the result says whether anything was understood.</summary>
    public RequestInWords Interpret(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return Read(text.Length > MaxLength ? text[..MaxLength] : text);
        }
        catch (RegexMatchTimeoutException)
        {
            return new RequestInWords([], [], [], []);
        }
    }

    private RequestInWords Read(string text)
    {
        var references = new List<Show>();
        var unresolved = new List<UnresolvedTitle>();
        var understood = new List<string>();
        var rest = ReferenceCue().Replace(text, m =>
        {
            var match = matcher.Match(m.Groups["title"].Value.Trim());
            if (match.IsResolved)
            {
                references.Add(match.Best!);
            }
            else
            {
                unresolved.Add(UnresolvedTitle.From(match));
            }

            return " , ";
        });

        var wanted = new List<string>();
        var (fromYear, toYear) = Decade(rest);
        if (fromYear is not null)
        {
            understood.Add(string.Create(CultureInfo.InvariantCulture, $"{fromYear}s"));
            rest = DecadeWords().Replace(rest, " ");
        }

        var words = Normalize(rest).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var at = 0; at < words.Length;)
        {
            var length = Math.Min(MaxPhraseWords, words.Length - at);
            for (; length > 0; length--)
            {
                var phrase = string.Join(' ', words, at, length);
                if (length == 1 && Ignored.Contains(phrase))
                {
                    continue;
                }

                if (phrases.TryGetValue(phrase, out var found) || phrases.TryGetValue(Singular(phrase), out found))
                {
                    wanted.Add(string.Join('|', found.Features));
                    understood.Add(found.Label);
                    break;
                }
            }

            at += Math.Max(length, 1);
        }

        return new RequestInWords(references.DistinctBy(s => s.Id).ToList(), wanted.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), understood.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), unresolved)
        {
            FromYear = fromYear,
            ToYear = toYear,
        };
    }

    private void Add(string words, string[] features, string label)
    {
        var key = Normalize(words);
        if (key.Length == 0)
        {
            return;
        }

        phrases[key] = phrases.TryGetValue(key, out var existing) ? ([.. existing.Features.Union(features)], existing.Label) : (features, label);
    }

    private static (int? From, int? To) Decade(string text)
    {
        var match = DecadeWords().Match(text);
        if (!match.Success)
        {
            return (null, null);
        }

        int start;
        if (match.Groups["century"].Success)
        {
            start = int.Parse(match.Groups["century"].Value + match.Groups["decade"].Value, CultureInfo.InvariantCulture);
        }
        else if (match.Groups["short"].Success)
        {
            var tens = int.Parse(match.Groups["short"].Value, CultureInfo.InvariantCulture);
            start = (tens >= 30 ? 1900 : 2000) + tens;
        }
        else
        {
            start = match.Groups["word"].Value.ToLowerInvariant() switch
            {
                "fifties" => 1950,
                "sixties" => 1960,
                "seventies" => 1970,
                "eighties" => 1980,
                _ => 1990,
            };
        }

        return (start, start + 9);
    }

    private static string Singular(string phrase) =>
        phrase.EndsWith("ies", StringComparison.Ordinal) ? phrase[..^3] + "y"
        : phrase.EndsWith('s') && !phrase.EndsWith("ss", StringComparison.Ordinal) ? phrase[..^1]
        : phrase;

    // The title matcher's folding: lower case, no accents, punctuation as spaces, safe on any Unicode.
    private static string Normalize(string text) => TitleNormalizer.Fold(text);

    [GeneratedRegex(@"\b(?:like|similar to|such as|in the vein of|reminds? me of|along the lines of|fans? of)\s+(?<title>.+?)(?=\s+(?:but|with|and|only|except|that|which|though|although|set|from|without|plus|in the)\b|[,.;!?]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex ReferenceCue();

    [GeneratedRegex(@"(?:\b(?<century>19|20)(?<decade>[0-9]0)'?s\b|(?:^|\s)['’]?(?<short>[0-9]0)'?s\b|\b(?<word>fifties|sixties|seventies|eighties|nineties)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex DecadeWords();
}
