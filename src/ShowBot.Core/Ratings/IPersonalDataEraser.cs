namespace ShowBot.Core.Ratings;

/// <summary>Erases everything stored about a person at their request (forget-me), in one step.</summary>
public interface IPersonalDataEraser
{
    /// <summary>
    /// Erases the person's ratings and their whole rating history, their queued and finished requests and their
    /// posted suggestion lists, and records in the rating change log that (and how many) ratings were erased.
    /// A request being answered at this moment is left to finish.
    /// </summary>
    ErasedData Erase(UserKey user, DateTimeOffset at);

    /// <summary>What <see cref="Erase"/> would remove now, counted the same way; nothing changes.</summary>
    ErasedData Held(UserKey user);
}

/// <summary>What an erasure removed.</summary>
/// <param name="Ratings">The person's ratings at the time.</param>
/// <param name="Requests">Their requests: waiting ones (never answered now) and the record of answered or failed ones.</param>
/// <param name="Lists">The suggestion lists posted for them.</param>
public sealed record ErasedData(int Ratings, int Requests, int Lists);
