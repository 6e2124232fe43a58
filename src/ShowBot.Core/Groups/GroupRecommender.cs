using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Requests;
using ShowBot.Recommender;

namespace ShowBot.Core.Groups;

/// <summary>
/// One list for a group, by least misery over per-person scores: each member with likes is scored by the serving model
/// as for /recommend, their scores normalised to 0..1 (their best 1, their weakest candidate and anything outside their
/// candidates 0), and a show's group score is its lowest member's score, ties broken by the average. So the list leads
/// with shows everyone can live with, never with one a member would hate however much the others love it.
/// A show any member rated, or that was already suggested to this group, is left out.
/// </summary>
public sealed class GroupRecommender(ShowCatalog catalog, ServingModel serving, IRatingStore ratings, ISuggestionMessageStore messages, ShowKnowledge knowledge)
{
    /// <summary>How many candidates each member's scores cover; shows outside them count 0 for that member.</summary>
    public const int CandidatesPerMember = 300;

    /// <summary>Up to <paramref name="count"/> suggestions for the group, each saying for whom it fits.</summary>
    public SuggestionsReply Recommend(IReadOnlyList<GroupMember> group, int count)
    {
        ArgumentNullException.ThrowIfNull(group);
        var model = serving.Current.Model;
        var rated = group.ToDictionary(m => m.User, m => ratings.ForUser(m.User));
        var left = rated.Values.SelectMany(r => r).Select(r => r.ShowId)
            .Concat(messages.ShowsSuggestedTo([.. group.Select(m => m.User)]))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Include(string id) => !left.Contains(id) && catalog.Find(id) is not null;

        var tastes = group
            .Select(member => (Member: member, Liked: Ids(rated[member.User], RatingKind.Like), Disliked: Ids(rated[member.User], RatingKind.Dislike)))
            .Where(t => t.Liked.Count > 0)
            .Select(t => (t.Member, Scores: Normalized(model.Recommend(new RecommendationQuery(t.Liked, CandidatesPerMember) { Disliked = t.Disliked, Include = Include }))))
            .ToList();

        var suggestions = tastes.SelectMany(t => t.Scores.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => (Id: id, Scores: tastes.Select(t => t.Scores.TryGetValue(id, out var s) ? s.Score : 0f).ToList()))
            .OrderByDescending(c => c.Scores.Min())
            .ThenByDescending(c => c.Scores.Average())
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(count)
            .Select((c, index) => new Suggestion(index + 1, catalog.Find(c.Id)!, BecauseYouLiked: null) { Why = ForWhom(c.Id, tastes), Premise = knowledge.Find(c.Id)?.Premise ?? "" })
            .ToList();
        return new SuggestionsReply(suggestions, []) { Group = [.. group.Select(m => m.Name)], Actions = ChatActions.ForSuggestions(suggestions) };
    }

    /// <summary>"for Ana: because you liked Fargo", one per member the show scored for.</summary>
    private List<string> ForWhom(string id, List<(GroupMember Member, Dictionary<string, (Recommendation Recommendation, float Score)> Scores)> tastes) =>
        tastes
            .Select(t => (t.Member, Scored: t.Scores.GetValueOrDefault(id)))
            .Where(t => t.Scored.Score > 0)
            .Select(t => t.Scored.Recommendation.BecauseOf is { } because && catalog.Find(because) is { } liked
                ? $"for {t.Member.Name}: because you liked {liked.Title}"
                : $"for {t.Member.Name}")
            .ToList();

    private static List<string> Ids(IReadOnlyList<Rating> rated, RatingKind kind) => rated.Where(r => r.Kind == kind).Select(r => r.ShowId).ToList();

    /// <summary>One member's scores on 0..1, so no member's scale outweighs another's.</summary>
    private static Dictionary<string, (Recommendation Recommendation, float Score)> Normalized(IReadOnlyList<Recommendation> answer)
    {
        if (answer.Count == 0)
        {
            return [];
        }

        var low = answer.Min(r => r.Score);
        var range = answer.Max(r => r.Score) - low;
        return answer.DistinctBy(r => r.ItemId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(r => r.ItemId, r => (r, range > 0 ? (r.Score - low) / range : 1f), StringComparer.OrdinalIgnoreCase);
    }
}
