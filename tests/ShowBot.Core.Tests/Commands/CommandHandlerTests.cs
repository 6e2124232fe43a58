using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Commands;

public class CommandHandlerTests
{
    [Fact]
    public void Recommend_with_known_titles_queues_one_request_and_acknowledges_at_once()
    {
        using var core = new CoreFixture();

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Breaking Bad, The Wire"));

        Assert.True(result.Queued);
        Assert.Equal("cmd-1", result.RequestKey);
        Assert.Contains("Breaking Bad, The Wire", Assert.IsType<TextReply>(result.Reply).Text, StringComparison.Ordinal);
        Assert.Equal(RequestState.Pending, core.Queue.StateOf("cmd-1"));
        var queued = core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"]);
        Assert.Equal([SampleCatalog.BreakingBad.Id, SampleCatalog.TheWire.Id], queued!.ShowIds);
        Assert.Equal(5, queued.Count);
    }

    [Fact]
    public void The_same_command_delivered_twice_is_queued_once()
    {
        using var core = new CoreFixture();

        var first = core.Commands.Recommend(CoreFixture.Recommend("interaction-42", "Fargo"));
        var repeat = core.Commands.Recommend(CoreFixture.Recommend("interaction-42", "Fargo"));

        Assert.True(first.Queued);
        Assert.False(repeat.Queued);
        Assert.Equal(1, core.Queue.CountOutstanding());
    }

