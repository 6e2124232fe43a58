using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Commands;

/// <summary>
/// "More like this" under a list (issue 12): a further page of the same request for whoever presses it, never
/// repeating a show that person was already shown, queued once per press and answered like any request.
/// </summary>
public sealed class MoreLikeThisTests : IDisposable
{
    private const string BreakingBad = "tt0903747", TheWire = "tt0306414", TheOffice = "tt0386676";
    private static readonly UserKey Ben = new("test", "ben");

    private readonly CoreFixture core = new(catalog: new ShowCatalog(CatalogCsv.BuiltIn()));
    private int presses;

    public void Dispose() => core.Dispose();

    [Fact]
    public async Task More_twice_gives_two_further_pages_of_the_same_request_that_never_repeat_a_show()
    {
        var (first, firstList) = await RecommendAsync("Breaking Bad");

        var (second, secondList) = await MoreAsync(CoreFixture.Alice, firstList);
        var (third, _) = await MoreAsync(CoreFixture.Alice, secondList);

        var pages = new[] { first, second, third }.Select(page => page.Items.Select(i => i.Show.Id).ToList()).ToList();
        Assert.All(pages, page => Assert.Equal(5, page.Count));
        Assert.Equal(15, pages.SelectMany(p => p).Distinct().Count());
        Assert.All(pages.SelectMany(p => p), id => Assert.NotEqual(BreakingBad, id));
        Assert.All([second, third], page => Assert.Equal("Because you like Breaking Bad", page.Heading));
        Assert.Equal(ChatActions.More, Assert.Single(third.Actions, a => a.Style == ActionStyle.Primary).Id);
    }

    [Fact]
    public async Task A_page_after_leaves_out_the_lists_the_person_asked_for_before_and_records_no_likes_again()
    {
        var (earlier, _) = await RecommendAsync("The Wire");
        var (_, list) = await RecommendAsync("Breaking Bad");
        var likesBefore = core.Ratings.ForUser(CoreFixture.Alice).Count;

        var (more, _) = await MoreAsync(CoreFixture.Alice, list);

        Assert.Empty(more.Items.Select(i => i.Show.Id).Intersect(earlier.Items.Select(i => i.Show.Id)));
        Assert.Equal(likesBefore, core.Ratings.ForUser(CoreFixture.Alice).Count);
    }

    [Fact]
    public async Task Someone_else_pressing_more_gets_a_page_for_themselves_without_the_list_they_pressed_it_on()
    {
        var (alices, list) = await RecommendAsync("Breaking Bad");
        core.Ratings.Upsert(new Rating(Ben, alices.Items[0].Show.Id, RatingKind.Dislike, RatingSource.Reaction, core.Time.GetUtcNow()));

        var (bens, bensList) = await MoreAsync(Ben, list);

        Assert.Empty(bens.Items.Select(i => i.Show.Id).Intersect(alices.Items.Select(i => i.Show.Id)));
        Assert.Equal(Ben, core.Messages.Find(bensList)!.RequestedBy);
        Assert.Single(core.Ratings.ForUser(Ben));
        Assert.Equal([BreakingBad], core.Ratings.ForUser(CoreFixture.Alice).Select(r => r.ShowId));
    }

    [Fact]
    public async Task More_on_a_group_list_is_a_further_list_for_the_same_group()
    {
        core.Ratings.UpsertMany([Like(CoreFixture.Alice, BreakingBad), Like(Ben, TheOffice), Like(Ben, TheWire)]);
        var together = await core.Dispatcher.RunAsync(
            new CommandInvocation(CommandCatalog.Together, "together-1", CoreFixture.Alice, CoreFixture.TargetFor("together-1"), new TextCommandSyntax(c => "/" + c.Name)) { Text = "ben" },
            CancellationToken.None);
        Assert.True(together.Queued);
        var (group, list) = await AnswerAsync("together-1");

        var (more, moreList) = await MoreAsync(Ben, list);

        Assert.Equal("Together: alice, ben", more.Heading);
        Assert.Empty(more.Items.Select(i => i.Show.Id).Intersect(group.Items.Select(i => i.Show.Id)));
        Assert.Equal([CoreFixture.Alice, Ben], core.Messages.Find(moreList)!.Group);
    }

