using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Commands;

/// <summary>
/// Every command's parameters, validated once for every platform, as typed in the console or on Slack: a wrong value
/// gets an answer in words and the usage, never .NET's text, and nothing is queued or stored.
/// </summary>
public sealed class CommandDispatcherTests : IDisposable
{
    private const string RecommendUsage = "Use: /recommend <shows you like, or words> [--count 1-10] [--genre <genre>]";
    private static readonly ICommandSyntax Typed = new TextCommandSyntax(c => c.AdminOnly ? "/showbot " + c.Name : "/" + c.Name);

    private readonly CoreFixture core = new(catalog: new ShowCatalog(CatalogCsv.BuiltIn()));
    private int invocations;

    public void Dispose() => core.Dispose();

    [Theory]
    [InlineData("Breaking Bad --count 0", "The count must be a whole number from 1 to 10, not \"0\".")]
    [InlineData("Breaking Bad --count 50", "The count must be a whole number from 1 to 10, not \"50\".")]
    [InlineData("Breaking Bad --count abc", "The count must be a whole number from 1 to 10, not \"abc\".")]
    [InlineData("Breaking Bad --count -3", "The count must be a whole number from 1 to 10, not \"-3\".")]
    [InlineData("Breaking Bad --count", "--count needs a value: a whole number from 1 to 10.")]
    [InlineData("Breaking Bad --count --genre Drama", "--count needs a value: a whole number from 1 to 10.")]
    [InlineData("Breaking Bad --genre Cowboyfunk", "I don't know the genre \"Cowboyfunk\".")]
    [InlineData("Breaking Bad --colour red", "recommend has no option --colour; it has --count and --genre.")]
    public async Task A_wrong_option_of_recommend_is_answered_in_words_with_the_usage_and_nothing_is_queued(string text, string answer)
    {
        var result = await TypeAsync(CommandCatalog.Recommend, text);

        var reply = Assert.IsType<TextReply>(result.Reply).Text;
        Assert.StartsWith(answer, reply, StringComparison.Ordinal);
        Assert.EndsWith("\n" + RecommendUsage, reply, StringComparison.Ordinal);
        Assert.False(result.Queued);
        Assert.Equal(0, core.Queue.CountOutstanding());
    }

    [Theory]
    [InlineData("Breaking Bad -n 3", 3)]
    [InlineData("Breaking Bad --count=7", 7)]
    [InlineData("--count 2 Breaking Bad", 2)]
    [InlineData("Breaking Bad --COUNT 10", 10)]
    public async Task A_count_given_any_documented_way_is_how_many_suggestions_come(string text, int count)
    {
        var result = await TypeAsync(CommandCatalog.Recommend, text);

        Assert.True(result.Queued, Assert.IsType<TextReply>(result.Reply).Text);
        var request = Assert.Single(core.Queue.Waiting());
        Assert.Equal(count, request.Count);
        Assert.Equal([SampleTitles.BreakingBad], request.ShowIds);
    }

    [Theory]
    [InlineData("scifi")]
    [InlineData("sci fi")]
    [InlineData("Science Fiction")]
    [InlineData("SCI-FI")]
    public async Task A_genre_by_any_of_its_names_and_in_any_case_is_the_catalogs_genre(string genre)
    {
        var result = await TypeAsync(CommandCatalog.Recommend, $"--genre {genre} The Expanse");

        Assert.True(result.Queued, Assert.IsType<TextReply>(result.Reply).Text);
        var request = Assert.Single(core.Queue.Waiting());
        Assert.Equal("Sci-Fi", request.Genre);
        Assert.Single(request.ShowIds);
    }

