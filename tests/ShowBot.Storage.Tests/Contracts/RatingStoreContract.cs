using ShowBot.Core.Ratings;

using static ShowBot.Core.Ratings.RatingKind;
using static ShowBot.Core.Ratings.RatingSource;

using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

public abstract class RatingStoreContract(StorageUnderTest storage) : StorageContract(storage)
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 23, 21, 7, 33, TimeSpan.Zero);

    private IRatingStore ratings => Storage.Ratings;

    [SkippableFact]
    public void A_first_rating_is_stored_with_every_field()
    {
        var like = new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, Evening);

        Assert.True(ratings.Upsert(like));

        Assert.Equal([like], ratings.ForUser(Users.Jonas));
        Assert.Equal(1, ratings.Count);
    }

    [SkippableFact]
    public void A_second_rating_of_the_same_show_replaces_the_first()
    {
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, Evening));
        var changedMind = new Rating(Users.Jonas, Shows.Dark.Id, Dislike, Command, Evening.AddMinutes(5));

        Assert.True(ratings.Upsert(changedMind));

        Assert.Equal([changedMind], ratings.ForUser(Users.Jonas));
        Assert.Equal(1, ratings.Count);
    }

    [SkippableFact]
    public void The_same_kind_from_the_same_source_again_changes_nothing()
    {
        var first = new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, Evening);
        ratings.Upsert(first);

        Assert.False(ratings.Upsert(first with { At = Evening.AddHours(1) }));

        Assert.Equal([first], ratings.ForUser(Users.Jonas));
    }

    [SkippableTheory]
    [InlineData(Dislike, Reaction)]
    [InlineData(Like, Command)]
    [InlineData(Like, RequestInput)]
    public void A_change_of_kind_or_source_is_a_change(RatingKind kind, RatingSource source)
    {
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, Evening));
        var second = new Rating(Users.Jonas, Shows.Dark.Id, kind, source, Evening.AddMinutes(1));

        Assert.True(ratings.Upsert(second));

        Assert.Equal([second], ratings.ForUser(Users.Jonas));
    }

    [SkippableFact]
    public void UpsertMany_counts_only_new_and_changed_ratings()
    {
        ratings.Upsert(new Rating(Users.Jonas, Shows.BreakingBad.Id, Like, Reaction, Evening));
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, Evening));

        var changed = ratings.UpsertMany(
        [
            new Rating(Users.Jonas, Shows.BreakingBad.Id, Like, Reaction, Evening.AddDays(1)),
            new Rating(Users.Jonas, Shows.Dark.Id, Dislike, Reaction, Evening.AddDays(1)),
            new Rating(Users.Jonas, Shows.AttackOnTitan.Id, Like, RequestInput, Evening.AddDays(1)),
            new Rating(Users.Martha, Shows.BreakingBad.Id, Like, RequestInput, Evening.AddDays(1)),
        ]);

        Assert.Equal(3, changed);
        Assert.Equal(4, ratings.Count);
        Assert.Equal(Dislike, ratings.ForUser(Users.Jonas).Single(r => r.ShowId == Shows.Dark.Id).Kind);
    }

    [SkippableFact]
    public void UpsertMany_counts_a_rating_repeated_within_the_batch_once()
    {
        var like = new Rating(Users.Jonas, Shows.Dark.Id, Like, RequestInput, Evening);

        Assert.Equal(1, ratings.UpsertMany([like, like with { At = Evening.AddSeconds(1) }]));

        Assert.Equal([like], ratings.ForUser(Users.Jonas));
    }

    [SkippableFact]
    public void UpsertMany_stores_nothing_when_the_batch_fails_part_way()
    {
        ratings.Upsert(new Rating(Users.Jonas, Shows.BreakingBad.Id, Like, Reaction, Evening));

        Assert.Throws<InvalidDataException>(() => ratings.UpsertMany(ImportBrokenAtTheThirdLine()));

        Assert.Equal([new Rating(Users.Jonas, Shows.BreakingBad.Id, Like, Reaction, Evening)], ratings.ForUser(Users.Jonas));
        Assert.Equal(1, ratings.Count);
    }

    [SkippableFact]
    public void A_failed_UpsertMany_leaves_no_transaction_open_that_would_swallow_later_writes()
    {
        Assert.Throws<InvalidDataException>(() => ratings.UpsertMany(ImportBrokenAtTheThirdLine()));
        var later = new Rating(Users.Martha, Shows.Dark.Id, Like, Command, Evening);
        ratings.Upsert(later);

        var afterRestart = Storage.AfterRestart(s => s.Ratings);

        Assert.Equal([later], afterRestart.ForUser(Users.Martha));
        Assert.Equal(1, afterRestart.Count);
    }

    [SkippableFact]
    public void Remove_takes_away_a_rating_of_that_kind_and_source()
    {
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, Evening));

        Assert.True(ratings.Remove(Users.Jonas, Shows.Dark.Id, Like, Reaction));

        Assert.Empty(ratings.ForUser(Users.Jonas));
        Assert.Equal(0, ratings.Count);
    }

    [SkippableTheory]
    [InlineData(Like, RequestInput, Like, Reaction)]
    [InlineData(Like, Command, Like, Reaction)]
    [InlineData(Dislike, Reaction, Like, Reaction)]
    public void Remove_leaves_a_rating_of_another_kind_or_source(RatingKind storedKind, RatingSource storedSource, RatingKind removedKind, RatingSource removedSource)
    {
        var stored = new Rating(Users.Jonas, Shows.Dark.Id, storedKind, storedSource, Evening);
        ratings.Upsert(stored);

        Assert.False(ratings.Remove(Users.Jonas, Shows.Dark.Id, removedKind, removedSource));

        Assert.Equal([stored], ratings.ForUser(Users.Jonas));
    }

    [SkippableFact]
    public void Remove_of_a_rating_never_given_removes_nothing()
    {
        ratings.Upsert(new Rating(Users.Martha, Shows.Dark.Id, Like, Reaction, Evening));

        Assert.False(ratings.Remove(Users.Jonas, Shows.Dark.Id, Like, Reaction));

        Assert.Equal(1, ratings.Count);
    }

    [SkippableFact]
    public void ForUser_lists_only_that_users_ratings_newest_first()
    {
        ratings.Upsert(new Rating(Users.Jonas, Shows.BreakingBad.Id, Like, RequestInput, Evening));
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, Evening.AddDays(2)));
        ratings.Upsert(new Rating(Users.Martha, Shows.MoneyHeist.Id, Like, Reaction, Evening.AddDays(3)));
        ratings.Upsert(new Rating(Users.Jonas, Shows.MoneyHeist.Id, Dislike, Command, Evening.AddDays(1)));

        var shows = ratings.ForUser(Users.Jonas).Select(r => r.ShowId);

        Assert.Equal([Shows.Dark.Id, Shows.MoneyHeist.Id, Shows.BreakingBad.Id], shows);
    }

    [SkippableFact]
    public void Erasing_a_user_removes_all_of_their_ratings_and_nobody_elses()
    {
        ratings.Upsert(new Rating(Users.Jonas, Shows.BreakingBad.Id, Like, RequestInput, Evening));
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, Dislike, Reaction, Evening));
        ratings.Upsert(new Rating(Users.Martha, Shows.Dark.Id, Like, Reaction, Evening));
        ratings.Upsert(new Rating(Users.Ulrich, Shows.Dark.Id, Like, Command, Evening));

        Assert.Equal(2, Storage.Eraser.Erase(Users.Jonas, Evening).Ratings);

        Assert.Empty(ratings.ForUser(Users.Jonas));
        Assert.Single(ratings.ForUser(Users.Martha));
        Assert.Single(ratings.ForUser(Users.Ulrich));
        Assert.Equal(2, ratings.Count);
    }

    [SkippableFact]
    public void User_keys_that_differ_only_in_case_are_different_people()
    {
        var alice = new UserKey("console", "alice");
        var capitalAlice = new UserKey("console", "Alice");
        var aliceLikes = new Rating(alice, Shows.Dark.Id, Like, Command, Evening);
        var capitalAliceDislikes = new Rating(capitalAlice, Shows.Dark.Id, Dislike, Command, Evening);

        Assert.True(ratings.Upsert(aliceLikes));
        Assert.True(ratings.Upsert(capitalAliceDislikes));
        Assert.Equal(1, Storage.Eraser.Erase(capitalAlice, Evening).Ratings);

        Assert.Equal([aliceLikes], ratings.ForUser(alice));
        Assert.Equal(1, ratings.Count);
    }

    [SkippableFact]
    public void The_time_of_a_rating_reads_back_to_the_tick_in_utc()
    {
        var inBerlin = new DateTimeOffset(2026, 11, 23, 22, 7, 33, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        ratings.Upsert(new Rating(Users.Jonas, Shows.Dark.Id, Like, Reaction, inBerlin));

        var at = Storage.AfterRestart(s => s.Ratings).ForUser(Users.Jonas).Single().At;

        Assert.Equal(inBerlin.UtcTicks, at.UtcTicks);
        Assert.Equal(TimeSpan.Zero, at.Offset);
    }

    private static IEnumerable<Rating> ImportBrokenAtTheThirdLine()
    {
        yield return new Rating(Users.Jonas, Shows.BreakingBad.Id, Dislike, Import, Evening.AddDays(1));
        yield return new Rating(Users.Jonas, Shows.AttackOnTitan.Id, Like, Import, Evening.AddDays(1));
        throw new InvalidDataException("Line 3 of the import is not a rating.");
    }
}

public sealed class LiteRatingStoreTests() : RatingStoreContract(new LiteStorage());

public sealed class PostgresRatingStoreTests() : RatingStoreContract(new PostgresStorage());