    [Fact]
    public async Task More_pressed_while_its_list_is_still_being_posted_waits_for_the_list_to_be_stored()
    {
        core.Chat.ReturnGate = new TaskCompletionSource();
        core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Breaking Bad"));
        var answering = core.Answerer.AnswerAsync(core.Queue.Find("cmd-1")!, CancellationToken.None);
        var lookedInVain = new TaskCompletionSource();
        var actions = new ActionHandler(core.Commands, core.Reactions, new ReportingMisses(core.Messages, lookedInVain), core.Posting, core.Catalog, core.Queue, core.Signal, core.Time);

        await core.Chat.FirstSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var pressing = Task.Run(() => actions.Handle(new ActionPress(ChatActions.More, CoreFixture.Alice, new MessageRef("test", "channel-1", "1")) { PressId = "p", ReplyTo = CoreFixture.TargetFor("p") }));
        await lookedInVain.Task.WaitAsync(TimeSpan.FromSeconds(30));
        core.Chat.ReturnGate.SetResult();

        Assert.Equal("more:p", (await pressing.WaitAsync(TimeSpan.FromSeconds(30))).QueuedRequest);
        await answering;
    }

    [Fact]
    public async Task A_press_delivered_twice_queues_one_page()
    {
        var (_, list) = await RecommendAsync("Breaking Bad");
        var press = new ActionPress(ChatActions.More, CoreFixture.Alice, list) { PressId = "press-1", ReplyTo = CoreFixture.TargetFor("press-1") };

        var first = core.Actions.Handle(press);
        var again = core.Actions.Handle(press);

        Assert.Equal(("Looking for more like these…", "more:press-1"), (((TextReply)first.Reply).Text, first.QueuedRequest));
        Assert.Equal(("I'm already on that one.", null), (((TextReply)again.Reply).Text, again.QueuedRequest));
        Assert.Single(core.Queue.Waiting());
    }

    [Fact]
    public void More_on_a_list_that_is_gone_or_where_nothing_can_be_posted_says_so_and_queues_nothing()
    {
        var gone = core.Actions.Handle(new ActionPress(ChatActions.More, Ben, new MessageRef("test", "channel-1", "404")) { PressId = "p", ReplyTo = CoreFixture.TargetFor("p") });
        var nowhere = core.Actions.Handle(new ActionPress(ChatActions.More, Ben, new MessageRef("test", "channel-1", "404")));

        Assert.StartsWith("I no longer have that list", ((TextReply)gone.Reply).Text, StringComparison.Ordinal);
        Assert.StartsWith("I can't post more suggestions here", ((TextReply)nowhere.Reply).Text, StringComparison.Ordinal);
        Assert.Empty(core.Queue.Waiting());
    }

    private Rating Like(UserKey user, string show) => new(user, show, RatingKind.Like, RatingSource.Command, core.Time.GetUtcNow());

    private async Task<(SuggestionsReply Reply, MessageRef List)> RecommendAsync(string title)
    {
        var id = $"cmd-{++presses}";
        Assert.True(core.Commands.Recommend(CoreFixture.Recommend(id, title)).Queued);
        return await AnswerAsync(id);
    }

    private async Task<(SuggestionsReply Reply, MessageRef List)> MoreAsync(UserKey presser, MessageRef list)
    {
        var id = $"press-{++presses}";
        var result = core.Actions.Handle(new ActionPress(ChatActions.More, presser, list) { PressId = id, ReplyTo = CoreFixture.TargetFor(id) });
        Assert.False(result.ReplacesMessage);
        return await AnswerAsync(result.QueuedRequest ?? throw new InvalidOperationException(((TextReply)result.Reply).Text));
    }

    /// <summary>Answers the queued request as the worker does, and returns the list as sent and where it was posted.</summary>
    private async Task<(SuggestionsReply Reply, MessageRef List)> AnswerAsync(string key)
    {
        await core.Answerer.AnswerAsync(core.Queue.Find(key)!, CancellationToken.None);
        core.Queue.MarkAnswered(key, core.Time.GetUtcNow());
        var reply = Assert.IsType<SuggestionsReply>(core.Chat.Sent[^1].Reply);
        return (reply, core.Messages.All.Single(m => m.RequestKey == key).Message);
    }
}
