using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

using static ShowBot.Storage.Tests.Queued;

namespace ShowBot.Storage.Tests;

/// <summary>
/// Writes asked for at the same moment are committed together (<see cref="ShowBotDatabase.Write"/>); each caller still
/// gets its own outcome.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Requests_and_likes_written_at_once_from_many_threads_are_each_stored_and_a_repeated_key_is_refused_alone()
    {
        var queue = new LitePredictionQueue(temp.Database);
        var ratings = new LiteRatingStore(temp.Database);
        const int Threads = 6;
        const int Keys = 40;
        using var start = new Barrier(Threads);

        // Every thread offers the same interaction ids, so most inserts meet a repeat inside a group of others' writes.
        var accepted = await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
        {
            var user = new UserKey("discord", $"8035111022467891{thread}");
            start.SignalAndWait();
            var mine = new List<string>();
            for (var i = 0; i < Keys; i++)
            {
                var key = $"11873426000000{i:D5}";
                ratings.UpsertMany([new Rating(user, $"tt{1000000 + i}", RatingKind.Like, RatingSource.RequestInput, Monday)]);
                if (queue.TryEnqueue(Discord(key, Monday.AddSeconds(i))))
                {
                    mine.Add(key);
                }
            }

            return mine;
        })));

        var acceptedKeys = accepted.SelectMany(keys => keys).ToList();
        Assert.Equal(Keys, acceptedKeys.Count);
        Assert.Equal(Keys, acceptedKeys.Distinct().Count());
        Assert.Equal(Keys, queue.CountOutstanding());
        Assert.Equal(Threads * Keys, ratings.Count);
        Assert.Equal(Threads * Keys, ratings.ChangesSince(0));
        Assert.All(acceptedKeys, key => Assert.Equal(RequestState.Pending, queue.StateOf(key)));
    }

    [Fact]
    public async Task Lanes_awaiting_their_writes_each_have_them_stored_and_a_write_that_fails_fails_only_its_own_lane()
    {
        var queue = new LitePredictionQueue(temp.Database);
        var ratings = new LiteRatingStore(temp.Database);
        var lists = new LiteSuggestionMessageStore(temp.Database);
        const int Lanes = 24;
        var keys = Many(queue, Lanes);
        Assert.All(keys, _ => Assert.NotNull(queue.TryClaimNext(Monday.AddHours(1), DiscordOnly)));

        var lanes = keys.Select((key, lane) => Task.Run(async () =>
        {
            var user = new UserKey("discord", $"80351110224678{lane:D3}");
            await ratings.UpsertManyAsync([new Rating(user, $"tt{2000000 + lane}", RatingKind.Like, RatingSource.RequestInput, Monday)]);
            await lists.SaveAsync(new SuggestionMessage(new MessageRef("discord", "1187000000000000001", $"12000000000000{lane:D5}"), user, ["tt0903747"], key, Monday));
            await queue.MarkAnsweredAsync(key, Monday.AddHours(1));
        })).ToList();
        var failing = Task.Run(() => temp.Database.WriteAsync(() => throw new InvalidOperationException("this lane's own bug")));

        await Task.WhenAll(lanes);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        Assert.Equal("this lane's own bug", failure.Message);
        Assert.Equal(Lanes, ratings.Count);
        Assert.Equal(Lanes, ratings.ChangesSince(0));
        Assert.All(keys, key => Assert.Equal(RequestState.Answered, queue.StateOf(key)));
        Assert.Equal(Lanes, lists.All().Count());
        Assert.Equal(0, queue.CountOutstanding());
    }
}
