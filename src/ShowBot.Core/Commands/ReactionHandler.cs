using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Core.Commands;

/// <summary>
/// Turns reactions on posted suggestion lists into ratings: a number adds (or, removed, takes back) a like of
/// that suggestion; 👎 on the list dislikes the shows in it the person has not liked. Repeats change nothing.
/// </summary>
public sealed class ReactionHandler(ISuggestionMessageStore messages, IRatingStore ratings, ListsBeingPosted posting, TimeProvider time)
{
    /// <summary>Records, removes or ignores the rating the reaction stands for.</summary>
    public ReactionOutcome Handle(ReactionEvent reaction)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        if (reaction.ByBot)
        {
            return ReactionOutcome.IgnoredBotReaction;
        }

        if (posting.Find(messages, reaction.Message) is not { } list)
        {
            return ReactionOutcome.IgnoredUnknownMessage;
        }

        if (reaction.Number is { } number && (number < 1 || number > list.ShowIds.Count))
        {
            return ReactionOutcome.IgnoredNotASuggestion;
        }

        var shows = reaction.Number is { } n ? [list.ShowIds[n - 1]] : UnlikedShows(list, reaction.User);
        var changed = false;
        foreach (var show in shows)
        {
            changed |= reaction.Added
                ? ratings.Upsert(new Rating(reaction.User, show, reaction.Kind, RatingSource.Reaction, time.GetUtcNow()))
                : ratings.Remove(reaction.User, show, reaction.Kind, RatingSource.Reaction);
        }

        return (changed, reaction.Added) switch
        {
            (false, _) => ReactionOutcome.Unchanged,
            (true, true) => ReactionOutcome.Recorded,
            (true, false) => ReactionOutcome.Removed,
        };
    }

    private List<string> UnlikedShows(SuggestionMessage list, UserKey user)
    {
        var liked = ratings.ForUser(user).Where(r => r.Kind == RatingKind.Like).Select(r => r.ShowId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return list.ShowIds.Where(id => !liked.Contains(id)).ToList();
    }
}
