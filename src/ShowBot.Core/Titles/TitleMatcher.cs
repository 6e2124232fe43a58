using System.Text.RegularExpressions;

using ShowBot.Core.Catalog;

namespace ShowBot.Core.Titles;

/// <summary>
/// Resolves free text to catalog shows: IMDb id, then exact normalised title, then alias, then a typo-tolerant
/// fuzzy ranking with popularity as the tie-break. Ambiguity and low confidence are reported, never guessed
/// away. Built once per catalog; all lookups are read-only and safe to call from many threads.
/// </summary>
public sealed partial class TitleMatcher
{
    private const int FuzzyCandidates = 48;
    private const int AutocompleteFuzzyCandidates = 32;
    private const double AutocompleteFuzzyScore = 0.75;
    private const double YearBonus = 0.1;
    private const string Article = "the";

    // How many letters the article is worth when a typo in it is weighed against the rest of the title.
    private const double ArticleWeight = 4;

    private readonly TitleMatcherOptions options;
    private readonly Show[] shows;
    private readonly double[] popularity;
    private readonly Dictionary<string, Show> byId;
    private readonly Dictionary<string, int[]> byTitle;
    private readonly Dictionary<string, int[]> byAlias;
    private readonly Dictionary<string, int[]> byLooseTitle;
    private readonly bool[] startsWithThe;
    private readonly FuzzyTitleSearch fuzzy;
    private readonly TitlePrefixIndex prefixes;
    private readonly int longestKey;

    /// <summary>Indexes <paramref name="shows"/> with the default thresholds.</summary>
    public TitleMatcher(IEnumerable<Show> shows)
        : this(shows, new TitleMatcherOptions())
    {
    }

