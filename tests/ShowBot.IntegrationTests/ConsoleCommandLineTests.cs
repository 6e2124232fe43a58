using ShowBot.ConsoleChat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;

namespace ShowBot.IntegrationTests;

/// <summary>How a typed console line is read: the catalog's commands, the admin prefix, reactions, numbers.</summary>
public class ConsoleCommandLineTests
{
    [Theory]
    [InlineData("/quit")]
    [InlineData("  /EXIT ")]
    public void Quit_and_exit_end_the_chat_in_any_case(string line) => Assert.IsType<ConsoleLine.Quit>(ConsoleCommandLine.Parse(line));

    [Fact]
    public void A_command_is_found_in_the_catalog_with_its_text_as_typed()
    {
        var run = Assert.IsType<ConsoleLine.Run>(ConsoleCommandLine.Parse("/Recommend  Breaking Bad, The Wire --count 3 "));

        Assert.Equal((CommandCatalog.Recommend, "/recommend", "Breaking Bad, The Wire --count 3"), (run.Command, run.Typed, run.Text));
    }

    [Fact]
    public void Admin_commands_are_found_only_under_showbot_and_showbot_alone_is_help()
    {
        Assert.Equal(CommandCatalog.Find("retrain"), Assert.IsType<ConsoleLine.Run>(ConsoleCommandLine.Parse("/showbot retrain")).Command);
        Assert.Null(Assert.IsType<ConsoleLine.Run>(ConsoleCommandLine.Parse("/retrain")).Command);
        Assert.Null(Assert.IsType<ConsoleLine.Run>(ConsoleCommandLine.Parse("/showbot recommend Dark")).Command);
        Assert.Equal(CommandCatalog.Help, Assert.IsType<ConsoleLine.Run>(ConsoleCommandLine.Parse("/showbot")).Command);
    }

    [Theory]
    [InlineData("/react 2 3", "2", 3, RatingKind.Like, true)]
    [InlineData("/react #2 👎", "2", null, RatingKind.Dislike, true)]
    [InlineData("/unreact 12 -", "12", null, RatingKind.Dislike, false)]
    public void A_reaction_names_the_list_and_the_suggestion_or_a_dislike(string line, string list, int? number, RatingKind kind, bool added) =>
        Assert.Equal(new ConsoleLine.React(list, number, kind, added), ConsoleCommandLine.Parse(line));

    [Theory]
    [InlineData("/react", "Use /react <message> <number>")]
    [InlineData("/react 1 2 3", "Use /react <message> <number>")]
    [InlineData("/react 1 two", "The reaction must be a suggestion number (1–10) or 👎.")]
    public void A_reaction_typed_wrong_says_how_to_type_it(string line, string answer) =>
        Assert.StartsWith(answer, Assert.IsType<ConsoleLine.Usage>(ConsoleCommandLine.Parse(line)).Answer, StringComparison.Ordinal);

    [Theory]
    [InlineData("/more 3", "3")]
    [InlineData("/more #12", "12")]
    public void More_names_the_list(string line, string list) =>
        Assert.Equal(new ConsoleLine.More(list), ConsoleCommandLine.Parse(line));

    [Theory]
    [InlineData("/more")]
    [InlineData("/more 1 2")]
    public void More_typed_wrong_says_how_to_type_it(string line) =>
        Assert.StartsWith("Use /more <list>", Assert.IsType<ConsoleLine.Usage>(ConsoleCommandLine.Parse(line)).Answer, StringComparison.Ordinal);

    [Theory]
    [InlineData("2", 2)]
    [InlineData("hello", null)]
    [InlineData("-1", null)]
    public void Words_without_a_slash_are_a_number_or_nothing_to_run(string line, int? number) =>
        Assert.Equal(new ConsoleLine.Words(number), ConsoleCommandLine.Parse(line));
}
