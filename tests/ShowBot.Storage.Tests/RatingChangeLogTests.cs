using ShowBot.Core.Ratings;

namespace ShowBot.Storage.Tests;

public class RatingChangeLogTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Rating Like(UserKey user, string show, RatingSource source = RatingSource.Reaction) => new(user, show, RatingKind.Like, source, Noon);

    [Fact]
    public void Every_change_is_numbered_and_any_earlier_data_version_is_rebuilt_exactly()
    {
        using var temp = new TempDatabase();
        var ratings = new LiteRatingStore(temp.Database);
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
        var now = ratings.All().Select(r => (r.User, r.ShowId, r.Kind)).ToList();
        var lastChange = ratings.LastChange;
        Assert.Equal(now, new LiteRatingStore(temp.Restart()).AsOf(lastChange).Select(r => (r.User, r.ShowId, r.Kind)));
    }

    [Fact]
    public void A_change_that_changes_nothing_is_not_logged()
    {
        using var temp = new TempDatabase();
        var ratings = new LiteRatingStore(temp.Database);
        ratings.Upsert(Like(Users.Jonas, "tt0903747"));

        ratings.Upsert(Like(Users.Jonas, "tt0903747"));
        ratings.Remove(Users.Jonas, "tt0903747", RatingKind.Like, RatingSource.Command);
        new LitePersonalDataEraser(temp.Database).Erase(Users.Martha, Noon);

        Assert.Equal(1, ratings.LastChange);
    }
}
