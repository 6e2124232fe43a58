using System.Text.RegularExpressions;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Requests;
using ShowBot.Core.Tests.Fakes;
using ShowBot.Recommender;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Tests.Groups;

/// <summary>
/// /together as issue 12 describes it: one list for a group, where everyone's likes and dislikes count, a show anyone
/// disliked, rated or was already shown as a group is left out, least misery decides, and each line says for whom.
/// </summary>
public sealed class WatchTogetherTests : IDisposable
{
    private const string BreakingBad = "tt0903747", TheWire = "tt0306414", TheOffice = "tt0386676", Friends = "tt0108778";
    private static readonly ICommandSyntax Typed = new TextCommandSyntax(c => "/" + c.Name);
    private static readonly UserKey Ana = new("test", "ana"), Ben = new("test", "ben"), Cem = new("test", "cem");

    private readonly CoreFixture core = new(catalog: new ShowCatalog(CatalogCsv.BuiltIn()));
    private int invocations;

    public void Dispose() => core.Dispose();

    [Fact]
    public async Task A_group_of_three_gets_one_list_without_any_members_dislikes_or_ratings_or_what_the_group_was_shown_before()
    {
        // Three others with the same likes show what the group would get if nothing were left out.
        UserKey anaTwin = new("test", "ana2"), benTwin = new("test", "ben2"), cemTwin = new("test", "cem2");
        foreach (var (person, twin, likes) in new[] { (Ana, anaTwin, new[] { BreakingBad, TheWire }), (Ben, benTwin, [BreakingBad, TheOffice]), (Cem, cemTwin, [TheOffice, Friends]) })
        {
            Like(person, likes);
            Like(twin, likes);
        }

        var unfiltered = await ListForAsync(anaTwin, "ben2, cem2");
        var (benDislikes, cemRated, shownBefore) = (unfiltered.Items[0].Show.Id, unfiltered.Items[1].Show.Id, unfiltered.Items[2].Show.Id);
        Rate(Ben, benDislikes, RatingKind.Dislike);
        Rate(Cem, cemRated, RatingKind.Like);
        core.Messages.Save(new SuggestionMessage(new MessageRef("test", "c", "earlier"), Cem, [shownBefore], "earlier", core.Time.GetUtcNow()) { Group = [Cem, Ben, Ana] });

        var list = await ListForAsync(Ana, "ben, cem");

        Assert.Equal("Together: ana, ben, cem", list.Heading);
        Assert.Equal(5, list.Items.Count);
        var shown = list.Items.Select(i => i.Show.Id).ToList();
        Assert.DoesNotContain(benDislikes, shown);
        Assert.DoesNotContain(cemRated, shown);
        Assert.DoesNotContain(shownBefore, shown);
        Assert.Empty(shown.Intersect([BreakingBad, TheWire, TheOffice, Friends]));
    }

    [Fact]
    public async Task Every_line_says_for_whom_it_fits_and_because_of_which_of_their_likes()
    {
        Like(Ana, BreakingBad, TheWire);
        Like(Ben, TheOffice);
        var titles = new Dictionary<string, string[]> { ["ana"] = ["Breaking Bad", "The Wire"], ["ben"] = ["The Office"] };

        var list = await ListForAsync(Ana, "ben");

        Assert.All(list.Items, item =>
        {
            Assert.NotEmpty(item.Why);
            Assert.Equal(string.Join("; ", item.Why), item.Explanation);
            Assert.All(item.Why, line =>
            {
                var match = Regex.Match(line, "^for (?<who>ana|ben): because you liked (?<title>.+)$");
                Assert.True(match.Success, line);
                Assert.Contains(match.Groups["title"].Value, titles[match.Groups["who"].Value]);
            });
        });
        Assert.Contains(list.Items, item => item.Why.Count == 2);
        // Like any list: each line links to IMDb and says what the show is about where the catalog knows.
        Assert.All(list.Items, item => Assert.Equal($"https://www.imdb.com/title/{item.Show.Id}/", item.ImdbPage?.ToString()));
        Assert.All(list.Items, item => Assert.Equal(ShowKnowledge.BuiltIn.Find(item.Show.Id)?.Premise ?? "", item.Premise));
        Assert.Contains(list.Items, item => item.Premise.Length > 0);
    }

