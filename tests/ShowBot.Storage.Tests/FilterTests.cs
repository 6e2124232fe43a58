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
}