    /// <summary>Indexes <paramref name="shows"/>; a show id seen twice keeps its first row.</summary>
    public TitleMatcher(IEnumerable<Show> shows, TitleMatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(shows);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;

        // Show numbers are popularity ranks, so "lower number" means "more votes" everywhere below.
        this.shows = [.. shows
            .DistinctBy(s => s.Id, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(s => s.ImdbVotes ?? 0)
            .ThenBy(s => s.Title, StringComparer.Ordinal)
            .ThenBy(s => s.Id, StringComparer.Ordinal)];
        byId = this.shows.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        var mostVotes = Math.Log10(2 + (this.shows.Length == 0 ? 0 : this.shows[0].ImdbVotes ?? 0));
        popularity = [.. this.shows.Select(s => Math.Log10(1 + (s.ImdbVotes ?? 0)) / mostVotes)];

        var titles = new List<(string Key, int Show)>();
        var aliases = new List<(string Key, int Show)>();
        var loose = new List<(string Key, int Show)>();
        var entries = new List<TitleEntry>();
        var prefixKeys = new List<(string Key, int Show, PrefixKind Kind)>();
        startsWithThe = new bool[this.shows.Length];
        for (var i = 0; i < this.shows.Length; i++)
        {
            var folded = TitleNormalizer.Fold(this.shows[i].Title);
            var key = TitleNormalizer.StripLeadingThe(folded);
            if (key.Length == 0)
            {
                continue;
            }

            startsWithThe[i] = key.Length < folded.Length;
            titles.Add((key, i));
            loose.Add((TitleNormalizer.Compact(key), i));
            loose.Add((TitleNormalizer.Compact(TitleNormalizer.StripLeadingIndefiniteArticle(key)), i));
            entries.Add(new TitleEntry(i, key, FuzzyTitleSearch.Tokens(key), IsAlias: false));
            prefixKeys.Add((key, i, PrefixKind.Title));
            prefixKeys.Add((folded, i, PrefixKind.Title));
            for (var space = folded.IndexOf(' ', StringComparison.Ordinal); space >= 0; space = folded.IndexOf(' ', space + 1))
            {
                prefixKeys.Add((folded[(space + 1)..], i, PrefixKind.Word));
            }

            foreach (var alias in this.shows[i].Aliases)
            {
                var aliasKey = TitleNormalizer.Normalize(alias);
                if (aliasKey.Length > 0 && aliasKey != key)
                {
                    aliases.Add((aliasKey, i));
                    entries.Add(new TitleEntry(i, aliasKey, FuzzyTitleSearch.Tokens(aliasKey), IsAlias: true));
                    prefixKeys.Add((aliasKey, i, PrefixKind.Alias));
                }
            }
        }

        byTitle = Group(titles);
        byAlias = Group(aliases);
        byLooseTitle = Group(loose);
        longestKey = titles.Concat(aliases).Select(t => t.Key.Length).DefaultIfEmpty(0).Max();
        fuzzy = new FuzzyTitleSearch(entries);
        prefixes = new TitlePrefixIndex(prefixKeys);
    }

    /// <summary>Number of shows indexed.</summary>
    public int Count => shows.Length;

    /// <summary>The show with this IMDb id ("tt0903747", "0903747") or IMDb page ("https://www.imdb.com/title/tt0903747/"), or null.</summary>
    public Show? FindById(string id) =>
        Show.TryNormalizeId(ImdbTitleUrl().Match(id ?? "") is { Success: true } url ? url.Groups["id"].Value : id, out var normalized)
        && byId.TryGetValue(normalized, out var show) ? show : null;

    /// <summary>
    /// Resolves one typed title. For <see cref="MatchOutcome.Ambiguous"/> and <see cref="MatchOutcome.NotFound"/>,
    /// <see cref="TitleMatch.Alternatives"/> is the whole list to offer (Ambiguous: most popular first, starting
    /// with <see cref="TitleMatch.Best"/>); for resolved outcomes it holds the runners-up, without Best.
    /// Never throws.
    /// </summary>
    public TitleMatch Match(string text) => Match(text, fuzzyToo: true);

    private TitleMatch Match(string text, bool fuzzyToo)
    {
        text ??= "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return new TitleMatch(text, MatchOutcome.Empty, null, 0, []);
        }

        if (text.Length > TitleNormalizer.MaxInputLength)
        {
            return NotFound(text);
        }

        if ((LooksLikeId(text) || ImdbTitleUrl().IsMatch(text)) && FindById(text) is { } byImdbId)
        {
            return new TitleMatch(text, MatchOutcome.Exact, byImdbId, 1, []);
        }

        var key = TitleNormalizer.Normalize(text);
        if (key.Length == 0)
        {
            return new TitleMatch(text, MatchOutcome.Empty, null, 0, []);
        }

        if (key.Length > longestKey + 10)
        {
            return NotFound(text);
        }

        int? year = TitleNormalizer.TrySplitYear(key, out var bare, out var parsedYear) ? parsedYear : null;
        if (byTitle.TryGetValue(key, out var exact))
        {
            return Resolve(text, MatchOutcome.Exact, exact, null);
        }

        if (year is not null && byTitle.TryGetValue(bare, out exact))
        {
            return Resolve(text, MatchOutcome.Exact, exact, year);
        }

        if (byAlias.TryGetValue(key, out var alias) || byAlias.TryGetValue(TitleNormalizer.Compact(key), out alias))
        {
            return Resolve(text, MatchOutcome.Alias, alias, null);
        }

        if (year is not null && byAlias.TryGetValue(bare, out alias))
        {
            return Resolve(text, MatchOutcome.Alias, alias, year);
        }

        if (FindLoose(key) is { } looseMatch)
        {
            return Resolve(text, MatchOutcome.Exact, looseMatch, null);
        }

        if (year is not null && FindLoose(bare) is { } looseBare)
        {
            return Resolve(text, MatchOutcome.Exact, looseBare, year);
        }

        return fuzzyToo ? MatchFuzzy(text, year is null ? key : bare, year) : NotFound(text);
    }

    /// <summary>
    /// Up to <paramref name="max"/> shows for what has been typed so far, best first: exact title, exact alias,
    /// title prefix, a later word's prefix ("bad" → Breaking Bad), alias prefix, then typo-tolerant matches;
    /// most votes first within each. Empty text gives the most popular shows. Never throws.
    /// </summary>
    public IReadOnlyList<Show> Autocomplete(string partial, int max = 25)
    {
        max = Math.Clamp(max, 0, options.MaxAutocompleteChoices);
        if (max == 0)
        {
            return [];
        }

        var key = TitleNormalizer.Fold(partial);
        if (key.Length == 0)
        {
            return shows.Length <= max ? shows : shows[..max];
        }

        if (key.Length > longestKey + 10)
        {
            return [];
        }

        var top = new TopShows(max);
        prefixes.Collect(key, top);
        if (!top.IsFull && ArticleTypo(key) is { } typo && typo.Tail.Length > 0 && typo.Weight < 1)
        {
            // "teh wal": what "the wal" would find, after everything that starts with what was typed.
            var corrected = new TopShows(max);
            prefixes.Collect($"{Article} {typo.Tail}", corrected);
            foreach (var show in corrected.Shows)
            {
                top.Offer(MatchRank.Fuzzy, show);
            }
        }

        var stripped = TitleNormalizer.StripLeadingThe(key);
        if (!top.IsFull && stripped.Length >= 3)
        {
            foreach (var candidate in fuzzy.Search(stripped, typing: true, AutocompleteFuzzyCandidates, AutocompleteFuzzyScore))
            {
                if (candidate.Score < AutocompleteFuzzyScore)
                {
                    break;
                }

                top.Offer(MatchRank.Fuzzy, candidate.Show);
            }
        }

        return [.. top.Shows.Select(i => shows[i])];
    }

