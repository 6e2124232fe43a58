using System.Collections.Concurrent;

using ShowBot.Core.Chat;
using ShowBot.Core.Requests;

using static ShowBot.Storage.Tests.Queued;

using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

public abstract class PredictionQueueContract(StorageUnderTest storage) : StorageContract(storage)
{
    private IPredictionQueue queue => Storage.Queue;

    [SkippableFact]
    public void A_new_command_is_queued_as_pending()
    {
        Assert.True(queue.TryEnqueue(Discord("1187342523645476904", Monday)));

        Assert.Equal(RequestState.Pending, queue.StateOf("1187342523645476904"));
        Assert.Equal(1, queue.CountOutstanding());
    }

    [SkippableFact]
    public void A_key_never_queued_has_no_state()
    {
        Assert.Null(queue.StateOf("1187342523645476904"));
        Assert.Null(queue.Find("1187342523645476904"));
    }

    [SkippableFact]
    public void A_further_page_is_found_by_its_key_after_a_restart_with_the_shows_of_the_pages_before_it()
    {
        var more = Discord("more:1187342523645476905", Monday) with { ShownBefore = ["tt3032476", "tt2802850"], Genre = "Crime", Count = 7 };
        queue.TryEnqueue(more);

        var found = Storage.AfterRestart(s => s.Queue).Find("more:1187342523645476905")!;

        Assert.Equal((more.User, 7, "Crime", more.Target), (found.User, found.Count, found.Genre, found.Target));
        Assert.Equal(more.ShowIds, found.ShowIds);
        Assert.Equal(["tt3032476", "tt2802850"], found.ShownBefore);
        Assert.True(found.MoreLikeThis);
    }

    [SkippableFact]
    public void A_redelivered_command_is_refused_and_the_first_one_kept()
    {
        var first = Discord("1187342523645476904", Monday);
        queue.TryEnqueue(first);

        Assert.False(queue.TryEnqueue(first with { Count = 10, AcceptedAt = Monday.AddSeconds(3) }));

        AssertSameRequest(first, queue.TryClaimNext(Monday.AddMinutes(1), DiscordOnly));
        Assert.Null(queue.TryClaimNext(Monday.AddMinutes(1), DiscordOnly));
    }

