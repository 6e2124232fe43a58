using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Requests;

public class PredictionWorkerTests
{
    [Fact]
    public async Task A_queued_request_is_answered_with_numbered_suggestions_and_the_list_is_remembered()
    {
        using var core = new CoreFixture();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Breaking Bad"));

        await core.Worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => core.Queue.StateOf("cmd-1") == RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        var (target, reply) = Assert.Single(core.Chat.Sent);
        Assert.Equal(CoreFixture.TargetFor("cmd-1"), target);
        var suggestions = Assert.IsType<SuggestionsReply>(reply);
        Assert.Equal([1, 2, 3, 4, 5], suggestions.Items.Select(i => i.Number));
        Assert.DoesNotContain(suggestions.Items, i => i.Show.Id == SampleCatalog.BreakingBad.Id);
        Assert.All(suggestions.Items, i => Assert.Equal(SampleCatalog.BreakingBad, i.BecauseYouLiked));

        var list = Assert.Single(core.Messages.All);
        Assert.Equal(suggestions.Items.Select(i => i.Show.Id), list.ShowIds);
        var like = Assert.Single(core.Ratings.ForUser(CoreFixture.Alice));
        Assert.Equal((SampleCatalog.BreakingBad.Id, RatingKind.Like, RatingSource.RequestInput), (like.ShowId, like.Kind, like.Source));
    }

    [Fact]
    public async Task Done_completes_once_the_lane_has_stored_the_list_and_marked_the_request()
    {
        using var core = new CoreFixture();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Breaking Bad"));
        var done = core.Signal.Done("cmd-1");
        var other = core.Signal.Done("cmd-2");

        await core.Worker.StartAsync(CancellationToken.None);
        await done.WaitAsync(TimeSpan.FromSeconds(30));
        var (state, lists) = (core.Queue.StateOf("cmd-1"), core.Messages.All.Count);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Equal((RequestState.Answered, 1), (state, lists));
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task Requests_left_in_flight_by_a_dead_process_are_answered_at_start()
    {
        using var core = new CoreFixture();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));
        core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"]);

        await core.Worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => core.Queue.StateOf("cmd-1") == RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Single(core.Chat.Sent);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_a_backoff()
    {
        using var core = new CoreFixture(new PredictionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        core.Chat.FailNext = 1;
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        await core.Worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => core.Queue.Errors.Count == 1);
        Assert.Equal(RequestState.Pending, core.Queue.StateOf("cmd-1"));
        Assert.Empty(core.Chat.Sent);

        core.Time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => core.Queue.StateOf("cmd-1") == RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Single(core.Chat.Sent);
    }

    [Fact]
    public async Task After_the_last_attempt_the_request_fails_and_the_user_gets_an_apology()
    {
        using var core = new CoreFixture(new PredictionWorkerOptions { MaxAttempts = 1 });
        core.Chat.FailNext = 1;
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        await core.Worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => core.Chat.Sent.Count == 1);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(RequestState.Failed, core.Queue.StateOf("cmd-1"));
        Assert.Contains("Sorry", Assert.IsType<TextReply>(core.Chat.Sent[0].Reply).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_shutdown_a_request_that_cannot_finish_within_the_grace_goes_back_to_the_queue()
    {
        using var core = new CoreFixture();
        core.Chat.Gate = new TaskCompletionSource();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        await core.Worker.StartAsync(CancellationToken.None);
        // Sending, the answer has set its grace up: a clock moved before that would pass a deadline not yet set.
        await core.Chat.Sending.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopping = core.Worker.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted, "the request being answered was cut off at once");
        core.Time.Advance(new PredictionWorkerOptions().ShutdownGrace);
        await stopping;

        Assert.Equal(RequestState.Pending, core.Queue.StateOf("cmd-1"));
        Assert.Empty(core.Queue.Errors);
    }

