namespace ShowBot.Core.Ratings;

/// <summary>Where ratings are persisted. A (user, show) pair has at most one rating.</summary>
public interface IRatingStore
{
    /// <summary>Stores the rating, replacing any earlier one of the same user and show. Returns false when nothing changed.</summary>
    bool Upsert(Rating rating);

    /// <summary>Stores many ratings in one transaction; returns how many were new or changed.</summary>
    int UpsertMany(IEnumerable<Rating> ratings);

    /// <summary>Removes the rating of that user and show if it has that kind and source. Returns true if one was removed.</summary>
    bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source);

    /// <summary>The user's ratings, newest first.</summary>
    IReadOnlyList<Rating> ForUser(UserKey user);

    /// <summary>Deletes everything stored about the user's tastes; returns how many ratings went.</summary>
    int ForgetUser(UserKey user);

    /// <summary>Every rating, streamed.</summary>
    IEnumerable<Rating> All();

    /// <summary>
    /// The number of the last change (every upsert, removal and forget is a numbered change, kept forever), 0 when
    /// nothing was ever rated. It names a data version: <see cref="AsOf"/> gives back exactly the ratings of then.
    /// </summary>
    long LastChange { get; }

    /// <summary>How many changes came after change <paramref name="change"/>.</summary>
    int ChangesSince(long change);

    /// <summary>The ratings as they were right after change <paramref name="change"/>, rebuilt from the change log.</summary>
    IReadOnlyList<Rating> AsOf(long change);

    /// <summary>Total number of ratings.</summary>
    int Count { get; }
}