    [Fact]
    public void Least_misery_picks_the_show_everyone_can_live_with_over_one_that_one_member_loves_and_another_hates()
    {
        // Normalised, Fargo scores 1, 0.2 and 1 (average 0.73) and Ozark 0.5, 1 and 0.5 (0.67): by the average Fargo
        // would lead; by least misery Ozark (0.5 at worst) beats Fargo (0.2 for Ben).
        core.Serving.Swap(new DeployedModel("scripted", new ScriptedModel(new()
        {
            [BreakingBad] = new() { [SampleCatalog.Fargo.Id] = 10f, [SampleCatalog.Ozark.Id] = 6f, [SampleCatalog.Narcos.Id] = 2f },
            [TheOffice] = new() { [SampleCatalog.Fargo.Id] = 0.11f, [SampleCatalog.Ozark.Id] = 0.5f, [SampleCatalog.Narcos.Id] = 0.01f },
            [Friends] = new() { [SampleCatalog.Fargo.Id] = 3f, [SampleCatalog.Ozark.Id] = 2f, [SampleCatalog.Narcos.Id] = 1f },
        })));
        Like(Ana, BreakingBad);
        Like(Ben, TheOffice);
        Like(Cem, Friends);

        var list = core.Groups.Recommend([new(Ana, "Ana"), new(Ben, "Ben"), new(Cem, "Cem")], 3);

        Assert.Equal([SampleCatalog.Ozark.Id, SampleCatalog.Fargo.Id, SampleCatalog.Narcos.Id], list.Items.Select(i => i.Show.Id));
        Assert.Equal("for Ana: because you liked Breaking Bad; for Ben: because you liked The Office; for Cem: because you liked Friends", list.Items[0].Explanation);
        Assert.Empty(list.Items[2].Why);
    }

