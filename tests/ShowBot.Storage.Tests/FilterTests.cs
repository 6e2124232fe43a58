using ShowBot.Core.Ratings;

namespace ShowBot.Storage.Tests;

/// <summary>
/// A query per user or per change number is one expression text whatever the value, so LiteDB compiles it once instead
/// of once per user (and keeps none per user); the value still reaches the query.
/// </summary>
public sealed class FilterTests
{
    [Fact]
    public void A_filter_reads_the_same_whatever_its_value()
    {
        Assert.Equal(Filter.Equal("user", "discord:1").Source, Filter.Equal("user", "discord:2").Source);
        Assert.Equal(Filter.Greater("_id", 7L).Source, Filter.Greater("_id", 8L).Source);
        Assert.Equal(Filter.AtMost("_id", 7L).Source, Filter.AtMost("_id", 8L).Source);
        Assert.Equal(Filter.Less("posted", 7L).Source, Filter.Less("posted", 8L).Source);
        Assert.DoesNotContain("discord", Filter.Equal("user", "discord:1").Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_person_gets_their_own_ratings_through_one_filter()
    {
        using var temp = new TempDatabase();
        var ratings = new LiteRatingStore(temp.Database);
        var at = new DateTimeOffset(2026, 12, 5, 20, 0, 0, TimeSpan.Zero);
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, RatingKind.Like, RatingSource.Reaction, at));

        Assert.Equal([Shows.Dark.Id], ratings.ForUser(Users.Jonas).Select(r => r.ShowId));
        Assert.Empty(ratings.ForUser(Users.Martha));
    }

    [Fact]
    public void A_persons_ratings_are_read_through_the_keys_index_without_a_scan()
    {
        using var temp = new TempDatabase();
        new LiteRatingStore(temp.Database).Upsert(new Rating(Users.Jonas, Shows.Dark.Id, RatingKind.Like, RatingSource.Reaction, DateTimeOffset.UnixEpoch));

        var plan = temp.Database.Database.GetCollection("ratings").Query()
            .Where(Filter.KeyRangeOf("user", "discord:1", "discord:1|", "discord:1}")).GetPlan();

        Assert.Equal("_id", plan["index"]["name"].AsString);
        Assert.StartsWith("INDEX RANGE SCAN", plan["index"]["mode"].AsString, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_id_holding_the_keys_separator_keeps_each_persons_ratings_apart()
    {
        using var temp = new TempDatabase();
        var ratings = new LiteRatingStore(temp.Database);
        var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        var ann = new UserKey("console", "ann");
        var annAndBob = new UserKey("console", "ann|bob");
        ratings.Upsert(new Rating(ann, Shows.Dark.Id, RatingKind.Like, RatingSource.Reaction, at));
        ratings.Upsert(new Rating(annAndBob, Shows.BreakingBad.Id, RatingKind.Like, RatingSource.Reaction, at));

        Assert.Equal([Shows.Dark.Id], ratings.ForUser(ann).Select(r => r.ShowId));
        Assert.Equal([Shows.BreakingBad.Id], ratings.ForUser(annAndBob).Select(r => r.ShowId));
        Assert.Equal(1, ratings.CountOf(ann));
    }
}
