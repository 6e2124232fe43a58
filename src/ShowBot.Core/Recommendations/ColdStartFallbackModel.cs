using ShowBot.Recommender;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Recommendations;

/// <summary>
/// Serves a trained collaborative model, falling back to the content baseline for what the model cannot know:
/// a person whose liked shows no rating ever touched (cold start), and shows nobody has rated yet, which top up
/// a list the trained model could not fill.
/// </summary>
public sealed class ColdStartFallbackModel(FoldInModel trained, IRecommendationModel fallback) : IRecommendationModel
{
    /// <inheritdoc />
    public string Algorithm => trained.Algorithm;

    /// <summary>The trained model, without the fallback.</summary>
    public IRecommendationModel Trained => trained;

    /// <inheritdoc />
    public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.Liked.Any(id => trained.Items.TryGetDenseId(id, out _)))
        {
            return fallback.Recommend(query);
        }

        var answer = trained.Recommend(query);
        if (answer.Count >= query.Count)
        {
            return answer;
        }

        var chosen = answer.Select(r => r.ItemId).ToHashSet(StringComparer.Ordinal);
        var topUp = fallback.Recommend(query with { Count = query.Count + chosen.Count })
            .Where(r => !chosen.Contains(r.ItemId))
            .Take(query.Count - answer.Count);
        return [.. answer, .. topUp];
    }
}
