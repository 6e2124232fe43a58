using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.TestSupport;

/// <summary>
/// A disk that fills up: after a number of writes, the writes through the stores it wraps fail as the operating
/// system reports a full disk (ENOSPC), until as many have failed as asked; then it has room again. Calls are
/// serialised, as a database file serialises them.
/// </summary>
public sealed class FullDisk
{
    private readonly Lock gate = new();
    private int writesBeforeFull = int.MaxValue;
    private int failuresLeft;

    public int FailedWrites { get; private set; }

    public static IOException NoSpace() => new("No space left on device : '/data/showbot-log.db'", 28);

    /// <summary>The disk fills after <paramref name="writes"/> more writes and then fails <paramref name="failures"/> writes.</summary>
    public void FillAfter(int writes, int failures)
    {
        lock (gate)
        {
            (writesBeforeFull, failuresLeft) = (writes, failures);
        }
    }

    public T Write<T>(Func<T> write)
    {
        lock (gate)
        {
            if (writesBeforeFull > 0)
            {
                writesBeforeFull--;
            }
            else if (failuresLeft > 0)
            {
                failuresLeft--;
                FailedWrites++;
                throw NoSpace();
            }

            return write();
        }
    }

    public void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });

    /// <summary>Reads fail too while the disk is full, as every call did once LiteDB had closed its engine on the error.</summary>
    public bool ReadsFailWhileFull { get; init; }

    public T Read<T>(Func<T> read)
    {
        lock (gate)
        {
            if (ReadsFailWhileFull && writesBeforeFull == 0 && failuresLeft > 0)
            {
                failuresLeft--;
                FailedWrites++;
                throw NoSpace();
            }

            return read();
        }
    }
}

public sealed class FullDiskQueue(IPredictionQueue inner, FullDisk disk) : IPredictionQueue
{
    public bool TryEnqueue(PredictionRequest request) => disk.Write(() => inner.TryEnqueue(request));

    public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms) => disk.Write(() => inner.TryClaimNext(now, platforms));

    public void MarkAnswered(string key, DateTimeOffset now) => disk.Write(() => inner.MarkAnswered(key, now));

    public void Release(string key, string? error, DateTimeOffset? retryAt = null) => disk.Write(() => inner.Release(key, error, retryAt));

    public void MarkFailed(string key, string error) => disk.Write(() => inner.MarkFailed(key, error));

    public int RecoverInFlight() => disk.Write(inner.RecoverInFlight);

    public RequestState? StateOf(string key) => disk.Read(() => inner.StateOf(key));

    public PredictionRequest? Find(string key) => disk.Read(() => inner.Find(key));

    public int CountOutstanding(string? platform = null) => disk.Read(() => inner.CountOutstanding(platform));

    public int Prune(DateTimeOffset acceptedBefore) => disk.Write(() => inner.Prune(acceptedBefore));
}

public sealed class FullDiskRatings(IRatingStore inner, FullDisk disk) : IRatingStore
{
    public int Count => disk.Read(() => inner.Count);

    public long LastChange => disk.Read(() => inner.LastChange);

    public bool Upsert(Rating rating) => disk.Write(() => inner.Upsert(rating));

    public int UpsertMany(IEnumerable<Rating> ratings) => disk.Write(() => inner.UpsertMany(ratings.ToList()));

    public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source) => disk.Write(() => inner.Remove(user, showId, kind, source));

    public IReadOnlyList<Rating> ForUser(UserKey user) => disk.Read(() => inner.ForUser(user));

    public IEnumerable<Rating> All() => disk.Read(() => inner.All().ToList());

    public int ChangesSince(long change) => disk.Read(() => inner.ChangesSince(change));

    public IReadOnlyList<Rating> AsOf(long change) => disk.Read(() => inner.AsOf(change));

    public IReadOnlyList<RatingErasure> ErasuresAfter(long change) => disk.Read(() => inner.ErasuresAfter(change));

    public int Compact(IReadOnlyCollection<long> keepExact, long upTo) => disk.Write(() => inner.Compact(keepExact, upTo));
}

public sealed class FullDiskMessages(ISuggestionMessageStore inner, FullDisk disk) : ISuggestionMessageStore
{
    public void Save(SuggestionMessage message) => disk.Write(() => inner.Save(message));

    public SuggestionMessage? Find(MessageRef message) => disk.Read(() => inner.Find(message));

    public IReadOnlyCollection<string> ShowsSuggestedTo(IReadOnlyCollection<UserKey> group) => disk.Read(() => inner.ShowsSuggestedTo(group));

    public int Prune(DateTimeOffset postedBefore) => disk.Write(() => inner.Prune(postedBefore));
}
