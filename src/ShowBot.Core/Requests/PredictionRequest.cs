using ShowBot.Core.Chat;
using ShowBot.Core.Groups;
using ShowBot.Core.Ratings;

namespace ShowBot.Core.Requests;

/// <summary>
/// An accepted /recommend, waiting in the durable queue. <see cref="Key"/> is the platform's own id of the
/// command (Discord interaction id, Slack envelope id…), so a redelivered command is queued and answered once.
/// </summary>
public sealed record PredictionRequest(
    string Key,
    UserKey User,
    IReadOnlyList<string> ShowIds,
    int Count,
    ReplyTarget Target,
    DateTimeOffset AcceptedAt)
{
    /// <summary>Only suggest shows of this genre, when set.</summary>
    public string? Genre { get; init; }

    /// <summary>What was asked for in words, one entry each: its features as <c>kind:value</c>, <c>|</c>-separated.</summary>
    public IReadOnlyList<string> Wanted { get; init; } = [];

    /// <summary>Only shows still running in or after this year, when asked ("90s sitcoms").</summary>
    public int? FromYear { get; init; }

    /// <summary>Only shows that started in or before this year, when asked.</summary>
    public int? ToYear { get; init; }

    /// <summary>What was understood from a request in words, for the list's heading.</summary>
    public string? Description { get; init; }

    /// <summary>Remarks to carry into the reply ("I couldn't find …").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Everyone a /together is for, the requester first; empty for one person's request.</summary>
    public IReadOnlyList<GroupMember> Members { get; init; } = [];

    /// <summary>
    /// For a further page of earlier lists ("More like this"), the shows of those lists; empty for a first list.
    /// </summary>
    public IReadOnlyList<string> ShownBefore { get; init; } = [];

    /// <summary>
    /// A further page: its shows are not recorded as likes again, and neither the pages before it nor anything else
    /// already suggested to the person (or to the group) is suggested.
    /// </summary>
    public bool MoreLikeThis => ShownBefore.Count > 0;

    /// <summary>Failed attempts to answer so far (kept by the queue).</summary>
    public int Attempts { get; init; }
}

/// <summary>Where a queued request is in its life.</summary>
public enum RequestState
{
    /// <summary>Waiting to be answered (or retried).</summary>
    Pending,
    /// <summary>Being answered now.</summary>
    InFlight,
    /// <summary>The reply was delivered.</summary>
    Answered,
    /// <summary>Given up on, with the reason kept.</summary>
    Failed,
}

/// <summary>The durable queue of accepted recommendation requests.</summary>
public interface IPredictionQueue
{
    /// <summary>Queues the request unless one with the same key was ever queued; returns false for a repeat.</summary>
    bool TryEnqueue(PredictionRequest request);

    /// <summary>
    /// Marks the oldest pending request that is due and is for one of <paramref name="platforms"/> as in flight
    /// and returns it, or null when there is none.
    /// </summary>
    PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms);

    /// <summary>Records that the request was answered.</summary>
    void MarkAnswered(string key, DateTimeOffset now);

    /// <summary><see cref="MarkAnswered"/> by the lane that answered it: a store may commit it together with other requests' writes.</summary>
    Task MarkAnsweredAsync(string key, DateTimeOffset now)
    {
        MarkAnswered(key, now);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Puts an in-flight request back as pending: on shutdown (<paramref name="error"/> null, no attempt counted)
    /// or after a failure (counted), not to be claimed before <paramref name="retryAt"/>.
    /// </summary>
    void Release(string key, string? error, DateTimeOffset? retryAt = null);

    /// <summary>Gives up on a request that can never be answered, keeping the reason.</summary>
    void MarkFailed(string key, string error);

    /// <summary>At start: requests left in flight by a process that died are pending again. Returns how many.</summary>
    int RecoverInFlight();

    /// <summary>The request with that key, or null if it was never queued (or was pruned).</summary>
    PredictionRequest? Find(string key);

    /// <summary>The state of the request with that key, or null if it was never queued.</summary>
    RequestState? StateOf(string key);

    /// <summary>Number of requests waiting or in flight, for one platform or all.</summary>
    int CountOutstanding(string? platform = null);

    /// <summary>
    /// Deletes the answered and failed requests accepted before <paramref name="acceptedBefore"/>; a repeat of one
    /// of them is no longer recognised. Returns how many went.
    /// </summary>
    int Prune(DateTimeOffset acceptedBefore);
}
