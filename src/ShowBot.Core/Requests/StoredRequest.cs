namespace ShowBot.Core.Requests;

/// <summary>
/// A request as the queue keeps it, with where it is in its life, so the queue can be copied to another store.
/// </summary>
/// <param name="Request">The request, with its failed attempts so far.</param>
/// <param name="State">Waiting, being answered, answered or given up on.</param>
/// <param name="RetryAt">Not to be claimed before then; null when it may be claimed at once.</param>
/// <param name="Error">Why the last attempt failed, or why it was given up on.</param>
/// <param name="AnsweredAt">When its reply was delivered.</param>
public sealed record StoredRequest(PredictionRequest Request, RequestState State, DateTimeOffset? RetryAt, string? Error, DateTimeOffset? AnsweredAt);