    [Fact]
    public async Task On_shutdown_a_list_already_on_its_way_is_finished_and_remembered_so_a_restart_does_not_post_it_again()
    {
        using var core = new CoreFixture();
        core.Chat.ReturnGate = new TaskCompletionSource();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        await core.Worker.StartAsync(CancellationToken.None);
        await core.Chat.FirstSent.Task;
        var stopping = core.Worker.StopAsync(CancellationToken.None);
        core.Chat.ReturnGate.SetResult();
        await stopping;

        Assert.Equal(RequestState.Answered, core.Queue.StateOf("cmd-1"));
        Assert.Single(core.Messages.All);
        Assert.Single(core.Chat.Sent);
    }

    [Fact]
    public async Task Requests_for_a_platform_without_a_running_adapter_are_left_for_it()
    {
        using var core = new CoreFixture(new PredictionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        core.Commands.Recommend(CoreFixture.Recommend("cmd-discord", "Fargo") with { Target = new ReplyTarget("discord", "{}") });
        core.Commands.Recommend(CoreFixture.Recommend("cmd-test", "Fargo"));

        await core.Worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => core.Queue.StateOf("cmd-test") == RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(RequestState.Pending, core.Queue.StateOf("cmd-discord"));
    }

    [Fact]
    public async Task A_disk_that_fills_up_under_twenty_requests_loses_none_of_them_and_the_worker_keeps_running()
    {
        var disk = new FullDisk();
        using var core = new CoreFixture(new PredictionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, disk: disk);
        var keys = Enumerable.Range(1, 20).Select(i => $"cmd-{i}").ToList();
        foreach (var key in keys)
        {
            core.Commands.Recommend(CoreFixture.Recommend(key, "Fargo") with { User = new UserKey("test", key) });
        }

        disk.FillAfter(writes: 7, failures: 25);
        await core.Worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() =>
        {
            core.Time.Advance(TimeSpan.FromSeconds(2));
            return keys.All(key => core.Queue.StateOf(key) is RequestState.Answered or RequestState.Failed);
        });

        Assert.False(core.Worker.ExecuteTask!.IsCompleted, "the worker stopped");
        lock (core.Chat.Sent)
        {
            foreach (var key in keys)
            {
                var replies = core.Chat.Sent.Where(s => s.Target == CoreFixture.TargetFor(key)).Select(s => s.Reply).ToList();
                Assert.True(
                    replies.OfType<SuggestionsReply>().Any() || replies.OfType<TextReply>().Any(r => r.Text.Contains("the bot's disk is full", StringComparison.Ordinal)),
                    $"{key} got neither its suggestions nor a word about the full disk");
            }

            Assert.DoesNotContain(core.Chat.Sent, s => s.Reply is TextReply text && text.Text.Contains("No space left", StringComparison.Ordinal));
        }

        core.Commands.Recommend(CoreFixture.Recommend("after", "Fargo") with { User = new UserKey("test", "after") });
        await ClockRunsUntilAsync(core, "after", RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(25, disk.FailedWrites);
    }

    [Fact]
    public async Task When_the_disk_stays_full_through_every_attempt_the_person_is_told_in_words_and_the_request_ends_failed()
    {
        var disk = new FullDisk();
        using var core = new CoreFixture(new PredictionWorkerOptions { Parallelism = 1, MaxAttempts = 3, PollInterval = TimeSpan.FromMilliseconds(50) }, disk: disk);
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        // Recovery at start and the claim are written; then the disk is full for the three attempts, the two retries
        // it could not record and the first two tries to mark the request failed.
        disk.FillAfter(writes: 2, failures: 7);
        await core.Worker.StartAsync(CancellationToken.None);
        await ClockRunsUntilAsync(core, "cmd-1", RequestState.Failed);
        await core.Worker.StopAsync(CancellationToken.None);

        var (target, reply) = Assert.Single(core.Chat.Sent);
        Assert.Equal(CoreFixture.TargetFor("cmd-1"), target);
        Assert.Equal("Sorry — I couldn't save your request (the bot's disk is full). Please try again later.", Assert.IsType<TextReply>(reply).Text);
        Assert.Empty(core.Ratings.ForUser(CoreFixture.Alice));
    }

    [Fact]
    public async Task When_the_disk_stays_full_before_a_request_can_be_claimed_its_person_is_told_it_waits_and_then_answered()
    {
        var disk = new FullDisk();
        using var core = new CoreFixture(new PredictionWorkerOptions { Parallelism = 1, MaxAttempts = 3, PollInterval = TimeSpan.FromMilliseconds(50) }, disk: disk);
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        // Recovery at start is written; then no claim can be, three times (MaxAttempts) and once more, before space returns.
        disk.FillAfter(writes: 1, failures: 4);
        await core.Worker.StartAsync(CancellationToken.None);
        await ClockRunsUntilAsync(core, "cmd-1", RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Collection(
            core.Chat.Sent,
            told => Assert.Equal(
                "Your request is kept, but I can't work on it just now (the bot's disk is full). You'll get your suggestions once that is fixed.",
                Assert.IsType<TextReply>(told.Reply).Text),
            list => Assert.IsType<SuggestionsReply>(list.Reply));
        Assert.All(core.Chat.Sent, sent => Assert.Equal(CoreFixture.TargetFor("cmd-1"), sent.Target));
    }

    [Fact]
    public async Task A_list_sent_but_not_stored_is_not_sent_again_and_the_person_learns_reactions_to_it_will_not_count()
    {
        var disk = new FullDisk();
        using var core = new CoreFixture(new PredictionWorkerOptions { Parallelism = 1, PollInterval = TimeSpan.FromMilliseconds(50) }, disk: disk);
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        // Recovery at start, the claim and the likes are written; the list and the first try to mark the request answered are not.
        disk.FillAfter(writes: 3, failures: 2);
        await core.Worker.StartAsync(CancellationToken.None);
        await ClockRunsUntilAsync(core, "cmd-1", RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Collection(
            core.Chat.Sent,
            list => Assert.IsType<SuggestionsReply>(list.Reply),
            note => Assert.Equal("I couldn't save that list (the bot's disk is full), so reactions to it won't count. Please ask again later.", Assert.IsType<TextReply>(note.Reply).Text));
        Assert.Empty(core.Messages.All);
    }

    [Fact]
    public async Task A_bug_in_the_queue_still_stops_the_worker()
    {
        using var core = new CoreFixture();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));
        var worker = new PredictionWorker(new BrokenQueue(), core.Signal, core.Answerer, new ChatPlatforms([core.Chat]), StorageFailures.OperatingSystemOnly, Microsoft.Extensions.Options.Options.Create(new PredictionWorkerOptions()), core.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<PredictionWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ExecuteTask!.IsCompleted);

        Assert.IsType<InvalidCastException>(worker.ExecuteTask!.Exception!.GetBaseException());
        worker.Dispose();
    }

    private sealed class BrokenQueue : IPredictionQueue
    {
        public bool TryEnqueue(PredictionRequest request) => true;

        public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms) => throw new InvalidCastException("a field of the wrong type");

        public void MarkAnswered(string key, DateTimeOffset now) { }

        public void Release(string key, string? error, DateTimeOffset? retryAt = null) { }

        public void MarkFailed(string key, string error) { }

        public int RecoverInFlight() => 0;

        public RequestState? StateOf(string key) => null;

        public PredictionRequest? Find(string key) => null;

        public int CountOutstanding(string? platform = null) => 0;

        public int Prune(DateTimeOffset acceptedBefore) => 0;
    }

    /// <summary>Moves the fake clock a second at a time, so the worker's retries come due, until the request is in <paramref name="state"/>.</summary>
    private static Task ClockRunsUntilAsync(CoreFixture core, string requestKey, RequestState state) =>
        Eventually.TrueAsync(() =>
        {
            core.Time.Advance(TimeSpan.FromSeconds(1));
            return core.Queue.StateOf(requestKey) == state;
        }, $"{requestKey} {state}");
}
