using ShowBot.Core.Catalog;
using ShowBot.Core.Import;
using ShowBot.Recommender;

namespace ShowBot.Core.Recommendations;

/// <summary>One show and the shows people consider similar to it.</summary>
public sealed record SimilarShows(string ShowId, IReadOnlyList<string> SimilarIds);

/// <summary>How one model did against similar-show lists.</summary>
/// <param name="Model">Which model.</param>
/// <param name="Shows">Shows scored: in the catalog, with at least one of their similar shows in it too.</param>
/// <param name="HitRate">Share of those shows whose list of <c>K</c> holds at least one similar show.</param>
/// <param name="Recall">Mean share of each show's similar shows (those in the catalog) that its list holds.</param>
public sealed record SimilarShowsScore(string Model, int Shows, double HitRate, double Recall);

/// <summary>
/// Scores suggestions against people's similar-show lists: for each show, <c>/recommend &lt;show&gt; --count K</c> as
/// a new user would get it, and whether the list holds the shows people named. For measuring only: the lists are
/// never an input to a model.
/// </summary>
public static class SimilarShowsEvaluation
{
    /// <summary>The cut-off of the list, as <c>--count 10</c>.</summary>
    public const int K = 10;

    /// <summary>Reads <c>show_id,title,similar_show_ids</c> (ids space-separated); rows with a bad id are skipped.</summary>
    public static IReadOnlyList<SimilarShows> Read(TextReader reader)
    {
        var rows = CsvReader.Read(reader).Skip(1);
        var lists = new List<SimilarShows>();
        foreach (var row in rows)
        {
            if (row.Fields.Count < 3 || !Show.TryNormalizeId(row.Fields[0], out var id))
            {
                continue;
            }

            var similar = row.Fields[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => Show.TryNormalizeId(s, out var sid) ? sid : null)
                .OfType<string>()
                .ToList();
            lists.Add(new SimilarShows(id, similar));
        }

        return lists;
    }

    /// <summary>
    /// Scores <paramref name="model"/> on the shows of <paramref name="lists"/> that <paramref name="catalog"/> can answer;
    /// <paramref name="ranks"/>, when given, hears each show's similar shows with the rank the model gave them (0 when
    /// not within <paramref name="depth"/>), to see how far a miss was.
    /// </summary>
    public static SimilarShowsScore Score(string name, IRecommendationModel model, ShowCatalog catalog, IReadOnlyList<SimilarShows> lists, Action<string, IReadOnlyList<(string Id, int Rank)>>? ranks = null, int depth = K)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(lists);
        var (shows, hits, recall) = (0, 0, 0.0);
        foreach (var list in lists)
        {
            var relevant = list.SimilarIds.Where(id => catalog.Find(id) is not null).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (catalog.Find(list.ShowId) is null || relevant.Count == 0)
            {
                continue;
            }

            var answer = model.Recommend(new RecommendationQuery([list.ShowId], Math.Max(K, depth)) { Include = id => catalog.Find(id) is not null });
            var found = answer.Take(K).Count(r => relevant.Contains(r.ItemId));
            if (ranks is not null)
            {
                var rankOf = answer.Select((r, index) => (r.ItemId, Rank: index + 1)).ToDictionary(r => r.ItemId, r => r.Rank, StringComparer.OrdinalIgnoreCase);
                ranks(list.ShowId, relevant.Select(id => (id, rankOf.GetValueOrDefault(id))).ToList());
            }
            shows++;
            hits += found > 0 ? 1 : 0;
            recall += (double)found / relevant.Count;
        }

        return shows == 0 ? new SimilarShowsScore(name, 0, 0, 0) : new SimilarShowsScore(name, shows, (double)hits / shows, recall / shows);
    }

    /// <summary>The catalog after importing <paramref name="imported"/> over the built-in one: imported rows win, as in the store.</summary>
    public static ShowCatalog WithImport(IEnumerable<Show> imported)
    {
        var shows = imported.ToList();
        var ids = shows.Select(s => s.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ShowCatalog([.. shows, .. CatalogCsv.BuiltIn().Where(s => !ids.Contains(s.Id))]);
    }
}