    [Fact]
    public async Task A_member_without_likes_is_told_how_to_add_some_and_the_rest_still_get_a_list()
    {
        Like(Ana, BreakingBad);
        Like(Ben, TheOffice);
        Rate(Cem, Friends, RatingKind.Dislike);

        var result = await TogetherAsync(Ana, "ben, @cem");

        const string Hint = "cem has no likes yet: /rate a show or /recommend a few.";
        Assert.True(result.Queued);
        Assert.Equal("Looking for shows for ana, ben and cem… " + Hint, Assert.IsType<TextReply>(result.Reply).Text);
        var list = await AnswerAsync();
        Assert.Contains(Hint, list.Notes);
        Assert.NotEmpty(list.Items);
        Assert.DoesNotContain(list.Items, i => i.Show.Id == Friends);
        Assert.DoesNotContain(list.Items.SelectMany(i => i.Why), line => line.StartsWith("for cem", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_group_where_nobody_has_likes_gets_a_friendly_answer_and_nothing_is_queued()
    {
        var result = await TogetherAsync(Ana, "ben");

        Assert.False(result.Queued);
        Assert.Equal("None of you has liked a show yet, so I have nothing to go on. Each of you: /rate a show or /recommend a few you like, then ask again.", Assert.IsType<TextReply>(result.Reply).Text);
        Assert.Equal(0, core.Queue.CountOutstanding());
    }

    [Theory]
    [InlineData("", "Which members? together needs the people watching with you.")]
    [InlineData("ana", "Who is watching with you? Use: /together <people watching with you>")]
    [InlineData("b, c, d, e, f, g", "I can pick for you and up to 5 others; you named 6.")]
    public async Task A_group_of_one_or_of_too_many_is_answered_in_words(string named, string answer)
    {
        Like(Ana, BreakingBad);

        var result = await TogetherAsync(Ana, named);

        Assert.False(result.Queued);
        Assert.StartsWith(answer, Assert.IsType<TextReply>(result.Reply).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_trained_model_serving_each_members_scores_come_from_it()
    {
        Like(Ana, BreakingBad);
        Like(Ben, TheWire);
        var contentOnly = await ListForAsync(Ana, "ben");
        var likes = Enumerable.Range(0, 300).SelectMany(p => new[] { BreakingBad, TheWire, Friends }.Select(show => ($"u{p}", show)));
        core.Serving.Swap(new DeployedModel("v1", new HybridModel(ModelTrainers.Create("item-knn").Train(InteractionMatrix.FromLikes(likes)), core.Content)));

        var trained = await ListForAsync(Ana, "ben");

        Assert.DoesNotContain(contentOnly.Items, i => i.Show.Id == Friends);
        var together = Assert.Single(trained.Items, i => i.Show.Id == Friends);
        Assert.Equal("for ana: because you liked Breaking Bad; for ben: because you liked The Wire", together.Explanation);
    }

    [Fact]
    public async Task A_reaction_on_a_group_list_by_someone_outside_the_group_rates_for_them_only()
    {
        Like(Ana, BreakingBad);
        Like(Ben, TheOffice);
        var list = await ListForAsync(Ana, "ben");
        var posted = Assert.Single(core.Messages.All, m => m.Group.Count > 0);
        UserKey dan = new("test", "dan");

        var outcome = core.Reactions.Handle(new ReactionEvent(posted.Message, dan, 2, RatingKind.Like, Added: true, ByBot: false));
        var benOutcome = core.Reactions.Handle(new ReactionEvent(posted.Message, Ben, 1, RatingKind.Like, Added: true, ByBot: false));

        Assert.Equal(ReactionOutcome.Recorded, outcome);
        Assert.Equal(ReactionOutcome.Recorded, benOutcome);
        Assert.Equal([list.Items[1].Show.Id], core.Ratings.ForUser(dan).Select(r => r.ShowId));
        Assert.Equal([BreakingBad], core.Ratings.ForUser(Ana).Select(r => r.ShowId));
        Assert.Equal(new[] { list.Items[0].Show.Id, TheOffice }.Order(), core.Ratings.ForUser(Ben).Select(r => r.ShowId).Order());
    }

    private void Like(UserKey user, params string[] shows)
    {
        foreach (var show in shows)
        {
            Rate(user, show, RatingKind.Like);
        }
    }

    private void Rate(UserKey user, string show, RatingKind kind) =>
        core.Ratings.Upsert(new Rating(user, show, kind, RatingSource.Command, core.Time.GetUtcNow()));

    private Task<CommandResult> TogetherAsync(UserKey user, string named)
    {
        var id = $"together-{++invocations}";
        return core.Dispatcher.RunAsync(new CommandInvocation(CommandCatalog.Together, id, user, CoreFixture.TargetFor(id), Typed) { Text = named }, CancellationToken.None);
    }

    private async Task<SuggestionsReply> ListForAsync(UserKey user, string named)
    {
        var result = await TogetherAsync(user, named);
        Assert.True(result.Queued, Assert.IsType<TextReply>(result.Reply).Text);
        return await AnswerAsync();
    }

    /// <summary>Answers the queued request as the worker does, from the queue, so the members travel with it.</summary>
    private async Task<SuggestionsReply> AnswerAsync()
    {
        var request = core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"])!;
        await core.Answerer.AnswerAsync(request, CancellationToken.None);
        core.Queue.MarkAnswered(request.Key, core.Time.GetUtcNow());
        return Assert.IsType<SuggestionsReply>(core.Chat.Sent[^1].Reply);
    }

    /// <summary>A model whose scores for the shows a person likes are given: the per-person scores least misery combines.</summary>
    private sealed class ScriptedModel(Dictionary<string, Dictionary<string, float>> scoresByLike) : IRecommendationModel
    {
        public string Algorithm => "scripted";

        public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query) =>
            query.Liked.SelectMany(liked => scoresByLike[liked].Select(s => new Recommendation(s.Key, s.Value, liked)))
                .Where(r => query.Include?.Invoke(r.ItemId) ?? true)
                .OrderByDescending(r => r.Score)
                .Take(query.Count)
                .ToList();
    }
}
