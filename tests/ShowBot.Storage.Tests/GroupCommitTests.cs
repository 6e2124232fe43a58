using ShowBot.Core.Ratings;

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
        Assert.All(acceptedKeys, key => Assert.Equal(Core.Requests.RequestState.Pending, queue.StateOf(key)));
    }
}
