namespace ShowBot.Core.Ratings;

/// <summary>What a numbered change of the rating log did.</summary>
public enum RatingChangeKind
{
    /// <summary>A rating was given or changed.</summary>
    Set,

    /// <summary>A rating was taken back.</summary>
    Remove,

    /// <summary>A person's ratings were erased at their request.</summary>
    Erase,
}

/// <summary>
/// One change of the rating log as it is stored, with its number, so the log can be copied to another store and every
/// data version still rebuilds there: a rating set (<see cref="Rating"/> as set) or removed (as it was), or an
/// erasure on request (<see cref="Erased"/> ratings at <see cref="ErasedAt"/>, never whose).
/// </summary>
public sealed record RatingChange(long Number, RatingChangeKind Kind, Rating? Rating, int Erased = 0, DateTimeOffset? ErasedAt = null);
