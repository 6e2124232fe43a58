using ShowBot.Core.Catalog;
using ShowBot.Core.Ratings;
using ShowBot.Storage.Postgres;
using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

/// <summary><see cref="PostgresCopy"/>: all or nothing, and the change log keeps its numbers.</summary>
public class PostgresCopyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Rating Like = new(new UserKey("console", "ana"), "tt0903747", RatingKind.Like, RatingSource.Command, Noon);
    private static readonly RatingChange[] Log = [new(7, RatingChangeKind.Set, Like), new(9, RatingChangeKind.Erase, null, 3, Noon)];

    [SkippableFact]
    public void A_copy_that_fails_halfway_leaves_the_database_as_it_was_and_a_whole_one_keeps_every_change_number()
    {
        using var storage = new PostgresStorage();
        var copy = new PostgresCopy(storage.Database);

        Assert.Throws<IOException>(() => copy.Load(Data(BrokenAfterFirst(Log))));

        Assert.Equal((0, 0, 0L), (storage.Catalog.Count, storage.Ratings.Count, storage.Ratings.LastChange));
        var copied = copy.Load(Data(Log));
        Assert.Equal((1, 1, 2, 10L), (copied.Shows, copied.Ratings, copied.Changes, copied.LastChange));
        Assert.Equal([Like], storage.Ratings.AsOf(7));
        Assert.Equal(new RatingErasure(9, 3, Noon), Assert.Single(storage.Ratings.ErasuresAfter(7)));
        storage.Ratings.Upsert(Like with { Kind = RatingKind.Dislike });
        Assert.Equal(11, storage.Ratings.LastChange);
    }

    [SkippableFact]
    public void A_database_holding_ratings_is_refused_and_left_as_it_was()
    {
        using var storage = new PostgresStorage();
        storage.Ratings.Upsert(Like);

        var refused = Assert.Throws<PostgresNotEmptyException>(() => new PostgresCopy(storage.Database).Load(Data(Log)));

        Assert.Equal((1, 1L), (refused.Held.Ratings, refused.Held.LastChange));
        Assert.Equal((0, 1L), (storage.Catalog.Count, storage.Ratings.LastChange));
    }

    private static CopiedData Data(IEnumerable<RatingChange> changes) =>
        new([new Show("tt0903747", "Breaking Bad", 2008, 2013, ["Drama"], 9.5, 2_000_000)], "1", [Like], changes, 10, [], [], []);

    /// <summary>The log as a source that fails after its first change.</summary>
    private static IEnumerable<RatingChange> BrokenAfterFirst(RatingChange[] log)
    {
        yield return log[0];
        throw new IOException("the source went away");
    }
}
