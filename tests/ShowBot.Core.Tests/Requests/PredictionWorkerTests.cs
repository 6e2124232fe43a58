using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Requests;

public class PredictionWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_queued_request_is_answered_with_numbered_suggestions_and_the_list_is_remembered()
    {
        using var core = new CoreFixture();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Breaking Bad"));

        await core.Worker.StartAsync(CancellationToken.None);
        await WaitUntil(() => core.Queue.StateOf("cmd-1") == RequestState.Answered);
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
    public async Task Requests_left_in_flight_by_a_dead_process_are_answered_at_start()
    {
        using var core = new CoreFixture();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));
        core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"]);

        await core.Worker.StartAsync(CancellationToken.None);
        await WaitUntil(() => core.Queue.StateOf("cmd-1") == RequestState.Answered);
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
        await WaitUntil(() => core.Queue.Errors.Count == 1);
        Assert.Equal(RequestState.Pending, core.Queue.StateOf("cmd-1"));
        Assert.Empty(core.Chat.Sent);

        core.Time.Advance(TimeSpan.FromSeconds(2));
        await WaitUntil(() => core.Queue.StateOf("cmd-1") == RequestState.Answered);
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
        await WaitUntil(() => core.Chat.Sent.Count == 1);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(RequestState.Failed, core.Queue.StateOf("cmd-1"));
        Assert.Contains("Sorry", Assert.IsType<TextReply>(core.Chat.Sent[0].Reply).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_shutdown_a_request_being_answered_goes_back_to_the_queue()
    {
        using var core = new CoreFixture();
        core.Chat.Gate = new TaskCompletionSource();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo"));

        await core.Worker.StartAsync(CancellationToken.None);
        await WaitUntil(() => core.Queue.StateOf("cmd-1") == RequestState.InFlight);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(RequestState.Pending, core.Queue.StateOf("cmd-1"));
        Assert.Empty(core.Queue.Errors);
    }

    [Fact]
    public async Task Requests_for_a_platform_without_a_running_adapter_are_left_for_it()
    {
        using var core = new CoreFixture(new PredictionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        core.Commands.Recommend(CoreFixture.Recommend("cmd-discord", "Fargo") with { Target = new ReplyTarget("discord", "{}") });
        core.Commands.Recommend(CoreFixture.Recommend("cmd-test", "Fargo"));

        await core.Worker.StartAsync(CancellationToken.None);
        await WaitUntil(() => core.Queue.StateOf("cmd-test") == RequestState.Answered);
        await core.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(RequestState.Pending, core.Queue.StateOf("cmd-discord"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(10);
        }
    }
}
