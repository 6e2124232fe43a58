using ShowBot.Core.Ratings;
using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

public abstract class RatingChangeLogContract(StorageUnderTest storage) : StorageContract(storage)
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Rating Like(UserKey user, string show, RatingSource source = RatingSource.Reaction) => new(user, show, RatingKind.Like, source, Noon);

    [SkippableFact]
    public void Every_change_is_numbered_and_any_earlier_data_version_is_rebuilt_exactly()
    {
        var ratings = Storage.Ratings;
        Assert.Equal(0, ratings.LastChange);

        ratings.Upsert(Like(Users.Jonas, "tt0903747"));
        ratings.Upsert(Like(Users.Martha, "tt5753856"));
        var version = ratings.LastChange;
        ratings.Upsert(Like(Users.Jonas, "tt0306414"));
        ratings.Remove(Users.Jonas, "tt0903747", RatingKind.Like, RatingSource.Reaction);
        ratings.Upsert(ratings.ForUser(Users.Jonas)[0] with { Kind = RatingKind.Dislike });

        Assert.Equal(2, version);
        Assert.Equal(2, ratings.ChangesSince(version));
        Assert.Equal(
            [(Users.Jonas, "tt0903747", RatingKind.Like), (Users.Martha, "tt5753856", RatingKind.Like)],
            ratings.AsOf(version).Select(r => (r.User, r.ShowId, r.Kind)).OrderBy(r => r.ShowId, StringComparer.Ordinal));
        var now = ratings.All().Select(r => (r.User, r.ShowId, r.Kind)).OrderBy(r => r.ShowId, StringComparer.Ordinal).ToList();
        var lastChange = ratings.LastChange;
        Assert.Equal(now, Storage.AfterRestart(s => s.Ratings).AsOf(lastChange).Select(r => (r.User, r.ShowId, r.Kind)).OrderBy(r => r.ShowId, StringComparer.Ordinal));
    }

    [SkippableFact]
    public void A_change_that_changes_nothing_is_not_logged()
    {
        var ratings = Storage.Ratings;
        ratings.Upsert(Like(Users.Jonas, "tt0903747"));

        ratings.Upsert(Like(Users.Jonas, "tt0903747"));
        ratings.Remove(Users.Jonas, "tt0903747", RatingKind.Like, RatingSource.Command);
        Storage.Eraser.Erase(Users.Martha, Noon);

        Assert.Equal(1, ratings.LastChange);
    }

    /// <summary>
    /// Reactions arrive on many threads (and, on PostgreSQL, from many nodes): a data version, once read, must never
    /// gain a change numbered below it, so numbers follow the order the changes were stored in, with none skipped.
    /// </summary>
    [SkippableFact]
    public void Changes_stored_at_once_from_many_threads_are_numbered_one_to_n_and_every_version_read_meanwhile_stays_as_it_was()
    {
        var ratings = Storage.Ratings;
        var seen = new System.Collections.Concurrent.ConcurrentBag<(long Change, int Count)>();

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            ratings.Upsert(Like(new UserKey("discord", $"{1_000 + (i % 20)}"), $"tt{2_000_000 + i}"));
            var version = ratings.LastChange;
            seen.Add((version, ratings.AsOf(version).Count));
        });

        Assert.Equal(200, ratings.LastChange);
        Assert.Equal(200, ratings.AsOf(200).Count);
        Assert.All(seen, read => Assert.Equal(read.Count, ratings.AsOf(read.Change).Count));
        Assert.All(seen, read => Assert.Equal(read.Change, read.Count));
    }
}

public sealed class LiteRatingChangeLogTests() : RatingChangeLogContract(new LiteStorage());

public sealed class PostgresRatingChangeLogTests() : RatingChangeLogContract(new PostgresStorage());