    /// <summary>
    /// Splits a typed list ("Breaking Bad, The Wire; Fargo") into titles at commas, semicolons, slashes, pipes,
    /// line breaks, " &amp; " and " and ", keeping titles that contain them ("Love, Death &amp; Robots",
    /// "Rick and Morty") whole when the catalog knows them. Returns at most
    /// <see cref="TitleMatcherOptions.MaxListTitles"/> trimmed, non-empty titles as typed.
    /// </summary>
    public IReadOnlyList<string> SplitList(string text) =>
        TitleListSplitter.Split(text ?? "", Fit, options.MaxListTitles);

    private SpanFit Fit(string span, int pieces, bool exactOnly)
    {
        // Fuzzy matching is the expensive part; a typo'd title is rarely more than three pieces long.
        return Match(span, fuzzyToo: !exactOnly && pieces <= 3).Outcome switch
        {
            MatchOutcome.Exact or MatchOutcome.Alias => SpanFit.Exact,
            MatchOutcome.Ambiguous when IsExactKey(span) => SpanFit.Exact,
            MatchOutcome.Confident or MatchOutcome.Ambiguous => SpanFit.Fuzzy,
            _ => SpanFit.None,
        };
    }

    private bool IsExactKey(string span)
    {
        var key = TitleNormalizer.Normalize(span);
        return byTitle.ContainsKey(key) || byAlias.ContainsKey(key)
            || (TitleNormalizer.TrySplitYear(key, out var bare, out _) && (byTitle.ContainsKey(bare) || byAlias.ContainsKey(bare)));
    }

    private static bool LooksLikeId(string text)
    {
        // "24" and "1923" are titles; an id is written with "tt" or with all seven or eight digits.
        var trimmed = text.AsSpan().Trim();
        return trimmed.StartsWith("tt", StringComparison.OrdinalIgnoreCase) || trimmed.Length >= 7;
    }

    private int[]? FindLoose(string key)
    {
        if (byLooseTitle.TryGetValue(TitleNormalizer.Compact(key), out var found))
        {
            return found;
        }

        var withoutArticle = TitleNormalizer.StripLeadingIndefiniteArticle(key);
        return withoutArticle != key && byLooseTitle.TryGetValue(TitleNormalizer.Compact(withoutArticle), out found) ? found : null;
    }

    /// <summary>Several shows answer to the same key: a year in the text or one dominant show decides, else ask.</summary>
    private TitleMatch Resolve(string text, MatchOutcome outcome, int[] group, int? year)
    {
        if (group.Length == 1)
        {
            return new TitleMatch(text, outcome, shows[group[0]], 1, []);
        }

        if (year is not null)
        {
            var sameYear = Array.FindAll(group, i => shows[i].StartYear == year);
            if (sameYear.Length == 1)
            {
                return new TitleMatch(text, outcome, shows[sameYear[0]], 1, Shows(group.Where(i => i != sameYear[0])));
            }

            if (sameYear.Length > 1)
            {
                group = sameYear;
            }
        }

        if (IsDominant(group, options.DominanceRatio))
        {
            return new TitleMatch(text, outcome, shows[group[0]], VoteShare(group, 0), Shows(group.Skip(1)));
        }

        return IsDominant(group, options.FavouriteRatio)
            ? new TitleMatch(text, MatchOutcome.Favourite, shows[group[0]], VoteShare(group, 0), Shows(group.Skip(1)))
            : new TitleMatch(text, MatchOutcome.Ambiguous, shows[group[0]], VoteShare(group, 0), Shows(group));
    }

