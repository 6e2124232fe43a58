using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Recommender;
using ShowBot.Recommender.Content;

namespace ShowBot.Core.Recommendations;

/// <summary>Turns the shows a person gave into numbered suggestions, using the serving model and the catalog.</summary>
public sealed class ShowRecommender(ShowCatalog catalog, ServingModel serving, IRatingStore ratings)
{
    /// <summary>
    /// Suggests shows like <paramref name="showIds"/>. Shows the person already rated (liked or disliked) are not
    /// suggested again: they know those.
    /// </summary>
    public SuggestionsReply Recommend(UserKey user, IReadOnlyList<string> showIds, int count, string? genre)
    {
        ArgumentNullException.ThrowIfNull(showIds);
        var rated = ratings.ForUser(user);
        var alreadyRated = rated.Select(r => r.ShowId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var query = new RecommendationQuery(showIds, count)
        {
            Disliked = rated.Where(r => r.Kind == RatingKind.Dislike).Select(r => r.ShowId).ToList(),
            Include = id => !alreadyRated.Contains(id)
                && (genre is null || catalog.Find(id)?.Genres.Contains(genre, StringComparer.OrdinalIgnoreCase) == true),
        };

        var model = serving.Current.Model;
        var suggestions = model.Recommend(query)
            .Select(r => (Show: catalog.Find(r.ItemId), Because: r.BecauseOf is null ? null : catalog.Find(r.BecauseOf)))
            .Where(s => s.Show is not null)
            .Select((s, index) => new Suggestion(index + 1, s.Show!, s.Because))
            .ToList();

        return new SuggestionsReply(suggestions, showIds.Select(catalog.Find).OfType<Show>().ToList());
    }

    /// <summary>The baseline model over a catalog: popularity blended with genre similarity.</summary>
    public static DeployedModel Baseline(ShowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var profiles = catalog.Shows.Select(s => new ItemProfile(s.Id, s.Genres, s.ImdbVotes ?? 0));
        return new DeployedModel("baseline", new ContentPopularityModel(profiles));
    }
}
