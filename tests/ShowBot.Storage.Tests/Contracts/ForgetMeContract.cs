using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

using static ShowBot.Storage.Tests.Queued;

using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

/// <summary>Forget-me, as issue 10 item 8 found it: the person's history stayed in every data version and their requests in the file.</summary>
public abstract class ForgetMeContract(StorageUnderTest storage) : StorageContract(storage)
{
    internal static readonly DateTimeOffset Evening = new(2026, 11, 23, 21, 0, 0, TimeSpan.Zero);
    internal static readonly UserKey Forgotten = new("console", "forgotten-person-7c1e");

    private IRatingStore ratings => Storage.Ratings;

    private IPersonalDataEraser eraser => Storage.Eraser;

    [SkippableFact]
    public void No_earlier_data_version_keeps_a_row_of_the_person_and_the_log_records_how_many_were_erased()
    {
        ratings.Upsert(Like(Forgotten, Shows.Dark.Id));
        ratings.Upsert(Like(Users.Martha, Shows.Dark.Id));
        ratings.Upsert(Like(Forgotten, Shows.BreakingBad.Id));
        ratings.Remove(Forgotten, Shows.Dark.Id, RatingKind.Like, RatingSource.Reaction);
        ratings.Upsert(Like(Users.Ulrich, Shows.AttackOnTitan.Id));
        var before = Enumerable.Range(0, (int)ratings.LastChange + 1).Select(n => ratings.AsOf(n)).ToList();
        var trainedOn = DataVersionAt(2);
        Assert.Contains(before[2], r => r.User == Forgotten);

        var erased = eraser.Erase(Forgotten, Evening.AddHours(1));

        Assert.Equal(1, erased.Ratings);
        var reopened = Storage.AfterRestart(s => s.Ratings);
        for (var n = 0; n < before.Count; n++)
        {
            Assert.DoesNotContain(reopened.AsOf(n), r => r.User == Forgotten);
            Assert.Equal(Sorted(before[n].Where(r => r.User != Forgotten)), Sorted(reopened.AsOf(n)));
        }

        Assert.Equal(before.Count, reopened.LastChange);
        var erasure = Assert.Single(reopened.ErasuresAfter(trainedOn.LastChange));
        Assert.Equal(new RatingErasure(reopened.LastChange, 2, Evening.AddHours(1)), erasure);
        Assert.NotEqual(trainedOn.ContentHash, DataVersion.Of(2, Likes(reopened.AsOf(2))).ContentHash);
        Assert.Equal(2, reopened.ChangesSince(before.Count - 1));
        Assert.Empty(reopened.ForUser(Forgotten));
        Assert.Equal(2, reopened.Count);
    }

    [SkippableFact]
    public void Their_waiting_and_finished_requests_and_their_lists_go_but_a_request_being_answered_is_left_to_finish()
    {
        var queue = Storage.Queue;
        var messages = Storage.Messages;
        queue.TryEnqueue(Request("answered", Forgotten, Monday));
        queue.TryClaimNext(Monday, ["console"]);
        queue.MarkAnswered("answered", Monday.AddSeconds(2));
        queue.TryEnqueue(Request("being-answered", Forgotten, Monday.AddMinutes(1)));
        queue.TryClaimNext(Monday.AddMinutes(1), ["console"]);
        queue.TryEnqueue(Request("waiting", Forgotten, Monday.AddMinutes(2)));
        queue.TryEnqueue(Slack("someone-else", Monday.AddMinutes(3)));
        messages.Save(List("1", Forgotten));
        messages.Save(List("2", Users.Martha));
        ratings.Upsert(Like(Forgotten, Shows.Dark.Id));

        var held = eraser.Held(Forgotten);
        var erased = eraser.Erase(Forgotten, Monday.AddMinutes(4));

        // What forget-me says it would delete, before asking, is what it then deletes.
        Assert.Equal(new ErasedData(1, 2, 1), held);
        Assert.Equal(held, erased);
        Assert.Equal(new ErasedData(0, 0, 0), eraser.Held(Forgotten));
        Assert.Null(queue.StateOf("answered"));
        Assert.Null(queue.StateOf("waiting"));
        Assert.Equal(RequestState.InFlight, queue.StateOf("being-answered"));
        queue.MarkAnswered("being-answered", Monday.AddMinutes(5));
        Assert.Equal(RequestState.Pending, queue.StateOf("someone-else"));
        Assert.Null(messages.Find(new MessageRef("console", "console", "1")));
        Assert.NotNull(messages.Find(new MessageRef("console", "console", "2")));
    }

    private DataVersion DataVersionAt(long change) => DataVersion.Of(change, Likes(ratings.AsOf(change)));

    internal static List<Rating> Sorted(IEnumerable<Rating> ratings) =>
        [.. ratings.OrderBy(r => r.User.ToString(), StringComparer.Ordinal).ThenBy(r => r.ShowId, StringComparer.Ordinal)];

    internal static List<(string User, string Show)> Likes(IEnumerable<Rating> ratings) =>
        ratings.Where(r => r.Kind == RatingKind.Like).Select(r => (r.User.ToString(), r.ShowId)).ToList();

    internal static Rating Like(UserKey user, string show) => new(user, show, RatingKind.Like, RatingSource.Reaction, Evening);

    internal static PredictionRequest Request(string key, UserKey user, DateTimeOffset acceptedAt) =>
        new(key, user, [Shows.Dark.Id], 5, new ReplyTarget("console", user.ToString()), acceptedAt);

    internal static SuggestionMessage List(string id, UserKey user) =>
        new(new MessageRef("console", "console", id), user, [Shows.Dark.Id], $"request-{id}", Evening);
}

public sealed class LiteForgetMeTests() : ForgetMeContract(new LiteStorage());

public sealed class PostgresForgetMeTests() : ForgetMeContract(new PostgresStorage());