    private TitleMatch MatchFuzzy(string text, string key, int? year)
    {
        var scored = fuzzy.Search(key, typing: false, FuzzyCandidates, options.SuggestScore);
        if (ArticleTypo(key) is { } typo)
        {
            scored = WithArticleTypo(scored, typo.Tail, typo.Weight);
        }

        if (scored.Count == 0)
        {
            return NotFound(text);
        }

        var ranked = scored
            .Where(s => s.Score >= options.SuggestScore)
            .Select(s => (s.Show, s.Score, Rank: s.Score + (options.PopularityWeight * popularity[s.Show]) + (year is not null && shows[s.Show].StartYear == year ? YearBonus : 0)))
            .OrderByDescending(s => s.Rank)
            .ThenBy(s => s.Show)
            .ToList();
        if (ranked.Count == 0)
        {
            return NotFound(text);
        }

        var top = ranked[0];
        if (top.Score < options.ConfidentScore)
        {
            return new TitleMatch(text, MatchOutcome.NotFound, null, 0, Shows(ranked.Select(r => r.Show)));
        }

        var close = ranked.Where(r => r.Rank >= top.Rank - options.AmbiguityMargin).Select(r => r.Show).Order().ToArray();
        if (close.Length == 1 || IsDominant(close, options.DominanceRatio))
        {
            return new TitleMatch(text, MatchOutcome.Confident, shows[close[0]], ranked.First(r => r.Show == close[0]).Score, Shows(ranked.Select(r => r.Show).Where(s => s != close[0])));
        }

        // A misspelt title that namesakes share ("teh office") is decided as the title itself would be.
        var namesakes = close.All(i => string.Equals(shows[i].Title, shows[close[0]].Title, StringComparison.OrdinalIgnoreCase));
        return namesakes && IsDominant(close, options.FavouriteRatio)
            ? new TitleMatch(text, MatchOutcome.Favourite, shows[close[0]], top.Score * VoteShare(close, 0), Shows(close.Skip(1)))
            : new TitleMatch(text, MatchOutcome.Ambiguous, shows[close[0]], top.Score * VoteShare(close, 0), Shows(close));
    }

    /// <summary>
    /// "teh office", "tjhe other two", "fhe wire": a first word within one edit (or a swap) of "the", and the
    /// rest. <see cref="TitleNormalizer.Normalize"/> only drops a correctly spelt article, so the rest is
    /// matched again on its own. The weight (below 1) is what the misspelt article costs the match.
    /// </summary>
    private static (string Tail, double Weight)? ArticleTypo(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        if (space is < 2 or > 4)
        {
            return null;
        }

        var first = key.AsSpan(0, space);
        var distance = EditDistance.Distance(first, Article, EditDistance.Edit);
        if (distance > EditDistance.Edit)
        {
            return null;
        }

        var rest = key[(space + 1)..];
        var similarity = 1 - ((double)distance / (EditDistance.Edit * Math.Max(first.Length, Article.Length)));
        return (rest, (rest.Length + (ArticleWeight * similarity)) / (rest.Length + ArticleWeight));
    }

    /// <summary>
    /// Adds to the fuzzy scores those of the titles starting with "The" that the rest of the query names
    /// (exactly, or else fuzzily), discounted by the typo in the article; each show keeps its better score.
    /// </summary>
    private List<ScoredShow> WithArticleTypo(List<ScoredShow> scored, string rest, double weight)
    {
        var corrected = byTitle.TryGetValue(rest, out var exact)
            ? exact.Select(i => new ScoredShow(i, 1)).ToList()
            : fuzzy.Search(rest, typing: false, FuzzyCandidates, options.SuggestScore);
        var best = scored.ToDictionary(s => s.Show, s => s.Score);
        foreach (var (show, score) in corrected)
        {
            if (startsWithThe[show] && score * weight > best.GetValueOrDefault(show))
            {
                best[show] = score * weight;
            }
        }

        return [.. best.Select(kv => new ScoredShow(kv.Key, kv.Value))];
    }

    /// <summary>Whether the first (group members are popularity ranks) has more than <paramref name="ratio"/> times the votes of the rest.</summary>
    private bool IsDominant(int[] group, double ratio)
    {
        var rest = 0L;
        for (var i = 1; i < group.Length; i++)
        {
            rest += shows[group[i]].ImdbVotes ?? 0;
        }

        return (shows[group[0]].ImdbVotes ?? 0) > ratio * rest;
    }

    private double VoteShare(int[] group, int member)
    {
        var total = group.Sum(i => (double)(shows[i].ImdbVotes ?? 0));
        return total == 0 ? 1.0 / group.Length : (shows[group[member]].ImdbVotes ?? 0) / total;
    }

    private List<Show> Shows(IEnumerable<int> ranks) => [.. ranks.Take(options.MaxAlternatives).Select(i => shows[i])];

    private static TitleMatch NotFound(string text) => new(text, MatchOutcome.NotFound, null, 0, []);

    private static Dictionary<string, int[]> Group(List<(string Key, int Show)> keys) =>
        keys.GroupBy(k => k.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(k => k.Show).Distinct().Order().ToArray(), StringComparer.Ordinal);

    // A title's page on IMDb as people paste it: any subdomain (www, m), a language segment, a query string or a trailing slash.
    [GeneratedRegex(@"^\s*(?:https?://)?(?:[a-z0-9-]+\.)*imdb\.com/(?:[a-z]{2}(?:-[a-z]{2})?/)?title/(?<id>tt\d{7,10})(?:[/?#]\S*)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImdbTitleUrl();
}