    [SkippableFact]
    public void A_command_redelivered_after_it_was_answered_is_refused()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);
        queue.MarkAnswered("1187342523645476904", Monday.AddSeconds(2));

        Assert.False(queue.TryEnqueue(Discord("1187342523645476904", Monday.AddSeconds(30))));

        Assert.Equal(RequestState.Answered, queue.StateOf("1187342523645476904"));
        Assert.Null(queue.TryClaimNext(Monday.AddMinutes(1), DiscordOnly));
    }

    [SkippableFact]
    public void A_command_redelivered_after_it_failed_is_refused()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);
        queue.MarkFailed("1187342523645476904", "Unknown interaction (10062)");

        Assert.False(queue.TryEnqueue(Discord("1187342523645476904", Monday.AddSeconds(30))));

        Assert.Equal(RequestState.Failed, queue.StateOf("1187342523645476904"));
        Assert.Null(queue.TryClaimNext(Monday.AddMinutes(1), DiscordOnly));
    }

    [SkippableFact]
    public void The_oldest_accepted_request_is_claimed_first_and_is_then_in_flight()
    {
        queue.TryEnqueue(Discord("1187342600000000003", Monday.AddMinutes(3)));
        queue.TryEnqueue(Discord("1187342600000000001", Monday.AddMinutes(1)));
        queue.TryEnqueue(Discord("1187342600000000002", Monday.AddMinutes(2)));
        var now = Monday.AddMinutes(10);

        var claimed = Enumerable.Range(0, 3).Select(_ => queue.TryClaimNext(now, DiscordOnly)?.Key).ToList();

        Assert.Equal(["1187342600000000001", "1187342600000000002", "1187342600000000003"], claimed);
        Assert.All(claimed, key => Assert.Equal(RequestState.InFlight, queue.StateOf(key!)));
        Assert.Null(queue.TryClaimNext(now, DiscordOnly));
    }

    [SkippableFact]
    public void An_empty_queue_has_nothing_to_claim()
    {
        Assert.Null(queue.TryClaimNext(Monday, DiscordOnly));
    }

    [SkippableFact]
    public void Claimers_racing_on_many_threads_each_get_a_different_request()
    {
        var keys = Many(queue, 60);

        var claimed = ClaimFromManyThreads(attempts: keys.Count * 2, _ => queue);

        Assert.Equal(keys, claimed.Order(StringComparer.Ordinal));
        Assert.Equal(keys.Count, queue.CountOutstanding());
        Assert.All(keys, key => Assert.Equal(RequestState.InFlight, queue.StateOf(key)));
    }

    [SkippableFact]
    public void Claimers_racing_through_two_queues_on_one_file_each_get_a_different_request()
    {
        var other = Storage.OtherQueue();
        var keys = Many(queue, 60);

        var claimed = ClaimFromManyThreads(attempts: keys.Count * 2, attempt => attempt % 2 == 0 ? queue : other);

        Assert.Equal(keys, claimed.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void A_request_released_with_a_retry_time_is_not_claimed_before_it()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);
        var retryAt = Monday.AddSeconds(3);

        queue.Release("1187342523645476904", "Discord answered 503 Service Unavailable", retryAt);

        Assert.Equal(RequestState.Pending, queue.StateOf("1187342523645476904"));
        Assert.Null(queue.TryClaimNext(retryAt.AddTicks(-1), DiscordOnly));
        Assert.Equal("1187342523645476904", queue.TryClaimNext(retryAt, DiscordOnly)?.Key);
    }

    [SkippableFact]
    public void A_request_waiting_for_its_retry_does_not_hold_up_younger_ones()
    {
        queue.TryEnqueue(Discord("1187342600000000001", Monday));
        queue.TryEnqueue(Discord("1187342600000000002", Monday.AddSeconds(1)));
        queue.TryClaimNext(Monday.AddSeconds(2), DiscordOnly);
        queue.Release("1187342600000000001", "timeout", Monday.AddMinutes(5));

        Assert.Equal("1187342600000000002", queue.TryClaimNext(Monday.AddSeconds(3), DiscordOnly)?.Key);
    }

    [SkippableFact]
    public void Only_requests_for_the_given_platforms_are_claimed()
    {
        queue.TryEnqueue(Slack("1-a1b2c3d4-slack", Monday));
        queue.TryEnqueue(Discord("1187342523645476904", Monday.AddMinutes(1)));
        var now = Monday.AddMinutes(2);

        Assert.Null(queue.TryClaimNext(now, ["console"]));
        Assert.Null(queue.TryClaimNext(now, []));
        Assert.Equal("1187342523645476904", queue.TryClaimNext(now, DiscordOnly)?.Key);
        Assert.Equal("1-a1b2c3d4-slack", queue.TryClaimNext(now, ["slack", "discord"])?.Key);
    }

    [SkippableFact]
    public void Releasing_on_shutdown_does_not_count_an_attempt()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);

        queue.Release("1187342523645476904", error: null);

        Assert.Equal(RequestState.Pending, queue.StateOf("1187342523645476904"));
        Assert.Equal(0, queue.TryClaimNext(Monday.AddSeconds(2), DiscordOnly)?.Attempts);
    }

    [SkippableFact]
    public void An_answered_request_is_no_longer_outstanding()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);

        queue.MarkAnswered("1187342523645476904", Monday.AddSeconds(2));

        Assert.Equal(RequestState.Answered, queue.StateOf("1187342523645476904"));
        Assert.Equal(0, queue.CountOutstanding());
    }

    [SkippableFact]
    public async Task A_request_answered_by_the_lane_that_claimed_it_is_answered_once_stored_and_no_lane_takes_it_meanwhile()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryEnqueue(Discord("1187342523645476905", Monday.AddSeconds(1)));
        queue.TryClaimNext(Monday.AddSeconds(2), DiscordOnly);

        var answering = queue.MarkAnsweredAsync("1187342523645476904", Monday.AddSeconds(3));
        var next = queue.TryClaimNext(Monday.AddSeconds(3), DiscordOnly);
        await answering;

        Assert.Equal("1187342523645476905", next?.Key);
        Assert.Equal(RequestState.Answered, queue.StateOf("1187342523645476904"));
        Assert.Null(queue.TryClaimNext(Monday.AddSeconds(4), DiscordOnly));
        Assert.Equal(1, queue.CountOutstanding());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => queue.MarkAnsweredAsync("1187342523645476999", Monday));
    }

    [SkippableFact]
    public void Changing_a_request_that_was_never_queued_is_an_error()
    {
        Assert.Throws<KeyNotFoundException>(() => queue.MarkAnswered("1187342523645476904", Monday));
        Assert.Throws<KeyNotFoundException>(() => queue.Release("1187342523645476904", error: null));
        Assert.Throws<KeyNotFoundException>(() => queue.MarkFailed("1187342523645476904", "gone"));
    }

    [SkippableFact]
    public void After_a_restart_the_requests_the_dead_process_had_in_flight_are_pending_again_and_a_stored_claim_is_counted()
    {
        queue.TryEnqueue(Discord("1187342600000000001", Monday));
        queue.TryEnqueue(Discord("1187342600000000002", Monday.AddSeconds(1)));
        queue.TryEnqueue(Discord("1187342600000000003", Monday.AddSeconds(2)));
        queue.TryEnqueue(Discord("1187342600000000004", Monday.AddSeconds(3)));
        queue.TryClaimNext(Monday.AddSeconds(5), DiscordOnly);
        queue.TryClaimNext(Monday.AddSeconds(5), DiscordOnly);
        queue.TryClaimNext(Monday.AddSeconds(5), DiscordOnly);
        queue.MarkAnswered("1187342600000000001", Monday.AddSeconds(6));
        var restarted = Storage.AfterRestart(s => s.Queue);

        Assert.Equal(Storage.ClaimsAreStored ? 2 : 0, restarted.RecoverInFlight());

        Assert.Equal(RequestState.Answered, restarted.StateOf("1187342600000000001"));
        Assert.Equal(RequestState.Pending, restarted.StateOf("1187342600000000002"));
        Assert.Equal(RequestState.Pending, restarted.StateOf("1187342600000000003"));
        Assert.Equal(RequestState.Pending, restarted.StateOf("1187342600000000004"));
        Assert.Equal(0, queue.RecoverInFlight());
        Assert.Equal(0, queue.TryClaimNext(Monday.AddSeconds(7), DiscordOnly)?.Attempts);
    }

    [SkippableFact]
    public void CountOutstanding_counts_pending_and_in_flight_per_platform_and_overall()
    {
        queue.TryEnqueue(Discord("1187342600000000001", Monday));
        queue.TryEnqueue(Discord("1187342600000000002", Monday.AddSeconds(1)));
        queue.TryEnqueue(Discord("1187342600000000003", Monday.AddSeconds(2)));
        queue.TryEnqueue(Slack("1-slack-envelope-a", Monday.AddSeconds(3)));
        queue.TryEnqueue(Slack("1-slack-envelope-b", Monday.AddSeconds(4)));
        queue.TryClaimNext(Monday.AddSeconds(5), DiscordOnly);
        queue.TryClaimNext(Monday.AddSeconds(5), DiscordOnly);
        queue.MarkAnswered("1187342600000000001", Monday.AddSeconds(6));
        queue.TryClaimNext(Monday.AddSeconds(5), ["slack"]);
        queue.MarkFailed("1-slack-envelope-a", "channel_not_found");

        Assert.Equal(2, queue.CountOutstanding("discord"));
        Assert.Equal(1, queue.CountOutstanding("slack"));
        Assert.Equal(0, queue.CountOutstanding("console"));
        Assert.Equal(3, queue.CountOutstanding());
    }

    [SkippableTheory]
    [InlineData(null, 0)]
    [InlineData("Sci-Fi & Fantasy", 0)]
    [InlineData("Animation", 2)]
    public void Every_field_of_a_request_reads_back_as_it_was_queued(string? genre, int attempts)
    {
        var request = new PredictionRequest(
            "1187342523645476904",
            Users.Jonas,
            [Shows.BreakingBad.Id, Shows.AttackOnTitan.Id, Shows.MoneyHeist.Id],
            7,
            new ReplyTarget("discord", """{"application":"1187000000000000000","token":"aW50ZXJh\"Y3Rpb24=","embeds":[{"title":"Ça va? 進撃"}]}"""),
            new DateTimeOffset(2026, 11, 23, 20, 30, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567))
        {
            Genre = genre,
            Notes = ["I couldn't find “Breaking Bda”; did you mean Breaking Bad?", "Dark is already on your list."],
            Attempts = attempts,
        };
        queue.TryEnqueue(request);

        var claimed = queue.TryClaimNext(request.AcceptedAt.AddMinutes(1), DiscordOnly);

        AssertSameRequest(request, claimed);
    }

    [SkippableFact]
    public void A_request_in_words_keeps_what_was_asked_across_a_restart()
    {
        var request = Discord("1187342523645476904", Monday) with
        {
            ShowIds = [],
            Wanted = ["tag:cozy", "country:GB", "genre:Mystery|tag:murder-mystery", "format:sitcom"],
            FromYear = 1990,
            ToYear = 1999,
            Description = "cozy, British, murder mystery, 1990s",
        };
        queue.TryEnqueue(request);

        var restarted = Storage.AfterRestart(s => s.Queue);

        AssertSameRequest(request, restarted.TryClaimNext(Monday.AddMinutes(1), DiscordOnly));
    }

    [SkippableFact]
    public void A_request_left_in_flight_by_a_process_that_died_is_claimable_again_after_a_restart()
    {
        var request = Discord("1187342523645476904", Monday) with { Genre = "Drama", Notes = ["Dark is already on your list."] };
        queue.TryEnqueue(request);
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);

        var restarted = Storage.AfterRestart(s => s.Queue);

        Assert.Equal(Storage.ClaimsAreStored ? RequestState.InFlight : RequestState.Pending, restarted.StateOf(request.Key));
        Assert.Equal(Storage.ClaimsAreStored ? 1 : 0, restarted.RecoverInFlight());
        AssertSameRequest(request, restarted.TryClaimNext(Monday.AddMinutes(1), DiscordOnly));
    }

    [SkippableFact]
    public void A_command_redelivered_after_a_restart_is_still_refused()
    {
        queue.TryEnqueue(Discord("1187342523645476904", Monday));
        queue.TryClaimNext(Monday.AddSeconds(1), DiscordOnly);
        queue.MarkAnswered("1187342523645476904", Monday.AddSeconds(2));

        var restarted = Storage.AfterRestart(s => s.Queue);

        Assert.False(restarted.TryEnqueue(Discord("1187342523645476904", Monday.AddMinutes(1))));
        Assert.Equal(RequestState.Answered, restarted.StateOf("1187342523645476904"));
    }

    private static List<string> ClaimFromManyThreads(int attempts, Func<int, IPredictionQueue> queueFor)
    {
        var claimed = new ConcurrentBag<string>();
        Parallel.For(0, attempts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, attempt =>
        {
            if (queueFor(attempt).TryClaimNext(Monday.AddHours(1), DiscordOnly) is { } request)
            {
                claimed.Add(request.Key);
            }
        });
        return [.. claimed];
    }

    private static void AssertSameRequest(PredictionRequest expected, PredictionRequest? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.User, actual.User);
        Assert.Equal(expected.ShowIds, actual.ShowIds);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Target, actual.Target);
        Assert.Equal(expected.AcceptedAt.UtcTicks, actual.AcceptedAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, actual.AcceptedAt.Offset);
        Assert.Equal(expected.Genre, actual.Genre);
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal(expected.Wanted, actual.Wanted);
        Assert.Equal((expected.FromYear, expected.ToYear, expected.Description), (actual.FromYear, actual.ToYear, actual.Description));
        Assert.Equal(expected.Attempts, actual.Attempts);
    }
}

public sealed class LitePredictionQueueTests() : PredictionQueueContract(new LiteStorage());

public sealed class PostgresPredictionQueueTests() : PredictionQueueContract(new PostgresStorage());
