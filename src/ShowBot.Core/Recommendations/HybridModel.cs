using ShowBot.Recommender;
using ShowBot.Recommender.Content;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Recommendations;

/// <summary>
/// Serves a trained collaborative model and the knowledge model together, trusting the collaborative scores only
/// as far as the evidence behind them goes. A show liked by <c>n</c> people in training is trusted
/// <c>n / (n + EvidenceHalfTrust)</c>; a suggestion's collaborative weight is the trust in the shows given times the
/// trust in the candidate, and the knowledge model carries the rest. So a model trained on a handful of likes cannot
/// push its few popular shows at someone, while one trained on thousands leads. Shows nobody rated (cold start)
/// are the knowledge model's alone.
/// </summary>
public sealed class HybridModel(FoldInModel trained, KnowledgeModel content) : IRecommendationModel
{
    /// <summary>Likes at which a show's collaborative evidence counts half.</summary>
    public const int EvidenceHalfTrust = 25;

    private const int PoolFactor = 5;
    private const int MinPool = 50;

    /// <inheritdoc />
    public string Algorithm => trained.Algorithm;

    /// <inheritdoc />
    public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var inputLikes = query.Liked.Sum(trained.LikeCountOf);
        if (inputLikes == 0)
        {
            return content.Recommend(query);
        }

        var inputTrust = Trust(inputLikes / (double)query.Liked.Count);
        var pool = query with { Count = Math.Max(MinPool, query.Count * PoolFactor) };
        var collaborative = Normalized(trained.Recommend(pool));
        var knowledge = Normalized(content.Recommend(ContentQuery.From(pool) with { Explained = false }));

        // The knowledge model explains only the suggestions kept, since explaining costs more than ranking.
        return collaborative.Keys.Union(knowledge.Keys)
            .Select(id =>
            {
                var weight = inputTrust * Trust(trained.LikeCountOf(id));
                var (cf, cfScore) = collaborative.TryGetValue(id, out var c) ? (c.Recommendation, c.Score) : (default, 0f);
                var (kn, knScore) = knowledge.TryGetValue(id, out var k) ? (k.Recommendation, k.Score) : (default, 0f);
                var score = (float)((weight * cfScore) + ((1 - weight) * knScore));
                var byKnowledge = knowledge.ContainsKey(id) && (1 - weight) * knScore >= weight * cfScore;
                return (Suggestion: (byKnowledge ? kn : cf) with { ItemId = id, Score = score }, ByKnowledge: byKnowledge);
            })
            .OrderByDescending(r => r.Suggestion.Score)
            .ThenBy(r => r.Suggestion.ItemId, StringComparer.Ordinal)
            .Take(query.Count)
            .Select(r => r.ByKnowledge && r.Suggestion.BecauseOf is { } liked
                ? r.Suggestion with { Evidence = content.Evidence(liked, r.Suggestion.ItemId) }
                : r.Suggestion)
            .ToList();
    }

    private static double Trust(double likes) => likes / (likes + EvidenceHalfTrust);

    private static Dictionary<string, (Recommendation Recommendation, float Score)> Normalized(IReadOnlyList<Recommendation> answer)
    {
        if (answer.Count == 0)
        {
            return [];
        }

        // Scaled so the best is 1 and nothing (or less) is 0: a list of zero scores is no evidence at all.
        var low = Math.Min(0f, answer.Min(r => r.Score));
        var range = answer.Max(r => r.Score) - low;
        return answer.ToDictionary(r => r.ItemId, r => (r, range > 0 ? (r.Score - low) / range : 0f), StringComparer.OrdinalIgnoreCase);
    }
}
