using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Ratings;
using ShowBot.Storage;

namespace ShowBot.Discord.Tests.Fakes;

/// <summary>
/// The real LiteDB rating store, with the faults a disk gives it on demand: every write fails as a full disk does, or
/// blocks until released, as a stuck disk does.
/// </summary>
public sealed class FaultyRatingStore(IRatingStore inner) : IRatingStore, IDisposable
{
    private readonly ManualResetEventSlim released = new(initialState: true);
    private int blockedWrites;

    public bool DiskFull { get; set; }

    /// <summary>Writes waiting in <see cref="Block"/>'s gate.</summary>
    public int BlockedWrites => Volatile.Read(ref blockedWrites);

    /// <summary>Replaces the host's rating store with one wrapping it; returns the wrapper through <paramref name="created"/>.</summary>
    public static Action<IServiceCollection> Install(Action<FaultyRatingStore> created) => services =>
        services.AddSingleton<IRatingStore>(sp =>
        {
            var store = new FaultyRatingStore(ActivatorUtilities.CreateInstance<LiteRatingStore>(sp));
            created(store);
            return store;
        });

    public void Block() => released.Reset();

    public void Release() => released.Set();

    public void Dispose() => released.Dispose();

    public long LastChange => inner.LastChange;

    public int Count => inner.Count;

    public bool Upsert(Rating rating) => Write(() => inner.Upsert(rating));

    public int UpsertMany(IEnumerable<Rating> ratings) => Write(() => inner.UpsertMany(ratings));

    public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source) => Write(() => inner.Remove(user, showId, kind, source));

    public IReadOnlyList<Rating> ForUser(UserKey user) => inner.ForUser(user);

    public IEnumerable<Rating> All() => inner.All();

    public int ChangesSince(long change) => inner.ChangesSince(change);

    public IReadOnlyList<Rating> AsOf(long change) => inner.AsOf(change);

    public IReadOnlyList<RatingErasure> ErasuresAfter(long change) => inner.ErasuresAfter(change);

    public int Compact(IReadOnlyCollection<long> keepExact, long upTo) => Write(() => inner.Compact(keepExact, upTo));

    private T Write<T>(Func<T> write)
    {
        if (DiskFull)
        {
            throw new IOException("There is not enough space on the disk.");
        }

        Interlocked.Increment(ref blockedWrites);
        released.Wait();
        Interlocked.Decrement(ref blockedWrites);
        return write();
    }
}
