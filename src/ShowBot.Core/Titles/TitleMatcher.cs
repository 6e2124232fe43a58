using ShowBot.Core.Catalog;

namespace ShowBot.Core.Titles;

/// <summary>Resolves free text to catalog shows. Built once per catalog; thread-safe for reads.</summary>
public sealed class TitleMatcher
{
    private readonly Dictionary<string, Show> byId;
    private readonly Dictionary<string, List<Show>> byTitle;

    public TitleMatcher(IEnumerable<Show> shows)
    {
        var all = shows.ToList();
        byId = all.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        byTitle = all.GroupBy(s => s.Title.Trim().ToUpperInvariant()).ToDictionary(g => g.Key, g => g.ToList());
    }

    public Show? FindById(string id) => Show.TryNormalizeId(id, out var normalized) && byId.TryGetValue(normalized, out var show) ? show : null;

    public TitleMatch Match(string text)
    {
        if (FindById(text) is { } show)
        {
            return new TitleMatch(text, MatchOutcome.Exact, show, 1, []);
        }

        if (byTitle.TryGetValue(text.Trim().ToUpperInvariant(), out var shows))
        {
            return shows.Count == 1
                ? new TitleMatch(text, MatchOutcome.Exact, shows[0], 1, [])
                : new TitleMatch(text, MatchOutcome.Ambiguous, shows[0], 0.5, shows);
        }

        return new TitleMatch(text, MatchOutcome.NotFound, null, 0, []);
    }

    public IReadOnlyList<Show> Autocomplete(string partial, int max = 25) =>
        byId.Values.Where(s => s.Title.StartsWith(partial, StringComparison.OrdinalIgnoreCase)).Take(max).ToList();

    public IReadOnlyList<string> SplitList(string text)
    {
        var pieces = text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var titles = new List<string>();
        for (var i = 0; i < pieces.Length; i++)
        {
            var joined = i + 1 < pieces.Length ? $"{pieces[i]}, {pieces[i + 1]}" : null;
            if (joined is not null && !byTitle.ContainsKey(pieces[i].ToUpperInvariant()) && byTitle.ContainsKey(joined.ToUpperInvariant()))
            {
                titles.Add(joined);
                i++;
            }
            else
            {
                titles.Add(pieces[i]);
            }
        }

        return titles;
    }
}
