using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Commands;

public class ReactionHandlerTests
{
    private static readonly MessageRef PostedList = new("test", "channel-1", "1001");
    private static readonly UserKey Bob = new("test", "bob");

    private static CoreFixture WithPostedList()
    {
        var core = new CoreFixture();
        core.Messages.Save(new SuggestionMessage(
            PostedList,
            CoreFixture.Alice,
            [SampleCatalog.BetterCallSaul.Id, SampleCatalog.Ozark.Id, SampleCatalog.Narcos.Id],
            "cmd-1",
            core.Time.GetUtcNow()));
        return core;
    }

    [Fact]
    public async Task A_reaction_that_comes_while_its_list_is_still_being_posted_counts_once_the_list_is_stored()
    {
        using var core = new CoreFixture();
        core.Chat.ReturnGate = new TaskCompletionSource();
        var answering = core.Answerer.AnswerAsync(new PredictionRequest("cmd-1", CoreFixture.Alice, [SampleCatalog.BreakingBad.Id], 3, CoreFixture.TargetFor("cmd-1"), core.Time.GetUtcNow()), CancellationToken.None);
        var lookedInVain = new TaskCompletionSource();
        var reactions = new ReactionHandler(new ReportingMisses(core.Messages, lookedInVain), core.Ratings, core.Posting, core.Time);

        await core.Chat.FirstSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var reacting = Task.Run(() => reactions.Handle(new ReactionEvent(new MessageRef("test", "channel-1", "1"), Bob, 1, RatingKind.Like, Added: true, ByBot: false)));
        await lookedInVain.Task.WaitAsync(TimeSpan.FromSeconds(30));
        core.Chat.ReturnGate.SetResult();

        Assert.Equal(ReactionOutcome.Recorded, await reacting.WaitAsync(TimeSpan.FromSeconds(30)));
        await answering;
        var suggested = Assert.IsType<SuggestionsReply>(Assert.Single(core.Chat.Sent).Reply).Items[0].Show.Id;
        Assert.Equal(suggested, Assert.Single(core.Ratings.ForUser(Bob)).ShowId);
    }

    [Fact]
    public async Task A_reaction_on_another_message_waits_only_for_the_lists_being_posted_when_it_came_not_for_those_begun_after()
    {
        using var core = new CoreFixture();
        var lookedInVain = new TaskCompletionSource();
        var lists = new ReportingMisses(core.Messages, lookedInVain);
        var reactions = new ReactionHandler(lists, core.Ratings, core.Posting, core.Time);
        var postedBefore = core.Posting.Begin();

        var reacting = Task.Run(() => reactions.Handle(new ReactionEvent(new MessageRef("test", "channel-1", "someone-elses-message"), Bob, 1, RatingKind.Like, Added: true, ByBot: false)));
        await lookedInVain.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Under load another lane is always posting: one begun after the reaction came is not the list it is on.
        using var postedAfter = core.Posting.Begin();
        postedBefore.Dispose();

        Assert.Equal(ReactionOutcome.IgnoredUnknownMessage, await reacting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, lists.Misses);
    }

    [Fact]
    public void Reacting_with_a_number_likes_that_suggestion()
    {
        using var core = WithPostedList();

        var outcome = core.Reactions.Handle(new ReactionEvent(PostedList, Bob, 2, RatingKind.Like, Added: true, ByBot: false));

        Assert.Equal(ReactionOutcome.Recorded, outcome);
        var rating = Assert.Single(core.Ratings.ForUser(Bob));
        Assert.Equal((SampleCatalog.Ozark.Id, RatingKind.Like, RatingSource.Reaction), (rating.ShowId, rating.Kind, rating.Source));
    }

    [Fact]
    public void Removing_the_reaction_removes_the_like()
    {
        using var core = WithPostedList();
        core.Reactions.Handle(new ReactionEvent(PostedList, Bob, 1, RatingKind.Like, Added: true, ByBot: false));

        var outcome = core.Reactions.Handle(new ReactionEvent(PostedList, Bob, 1, RatingKind.Like, Added: false, ByBot: false));

        Assert.Equal(ReactionOutcome.Removed, outcome);
        Assert.Empty(core.Ratings.ForUser(Bob));
    }

    [Fact]
    public void A_repeated_event_changes_nothing()
    {
        using var core = WithPostedList();
        var reaction = new ReactionEvent(PostedList, Bob, 3, RatingKind.Like, Added: true, ByBot: false);

        core.Reactions.Handle(reaction);
        var repeat = core.Reactions.Handle(reaction);

        Assert.Equal(ReactionOutcome.Unchanged, repeat);
        Assert.Single(core.Ratings.ForUser(Bob));
    }

    [Fact]
    public void The_bots_own_reactions_are_ignored()
    {
        using var core = WithPostedList();

        var outcome = core.Reactions.Handle(new ReactionEvent(PostedList, new UserKey("test", "showbot"), 1, RatingKind.Like, Added: true, ByBot: true));

        Assert.Equal(ReactionOutcome.IgnoredBotReaction, outcome);
        Assert.Equal(0, core.Ratings.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(10)]
    public void A_number_beyond_the_list_is_ignored(int number)
    {
        using var core = WithPostedList();

        var outcome = core.Reactions.Handle(new ReactionEvent(PostedList, Bob, number, RatingKind.Like, Added: true, ByBot: false));

        Assert.Equal(ReactionOutcome.IgnoredNotASuggestion, outcome);
        Assert.Equal(0, core.Ratings.Count);
    }

    [Fact]
    public void A_reaction_on_a_message_that_is_not_a_suggestion_list_is_ignored()
    {
        using var core = WithPostedList();

        var outcome = core.Reactions.Handle(new ReactionEvent(PostedList with { MessageId = "999" }, Bob, 1, RatingKind.Like, Added: true, ByBot: false));

        Assert.Equal(ReactionOutcome.IgnoredUnknownMessage, outcome);
    }

    [Fact]
    public void Thumbs_down_on_the_list_dislikes_every_suggestion_not_liked()
    {
        using var core = WithPostedList();
        core.Reactions.Handle(new ReactionEvent(PostedList, Bob, 1, RatingKind.Like, Added: true, ByBot: false));

        core.Reactions.Handle(new ReactionEvent(PostedList, Bob, null, RatingKind.Dislike, Added: true, ByBot: false));

        var ratings = core.Ratings.ForUser(Bob).ToDictionary(r => r.ShowId, r => r.Kind);
        Assert.Equal(RatingKind.Like, ratings[SampleCatalog.BetterCallSaul.Id]);
        Assert.Equal(RatingKind.Dislike, ratings[SampleCatalog.Ozark.Id]);
        Assert.Equal(RatingKind.Dislike, ratings[SampleCatalog.Narcos.Id]);
    }

    [Fact]
    public void Removing_a_reaction_never_erases_a_like_given_in_a_recommend()
    {
        using var core = WithPostedList();
        core.Ratings.Upsert(new Rating(Bob, SampleCatalog.Ozark.Id, RatingKind.Like, RatingSource.RequestInput, core.Time.GetUtcNow()));

        core.Reactions.Handle(new ReactionEvent(PostedList, Bob, 2, RatingKind.Like, Added: false, ByBot: false));

        Assert.Single(core.Ratings.ForUser(Bob));
    }
}
