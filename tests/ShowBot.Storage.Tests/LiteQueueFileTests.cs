using LiteDB;

using ShowBot.Core.Requests;

using static ShowBot.Storage.Tests.Queued;

namespace ShowBot.Storage.Tests;

public sealed class LiteQueueFileTests : IDisposable
{
    private readonly TempDatabase temp = new();
    private readonly LitePredictionQueue queue;

    public LiteQueueFileTests()
    {
        queue = new LitePredictionQueue(temp.Database);
    }

    public void Dispose() => temp.Dispose();


    [Fact]
    public void Releasing_after_a_failure_counts_an_attempt_each_time()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);
        queue.Release("1187342523645476904", "Discord answered 503 Service Unavailable", Monday.AddSeconds(3));
        queue.TryClaimNext(Monday.AddSeconds(3), DiscordOnly);
        queue.Release("1187342523645476904", "The operation has timed out.", Monday.AddSeconds(7));

        var third = queue.TryClaimNext(Monday.AddSeconds(7), DiscordOnly);

        Assert.Equal(2, third?.Attempts);
        Assert.Equal("The operation has timed out.", temp.ReadStored("requests", "1187342523645476904")?["error"].AsString);
    }

    [Fact]
    public void A_failed_request_counts_the_attempt_keeps_the_reason_and_is_no_longer_outstanding()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday) with { Attempts = 2 });
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);

        queue.MarkFailed("1187342523645476904", "Missing Access (50001)");

        Assert.Equal(RequestState.Failed, queue.StateOf("1187342523645476904"));
        Assert.Equal(0, queue.CountOutstanding());
        var stored = temp.ReadStored("requests", "1187342523645476904");
        Assert.Equal(3, stored?["attempts"].AsInt32);
        Assert.Equal("Missing Access (50001)", stored?["error"].AsString);
    }

    [Fact]
    public void Requests_a_version_before_the_claim_index_left_pending_are_claimed_oldest_first_after_the_upgrade()
    {
        queue.TryEnqueue(Discord("1187342600000000002", Monday.AddMinutes(2)));
        queue.TryEnqueue(Discord("1187342600000000001", Monday.AddMinutes(1)));
        temp.Close();
        AsAnOlderVersionLeftIt(requests =>
        {
            foreach (var document in requests.FindAll().ToList())
            {
                document.Remove("queued");
                requests.Update(document);
            }
        });

        var upgraded = new LitePredictionQueue(temp.Database);

        Assert.Equal("1187342600000000001", upgraded.TryClaimNext(Monday.AddMinutes(3), DiscordOnly)?.Key);
        Assert.Equal("1187342600000000002", upgraded.TryClaimNext(Monday.AddMinutes(3), DiscordOnly)?.Key);
    }

    [Fact]
    public void A_request_an_older_version_left_in_flight_is_counted_and_recovered_and_its_unused_indexes_are_dropped()
    {
        queue.TryEnqueue(Discord("1187342600000000001", Monday));
        queue.TryEnqueue(Discord("1187342600000000002", Monday.AddMinutes(1)));
        temp.Close();
        // That version wrote its claims, took "queued" away at the claim, and kept "state" and "user" in indexes.
        AsAnOlderVersionLeftIt(requests =>
        {
            var claimed = requests.FindById("1187342600000000001");
            claimed["state"] = "InFlight";
            claimed.Remove("queued");
            requests.Update(claimed);
        });

        var upgraded = new LitePredictionQueue(temp.Database);

        Assert.Equal(2, upgraded.CountOutstanding());
        Assert.Equal(1, upgraded.RecoverInFlight());
        Assert.Equal("1187342600000000001", upgraded.TryClaimNext(Monday.AddMinutes(3), DiscordOnly)?.Key);
        Assert.False(temp.Database.HasIndex("requests", "state"));
        Assert.False(temp.Database.HasIndex("requests", "user"));
        Assert.True(temp.Database.HasIndex("requests", "queued"));
    }

    [Fact]
    public void A_claim_is_held_in_memory_and_writes_nothing_and_only_the_answer_takes_the_request_out_of_the_index()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));

        var waiting = temp.Database.Collection("requests").FindById("1187342523645476904");

        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);
        var inFlight = temp.Database.Collection("requests").FindById("1187342523645476904");
        var stateWhileClaimed = queue.StateOf("1187342523645476904");
        queue.MarkAnswered("1187342523645476904", Monday.AddSeconds(2));

        Assert.Equal(waiting, inFlight);
        Assert.Equal(RequestState.InFlight, stateWhileClaimed);
        Assert.False(temp.ReadStored("requests", "1187342523645476904")!.ContainsKey("queued"));
    }

    /// <summary>Changes the requests as a version before this one left them, with the indexes it made.</summary>
    private void AsAnOlderVersionLeftIt(Action<ILiteCollection<BsonDocument>> change)
    {
        using var older = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct });
        var requests = older.GetCollection("requests");
        requests.EnsureIndex("state");
        requests.EnsureIndex("user");
        change(requests);
    }

    [Fact]
    public void A_claim_reads_only_waiting_requests_in_index_order_however_many_were_answered()
    {
        var keys = Many(queue, 50);
        foreach (var key in keys.Take(40))
        {
            queue.TryClaimNext(Monday.AddMinutes(5), DiscordOnly);
            queue.MarkAnswered(key, Monday.AddMinutes(5));
        }

        var plan = temp.Database.Collection("requests").Query().Where("$.queued >= 0").OrderBy("queued").GetPlan();

        // LiteDB's range from 0 up: a seek past the answered requests (no "queued"), then the pending ones in order.
        Assert.Equal("INDEX SCAN(queued >= 0)", plan["index"]["mode"].AsString);
        Assert.False(plan.ContainsKey("orderBy"));
        Assert.Equal(keys[40], queue.TryClaimNext(Monday.AddMinutes(5), DiscordOnly)?.Key);
    }
}
