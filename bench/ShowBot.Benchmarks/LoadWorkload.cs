using System.Globalization;
using System.Text;

using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

namespace ShowBot.Benchmarks;

/// <summary>
/// What the load benchmark asks and trains on: /recommend texts naming one to three well-known shows of the built-in
/// catalog as people type them ("Breaking Bad", "The Sopranos, Succession"), and a generated rating set over the same
/// catalog's ids for a served EASE model.
/// </summary>
internal static class LoadWorkload
{
    private const int Seed = 20261213;

    /// <summary>Request texts: the most voted built-in shows whose title resolves without a question, one to three per request.</summary>
    public static IReadOnlyList<string> Requests(int count)
    {
        var catalog = new ShowCatalog(CatalogCsv.BuiltIn());
        var titles = catalog.Shows
            .OrderByDescending(s => s.ImdbVotes ?? 0)
            .Select(s => s.Title)
            .Where(t => catalog.Matcher.Match(t).Outcome is MatchOutcome.Exact or MatchOutcome.Alias)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(300)
            .ToArray();
        var random = new Random(Seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var size = random.Next(100) switch { < 50 => 1, < 85 => 2, _ => 3 };
            return string.Join(", ", Enumerable.Range(0, size).Select(_ => titles[(int)(titles.Length * Math.Pow(random.NextDouble(), 2))]).Distinct());
        })];
    }

    /// <summary>
    /// <c>user,show,rating</c> (1–10) for <paramref name="users"/> people over the built-in catalog: each has one or two
    /// favourite genres and rates 10 to 60 shows of them, better-known shows more often, four in five of them 8 or more
    /// (liked at the default threshold). Taste that clusters by genre gives EASE the structure a real set has.
    /// </summary>
    public static IEnumerable<(string User, string Show, int Rating)> Ratings(int users)
    {
        var shows = CatalogCsv.BuiltIn();
        var byGenre = shows.SelectMany(s => s.Genres.Select(g => (Genre: g, Show: s)))
            .GroupBy(p => p.Genre, StringComparer.Ordinal)
            .Where(g => g.Count() >= 20)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Show).ToArray(), StringComparer.Ordinal);
        var genres = byGenre.Keys.Order(StringComparer.Ordinal).ToArray();
        var random = new Random(Seed);
        for (var user = 0; user < users; user++)
        {
            var pool = Enumerable.Range(0, 1 + random.Next(2)).SelectMany(_ => byGenre[genres[random.Next(genres.Length)]]).Distinct().ToArray();
            var weights = pool.Select(s => Math.Sqrt(1 + (s.ImdbVotes ?? 0))).ToArray();
            var total = weights.Sum();
            var rated = new HashSet<string>(StringComparer.Ordinal);
            var wanted = Math.Min(pool.Length, 10 + random.Next(51));
            while (rated.Count < wanted)
            {
                var pick = random.NextDouble() * total;
                var at = 0;
                while (at < pool.Length - 1 && (pick -= weights[at]) > 0)
                {
                    at++;
                }

                if (rated.Add(pool[at].Id))
                {
                    var rating = random.Next(5) == 0 ? 3 + random.Next(5) : 8 + random.Next(3);
                    yield return ($"u{user}", pool[at].Id, rating);
                }
            }
        }
    }

    /// <summary>Writes <see cref="Ratings"/> as a CSV file <c>showbot import-ratings</c> reads.</summary>
    public static void WriteRatings(string path, int users)
    {
        var text = new StringBuilder("user,show,rating\n");
        foreach (var (user, show, rating) in Ratings(users))
        {
            text.Append(CultureInfo.InvariantCulture, $"{user},{show},{rating}\n");
        }

        File.WriteAllText(path, text.ToString());
    }
}