    [Theory]
    [InlineData("Battlestar Galactica", "tt0407362", "I took Battlestar Galactica (2004–2009), the best known; for another, ask for \"Battlestar Galactica (1978)\".")]
    [InlineData("Skins", "tt0840196", "I took Skins (2007–2013), the best known; for another, ask for \"Skins (2011)\".")]
    [InlineData("Twin Peaks", "tt0098936", "I took Twin Peaks (1990–1991), the best known; for another, ask for \"Twin Peaks (2017)\".")]
    public async Task A_title_with_a_far_better_known_namesake_is_answered_with_it_and_the_other_is_offered(string title, string expectedId, string note)
    {
        var result = await TypeAsync(CommandCatalog.Recommend, title);

        Assert.True(result.Queued);
        Assert.Equal([expectedId], Assert.Single(core.Queue.Waiting()).ShowIds);
        Assert.EndsWith(note, Assert.IsType<TextReply>(result.Reply).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namesakes_about_as_well_known_are_asked_about()
    {
        var result = await TypeAsync(CommandCatalog.Recommend, "One Piece");

        var asked = Assert.Single(Assert.IsType<DidYouMeanReply>(result.Reply).Titles);
        Assert.Equal(["tt0388629", "tt11737520"], asked.Candidates.Select(s => s.Id));
        Assert.False(result.Queued);
    }

    [Fact]
    public async Task Rate_with_no_show_asks_which_and_stores_nothing()
    {
        var result = await TypeAsync(CommandCatalog.Rate, "  dislike ");

        Assert.Equal("Which show? rate needs a show.\nUse: /rate <show> [like|dislike]", Assert.IsType<TextReply>(result.Reply).Text);
        Assert.Empty(core.Ratings.ForUser(CoreFixture.Alice));
    }

    [Fact]
    public async Task Rate_reads_a_trailing_opinion_and_stores_it()
    {
        await TypeAsync(CommandCatalog.Rate, "The Wire DISLIKE");

        var rating = Assert.Single(core.Ratings.ForUser(CoreFixture.Alice));
        Assert.Equal((SampleTitles.TheWire, RatingKind.Dislike), (rating.ShowId, rating.Kind));
    }

    [Fact]
    public async Task An_admin_command_from_someone_not_an_admin_is_refused_and_triggers_nothing()
    {
        var result = await TypeAsync(CommandCatalog.Retrain, "force");

        Assert.Equal("Only ShowBot's admins can use /showbot retrain. Ask whoever runs this bot.", Assert.IsType<TextReply>(result.Reply).Text);
        Assert.Empty(core.Scheduler.Triggers);
        Assert.False(result.NoticeOwed);
    }

    [Fact]
    public async Task An_admins_retrain_force_starts_a_forced_run_whose_outcome_is_owed_to_the_invocation()
    {
        var result = await TypeAsync(CommandCatalog.Retrain, "force", admin: true);

        Assert.True(result.NoticeOwed);
        var (notify, force) = Assert.Single(core.Scheduler.Triggers);
        Assert.True(force);
        Assert.Equal(CoreFixture.TargetFor("invocation-1"), notify);
    }

    [Fact]
    public async Task A_retrain_asked_where_its_outcome_cannot_be_told_says_where_to_look_and_owes_nothing()
    {
        core.Scheduler.OutcomeTold = false;

        var result = await TypeAsync(CommandCatalog.Retrain, "", admin: true);

        Assert.False(result.NoticeOwed);
        Assert.Single(core.Scheduler.Triggers);
        Assert.Equal(
            "Retraining asked for. This node does not train, so another node runs it; /showbot models shows the outcome once it is done.",
            Assert.IsType<TextReply>(result.Reply).Text);
    }

    [Fact]
    public async Task Help_lists_every_command_for_admins_and_hides_admin_commands_from_others()
    {
        var everyone = Assert.IsType<HelpReply>((await TypeAsync(CommandCatalog.Help, "")).Reply);
        var admins = Assert.IsType<HelpReply>((await TypeAsync(CommandCatalog.Help, "", admin: true)).Reply);

        Assert.Equal(CommandCatalog.All.Where(c => !c.AdminOnly).Select(c => c.Summary), everyone.Lines.Select(l => l.Summary));
        Assert.Equal(CommandCatalog.All.Select(c => c.Summary), admins.Lines.Select(l => l.Summary));
        Assert.Contains(admins.Lines, l => l.Usage == "/showbot rollback [<version>]");
        Assert.Contains(everyone.Lines, l => l.Usage == "/rate <show> [like|dislike]");
    }

    [Fact]
    public async Task Words_after_a_command_that_takes_none_are_answered_not_ignored()
    {
        var result = await TypeAsync(CommandCatalog.Likes, "please");

        Assert.StartsWith("likes takes nothing after it, but got \"please\".", Assert.IsType<TextReply>(result.Reply).Text, StringComparison.Ordinal);
    }

    private Task<CommandResult> TypeAsync(ChatCommand command, string text, bool admin = false)
    {
        var id = $"invocation-{++invocations}";
        return core.Dispatcher.RunAsync(new CommandInvocation(command, id, CoreFixture.Alice, CoreFixture.TargetFor(id), Typed) { Text = text, IsAdmin = admin }, CancellationToken.None);
    }

    private static class SampleTitles
    {
        public const string BreakingBad = "tt0903747";
        public const string TheWire = "tt0306414";
    }
}