    [Fact]
    public void A_title_whose_namesake_is_far_less_known_is_queued_with_the_better_known_and_the_other_offered()
    {
        using var core = new CoreFixture();

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "The Office"));

        Assert.True(result.Queued);
        Assert.EndsWith("I took The Office (2005–2013), the best known; for another, ask for \"The Office (2001)\".", Assert.IsType<TextReply>(result.Reply).Text, StringComparison.Ordinal);
        Assert.Equal(1, core.Queue.CountOutstanding());
    }

    [Fact]
    public void Unknown_titles_beside_known_ones_are_noted_and_the_rest_is_queued()
    {
        using var core = new CoreFixture();

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo; Zzyzx Road Chronicles"));

        Assert.True(result.Queued);
        var request = core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"])!;
        Assert.Equal([SampleCatalog.Fargo.Id], request.ShowIds);
        Assert.Contains(request.Notes, n => n.Contains("Zzyzx Road Chronicles", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" , ; ")]
    public void Empty_input_asks_for_shows_and_queues_nothing(string typed)
    {
        using var core = new CoreFixture();

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", typed));

        Assert.False(result.Queued);
        Assert.Contains("Tell me a few shows", Assert.IsType<TextReply>(result.Reply).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_input_is_answered_without_queuing_thousands_of_titles()
    {
        using var core = new CoreFixture();
        var huge = string.Join(", ", Enumerable.Repeat("Fargo", 2_000)) + new string('x', 10_000);

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", huge));

        Assert.True(result.Queued);
        var request = core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"])!;
        Assert.Equal([SampleCatalog.Fargo.Id], request.ShowIds);
        Assert.Contains(request.Notes, n => n.Contains("first 10 titles", StringComparison.Ordinal));
    }

    [Fact]
    public void Count_is_clamped_and_genre_is_matched_case_insensitively()
    {
        using var core = new CoreFixture();

        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo") with { Count = 50, Genre = "crime" });

        var request = core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"])!;
        Assert.Equal(10, request.Count);
        Assert.Equal("Crime", request.Genre);
    }

    [Fact]
    public void An_unknown_genre_is_refused_with_the_genres_there_are()
    {
        using var core = new CoreFixture();

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo") with { Genre = "Telenovela" });

        Assert.False(result.Queued);
        Assert.Contains("Documentary", Assert.IsType<TextReply>(result.Reply).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_likes_and_dislikes_by_title_and_likes_lists_them()
    {
        using var core = new CoreFixture();

        core.Commands.Rate(CoreFixture.Alice, "Friends", RatingKind.Like);
        core.Commands.Rate(CoreFixture.Alice, "Ozark", RatingKind.Dislike);
        var likes = Assert.IsType<LikesReply>(core.Commands.Likes(CoreFixture.Alice));

        Assert.Equal([SampleCatalog.Friends], likes.Liked);
        Assert.Equal([SampleCatalog.Ozark], likes.Disliked);
    }

    [Fact]
    public void Forget_me_asks_first_with_what_it_would_delete_and_a_confirm_only_the_asker_can_press()
    {
        using var core = new CoreFixture();
        var bob = new UserKey("test", "bob");
        core.Commands.Rate(CoreFixture.Alice, "Friends", RatingKind.Like);
        core.Commands.Rate(bob, "Friends", RatingKind.Like);
        var actions = core.Actions;
        var message = new MessageRef("test", "channel", "1");

        var ask = Assert.IsType<TextReply>(core.Commands.ForgetMe(CoreFixture.Alice));
        var confirm = ask.Actions[0];
        var byBob = actions.Handle(new ActionPress(confirm.Id, bob, message));

        Assert.Equal("This deletes everything ShowBot stored about you: 1 rating(s) with their history, 0 suggestion list(s) and 0 request(s). It can't be undone. Delete it all?", ask.Text);
        Assert.Equal((ActionStyle.Danger, "Delete it all", "forget-me:confirm:test:alice"), (confirm.Style, confirm.Label, confirm.Id));
        Assert.Equal(new TypedAction(CommandCatalog.ForgetMe, "confirm"), confirm.Typed);
        Assert.False(byBob.ReplacesMessage);
        Assert.StartsWith("That button is for the person who asked to be forgotten: nothing was deleted.", ((TextReply)byBob.Reply).Text, StringComparison.Ordinal);
        Assert.Single(core.Ratings.ForUser(CoreFixture.Alice));

        var done = actions.Handle(new ActionPress(confirm.Id, CoreFixture.Alice, message));
        var again = actions.Handle(new ActionPress(confirm.Id, CoreFixture.Alice, message));

        Assert.True(done.ReplacesMessage);
        Assert.Equal("Done: I deleted 1 rating(s), 0 suggestion list(s) and 0 request(s) of yours.", ((TextReply)done.Reply).Text);
        Assert.Equal("Nothing to delete: I hold no ratings, suggestion lists or requests of yours (already forgotten?).", ((TextReply)again.Reply).Text);
        Assert.Empty(core.Ratings.ForUser(CoreFixture.Alice));
        Assert.Single(core.Ratings.ForUser(bob));
    }

    [Fact]
    public void Keep_it_deletes_nothing_and_an_id_ShowBot_never_wrote_changes_nothing()
    {
        using var core = new CoreFixture();
        core.Commands.Rate(CoreFixture.Alice, "Friends", RatingKind.Like);
        var actions = core.Actions;
        var message = new MessageRef("test", "channel", "1");

        var kept = actions.Handle(new ActionPress(core.Commands.ForgetMe(CoreFixture.Alice).Actions[1].Id, CoreFixture.Alice, message));
        var unknown = actions.Handle(new ActionPress("forget-me:confirm:nobody", CoreFixture.Alice, message));

        Assert.Equal(("Kept: nothing was deleted.", true), (((TextReply)kept.Reply).Text, kept.ReplacesMessage));
        Assert.False(unknown.ReplacesMessage);
        Assert.Single(core.Ratings.ForUser(CoreFixture.Alice));
    }

    [Fact]
    public void A_like_or_not_for_me_button_rates_for_whoever_presses_it_once_as_a_reaction_would()
    {
        using var core = new CoreFixture();
        var bob = new UserKey("test", "bob");
        var list = new MessageRef("test", "channel", "7");
        core.Messages.Save(new SuggestionMessage(list, CoreFixture.Alice, [SampleCatalog.Fargo.Id, SampleCatalog.Ozark.Id], "cmd-1", core.Time.GetUtcNow()));
        var actions = core.Actions;

        var liked = actions.Handle(new ActionPress(ChatActions.Rate(2, RatingKind.Like), bob, list));
        var again = actions.Handle(new ActionPress(ChatActions.Rate(2, RatingKind.Like), bob, list));
        var notForMe = actions.Handle(new ActionPress(ChatActions.Rate(1, RatingKind.Dislike), bob, list));
        var noSuchList = actions.Handle(new ActionPress(ChatActions.Rate(1, RatingKind.Like), bob, new MessageRef("test", "channel", "8")));

        Assert.Equal("Noted: you like Ozark.", ((TextReply)liked.Reply).Text);
        Assert.Contains(new ReplyPart("Ozark", Quoted: true), ((TextReply)liked.Reply).Parts);
        Assert.False(liked.ReplacesMessage);
        Assert.Equal("Already noted: you like Ozark.", ((TextReply)again.Reply).Text);
        Assert.Equal("Noted: Fargo is not for you.", ((TextReply)notForMe.Reply).Text);
        Assert.StartsWith("I no longer have that list", ((TextReply)noSuchList.Reply).Text, StringComparison.Ordinal);
        Assert.Equal(
            [(SampleCatalog.Fargo.Id, RatingKind.Dislike, RatingSource.Reaction), (SampleCatalog.Ozark.Id, RatingKind.Like, RatingSource.Reaction)],
            core.Ratings.ForUser(bob).OrderBy(r => r.ShowId, StringComparer.Ordinal).Select(r => (r.ShowId, r.Kind, r.Source)));
        Assert.Empty(core.Ratings.ForUser(CoreFixture.Alice));
    }

    [Fact]
    public void Every_suggestion_gets_a_like_and_a_not_for_me_button_in_rows_of_five_then_more_like_this_within_discords_limits()
    {
        var suggestions = Enumerable.Range(1, 7).Select(n => new Suggestion(n, SampleCatalog.Fargo, null)).ToList();

        var actions = ChatActions.ForSuggestions(suggestions);
        var rows = ChatActions.InRows(actions, 5).Select(row => row.Select(a => a.Label).ToList()).ToList();

        Assert.Equal(
            [["👍 1", "👍 2", "👍 3", "👍 4", "👍 5"], ["👎 1", "👎 2", "👎 3", "👎 4", "👎 5"], ["👍 6", "👍 7"], ["👎 6", "👎 7"], ["More like this"]],
            rows);
        Assert.All(actions.SkipLast(1), a => Assert.Equal(a.Label.StartsWith("👍", StringComparison.Ordinal) ? RatingKind.Like : RatingKind.Dislike, Assert.IsType<ChatAction.RateSuggestion>(ChatActions.Read(a.Id)).Kind));
        Assert.IsType<ChatAction.MoreLikeThis>(ChatActions.Read(actions[^1].Id));
        Assert.Equal(5, ChatActions.InRows(ChatActions.ForSuggestions([.. Enumerable.Range(1, 10).Select(n => new Suggestion(n, SampleCatalog.Fargo, null))]), 5).Count);
        Assert.Equal(3, ChatActions.InRows(ChatActions.ForSuggestions([.. Enumerable.Range(1, 3).Select(n => new Suggestion(n, SampleCatalog.Fargo, null))]), 5).Count);
    }
}
