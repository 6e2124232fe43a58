using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Commands;

/// <summary>
/// A "did you mean" carries a menu of its candidates (issue 12): picking one runs the /recommend or /rate it answered,
/// with that show and what else was asked, for whoever picked it; the pick takes the place of the question.
/// </summary>
public sealed class DidYouMeanMenuTests : IDisposable
{
    private const string OnePieceAnime = "tt0388629", OnePieceLiveAction = "tt11737520";
    private static readonly UserKey Ben = new("test", "ben");
    private readonly CoreFixture core = new(catalog: new ShowCatalog(CatalogCsv.BuiltIn()));

    public void Dispose() => core.Dispose();

    [Fact]
    public void A_recommend_that_names_no_show_for_sure_offers_its_candidates_in_a_menu_that_remembers_the_count_and_genre()
    {
        var reply = Assert.IsType<DidYouMeanReply>(core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "One Piece") with { Count = 3, Genre = "animation" }).Reply);

        var menu = Assert.Single(reply.Actions);
        Assert.Equal(
            [new ReplyOption(OnePieceAnime, "One Piece (1999–)"), new ReplyOption(OnePieceLiveAction, "One Piece (2023–)")],
            menu.Options);
        Assert.Equal("Pick the show you meant", menu.Label);
        Assert.Equal(new ChatAction.PickToRecommend(3, "Animation"), ChatActions.Read(menu.Id));
    }

    [Fact]
    public void Picking_a_candidate_queues_the_recommend_with_that_show_for_the_picker_in_place_of_the_question()
    {
        var menu = Assert.Single(core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "One Piece") with { Count = 3 }).Reply.Actions);

        var picked = core.Actions.Handle(Pick(menu.Id, Ben, OnePieceLiveAction));
        var again = core.Actions.Handle(Pick(menu.Id, Ben, OnePieceLiveAction));

        Assert.True(picked.ReplacesMessage);
        Assert.Equal("Looking for shows like One Piece…", ((TextReply)picked.Reply).Text);
        var request = Assert.Single(core.Queue.Waiting());
        Assert.Equal((picked.QueuedRequest, Ben, 3, CoreFixture.TargetFor("pick-1")), (request.Key, request.User, request.Count, request.Target));
        Assert.Equal([OnePieceLiveAction], request.ShowIds);
        Assert.Equal("I'm already on that one.", ((TextReply)again.Reply).Text);
    }

    [Fact]
    public void A_rate_that_names_no_show_for_sure_offers_a_menu_and_picking_rates_that_show_for_the_picker()
    {
        var reply = Assert.IsType<DidYouMeanReply>(core.Commands.Rate(CoreFixture.Alice, "One Piece", RatingKind.Dislike));
        var menu = Assert.Single(reply.Actions);

        var picked = core.Actions.Handle(Pick(menu.Id, Ben, OnePieceAnime));

        Assert.True(picked.ReplacesMessage);
        Assert.Equal("Noted: you don't like One Piece (1999–).", ((TextReply)picked.Reply).Text);
        var rating = Assert.Single(core.Ratings.ForUser(Ben));
        Assert.Equal((OnePieceAnime, RatingKind.Dislike), (rating.ShowId, rating.Kind));
        Assert.Empty(core.Ratings.ForUser(CoreFixture.Alice));
    }

    [Fact]
    public void A_title_with_no_candidate_at_all_has_no_menu_and_a_pick_without_a_choice_changes_nothing()
    {
        var reply = Assert.IsType<DidYouMeanReply>(core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Qwxzv Plorb")).Reply);
        var noChoice = core.Actions.Handle(new ActionPress("pick:rate:like", Ben, new MessageRef("test", "channel-1", "1")));

        Assert.Empty(reply.Actions);
        Assert.False(noChoice.ReplacesMessage);
        Assert.Empty(core.Ratings.ForUser(Ben));
    }

    private static ActionPress Pick(string id, UserKey picker, string show) =>
        new(id, picker, new MessageRef("test", "channel-1", "1")) { PressId = "1", ReplyTo = CoreFixture.TargetFor("pick-1"), Picked = show };
}
