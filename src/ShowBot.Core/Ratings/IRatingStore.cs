namespace ShowBot.Core.Ratings;

/// <summary>Where ratings are persisted. A (user, show) pair has at most one rating.</summary>
public interface IRatingStore
{
    /// <summary>Stores the rating, replacing any earlier one of the same user and show. Returns false when nothing changed.</summary>
    bool Upsert(Rating rating);

    /// <summary>Stores many ratings in one transaction; returns how many were new or changed.</summary>
    int UpsertMany(IEnumerable<Rating> ratings);

    /// <summary>
    /// <see cref="UpsertMany"/> for a request being answered: a store may commit it together with other requests' writes,
    /// and the task completes once it is stored.
    /// </summary>
    Task<int> UpsertManyAsync(IEnumerable<Rating> ratings) => Task.FromResult(UpsertMany(ratings));

    /// <summary>Removes the rating of that user and show if it has that kind and source. Returns true if one was removed.</summary>
    bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source);

    /// <summary>The user's ratings, newest first.</summary>
    IReadOnlyList<Rating> ForUser(UserKey user);

    /// <summary>Every rating, streamed.</summary>
    IEnumerable<Rating> All();

    /// <summary>
    /// The number of the last change (every upsert, removal and erasure is a numbered change), 0 when nothing was
    /// ever rated. It names a data version: <see cref="AsOf"/> gives back exactly the ratings of then, without the
    /// people erased since.
    /// </summary>
    long LastChange { get; }

    /// <summary>
    /// How many ratings changed after change <paramref name="change"/>: a (user, show) counts once however often it
    /// changed, and each rating erased on request counts once.
    /// </summary>
    int ChangesSince(long change);

    /// <summary>
    /// The ratings as they were right after change <paramref name="change"/>, rebuilt from the change log; exact for
    /// the changes <see cref="Compact"/> was told to keep, and for every change after the compacted ones.
    /// </summary>
    IReadOnlyList<Rating> AsOf(long change);

    /// <summary>The erasures on request recorded after change <paramref name="change"/>, oldest first.</summary>
    IReadOnlyList<RatingErasure> ErasuresAfter(long change);

    /// <summary>
    /// Collapses the change log up to change <paramref name="upTo"/>: for each rating only its last change before each
    /// of <paramref name="keepExact"/> and <paramref name="upTo"/> stays, and none that changes nothing. <see cref="AsOf"/>
    /// stays exact for those changes and every later one; <see cref="LastChange"/> stays. Returns how many changes went.
    /// </summary>
    int Compact(IReadOnlyCollection<long> keepExact, long upTo);

    /// <summary>Total number of ratings.</summary>
    int Count { get; }
}

/// <summary>
/// A person's ratings erased at their request, as the change log keeps it: when and how many, never whose. Every data
/// version from before it was rewritten without them, so a model trained before it was trained on erased data.
/// </summary>
/// <param name="Change">The change number the erasure took.</param>
/// <param name="Ratings">How many of the person's ratings left the log (every show they had rated at any version).</param>
/// <param name="At">When it happened; null for an erasure made before times were recorded.</param>
public sealed record RatingErasure(long Change, int Ratings, DateTimeOffset? At);
