using ShowBot.Recommender.Content;

namespace ShowBot.Recommender;

/// <summary>
/// A trained (or rule-based) model that answers the fold-in query every ShowBot model answers:
/// given the items a person likes, rank the rest of the catalog for them.
/// Implementations are immutable once built, so one instance can serve many threads.
/// </summary>
public interface IRecommendationModel
{
    /// <summary>Short algorithm name, e.g. <c>popularity</c>, <c>item-knn</c>, <c>ials</c>.</summary>
    string Algorithm { get; }

    /// <summary>Ranks items for the query, best first, never returning a liked, disliked or filtered-out item.</summary>
    IReadOnlyList<Recommendation> Recommend(RecommendationQuery query);
}

/// <summary>The fold-in query: external item ids the person likes, and what to leave out.</summary>
/// <param name="Liked">External ids of the items the person likes; ids unknown to the model are ignored.</param>
/// <param name="Count">How many recommendations to return at most.</param>
public sealed record RecommendationQuery(IReadOnlyCollection<string> Liked, int Count)
{
    /// <summary>External ids never to recommend and to treat as negative signal where the model can.</summary>
    public IReadOnlyCollection<string> Disliked { get; init; } = [];

    /// <summary>Optional filter on external ids (genre, years…); an item is recommended only if it returns true.</summary>
    public Func<string, bool>? Include { get; init; }
}

/// <summary>One ranked item.</summary>
/// <param name="ItemId">External id of the recommended item.</param>
/// <param name="Score">Model score; comparable only within one answer.</param>
/// <param name="BecauseOf">External id of the liked item that contributed most, when the model can tell.</param>
public readonly record struct Recommendation(string ItemId, float Score, string? BecauseOf)
{
    /// <summary>
    /// What the item shares with <see cref="BecauseOf"/>, strongest first, when the model can say: relations
    /// (kind <c>link</c>, value the relation from this item's side) and shared facts such as <c>creator</c> or <c>tag</c>.
    /// </summary>
    public IReadOnlyList<ContentFeature>? Evidence { get; init; }
}
