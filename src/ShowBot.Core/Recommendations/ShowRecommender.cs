using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Damage;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Ratings;
using ShowBot.Recommender;
using ShowBot.Recommender.Content;

namespace ShowBot.Core.Recommendations;

/// <summary>What a person asked for: shows they like, and what a request in words added.</summary>
/// <param name="ShowIds">Shows they gave; may be empty for a browse or a request in words.</param>
/// <param name="Count">How many suggestions.</param>
public sealed record SuggestionAsk(IReadOnlyList<string> ShowIds, int Count)
{
    /// <summary>Only shows of this genre, when set.</summary>
    public string? Genre { get; init; }

    /// <summary>What was asked for in words, one entry each: its features as <c>kind:value</c>, <c>|</c>-separated (<c>genre:Thriller|tag:suspenseful</c>).</summary>
    public IReadOnlyList<string> Wanted { get; init; } = [];

    /// <summary>Only shows still running in or after this year, when set.</summary>
    public int? FromYear { get; init; }

    /// <summary>Only shows that started in or before this year, when set.</summary>
    public int? ToYear { get; init; }

    /// <summary>What was understood from the words, for the heading ("cozy, British, murder mystery").</summary>
    public string? Description { get; init; }

    /// <summary>Shows not to suggest (already shown to the person), besides the ones they rated.</summary>
    public IReadOnlyCollection<string> Exclude { get; init; } = [];
}

/// <summary>
/// Turns the shows a person gave into numbered suggestions, using the serving model and the catalog; each carries the
/// premise <paramref name="knowledge"/> has for it.
/// </summary>
public sealed class ShowRecommender(ShowCatalog catalog, ServingModel serving, IRatingStore ratings, KnowledgeModel content, ShowKnowledge knowledge)
{
    /// <summary>
    /// Suggests shows like <paramref name="showIds"/>. Shows the person already rated (liked or disliked) are not
    /// suggested again: they know those.
    /// </summary>
    public SuggestionsReply Recommend(UserKey user, IReadOnlyList<string> showIds, int count, string? genre) =>
        Recommend(user, new SuggestionAsk(showIds, count) { Genre = genre });

    /// <summary>
    /// Suggests shows for <paramref name="ask"/>. Shows given, with nothing asked in words, go to the serving model;
    /// a request in words or a browse (no shows) is answered by the knowledge model, which understands features.
    /// Shows the person already rated are left out: they know those.
    /// </summary>
    public SuggestionsReply Recommend(UserKey user, SuggestionAsk ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var rated = RatingsOf(user);
        var alreadyRated = rated.Select(r => r.ShowId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var disliked = rated.Where(r => r.Kind == RatingKind.Dislike).Select(r => r.ShowId).ToList();
        var excluded = ask.Exclude.ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Include(string id) => !alreadyRated.Contains(id) && !excluded.Contains(id) && catalog.Find(id) is { } show && Fits(show, ask);

        var answer = ask.Wanted.Count == 0 && ask.ShowIds.Count > 0
            ? serving.Current.Model.Recommend(new RecommendationQuery(ask.ShowIds, ask.Count) { Disliked = disliked, Include = Include })
            : content.Recommend(new ContentQuery(ask.ShowIds, ask.Count)
            {
                Wanted = ask.Wanted.Select(ParseWanted).ToList(),
                Disliked = disliked,
                Include = Include,
            });

        var suggestions = answer
            .Select(r => (Show: catalog.Find(r.ItemId), Because: r.BecauseOf is null ? null : catalog.Find(r.BecauseOf), r.Evidence))
            .Where(s => s.Show is not null)
            .Select((s, index) => new Suggestion(index + 1, s.Show!, s.Because)
            {
                Why = Why(s.Evidence, s.Because),
                Premise = knowledge.Find(s.Show!.Id)?.Premise ?? "",
            })
            .ToList();

        return new SuggestionsReply(suggestions, ask.ShowIds.Select(catalog.Find).OfType<Show>().ToList())
        {
            Asked = ask.Description ?? ask.Genre,
            Actions = ChatActions.ForSuggestions(suggestions),
        };
    }

    private static bool Fits(Show show, SuggestionAsk ask) =>
        (ask.Genre is null || show.Genres.Contains(ask.Genre, StringComparer.OrdinalIgnoreCase))
        && (ask.FromYear is null || show.EndYear is null || show.EndYear >= ask.FromYear)
        && (ask.ToYear is null || show.StartYear <= ask.ToYear);

    private static IReadOnlyList<string> Why(IReadOnlyList<ContentFeature>? evidence, Show? because) =>
        because is not null
            ? SuggestionReasons.Describe(evidence, because)
            : evidence is { Count: > 0 } ? ["fits: " + string.Join(", ", evidence.Select(SuggestionReasons.Name))] : [];

    /// <summary>The person's ratings, or none when the ratings are damaged: suggestions are still worth giving.</summary>
    private IReadOnlyList<Rating> RatingsOf(UserKey user)
    {
        try
        {
            return ratings.ForUser(user);
        }
        catch (StoredDataDamagedException)
        {
            return [];
        }
    }

    /// <summary>One thing asked for, as a request stores it (<c>genre:Thriller|tag:suspenseful</c>), back into its features.</summary>
    public static IReadOnlyList<ContentFeature> ParseWanted(string wanted) =>
        wanted.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(feature =>
        {
            var colon = feature.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? new ContentFeature(FeatureKinds.Tag, feature) : new ContentFeature(feature[..colon], feature[(colon + 1)..]);
        }).ToList();
}
