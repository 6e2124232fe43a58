using System.Text.RegularExpressions;

using ShowBot.ConsoleChat;
using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

/// <summary>Drives the real host through the console chat with piped input, as a person scripting it would.</summary>
public partial class ConsoleChatTests
{
    private static Task<(int ExitCode, string Output)> ChatAsync(TempDirectory data, params string[] lines) => ChatAsAsync("alice", data, lines);

    private static async Task<(int ExitCode, string Output)> ChatAsAsync(string user, TempDirectory data, params string[] lines)
    {
        var output = new StringWriter();
        var exitCode = await RunChatAsync(user, data, new ConsoleTerminal(new StringReader(string.Join("\n", lines) + "\n"), output, interactive: false));
        return (exitCode, output.ToString());
    }

    /// <summary>The real host's console chat as <paramref name="user"/> through <paramref name="terminal"/>, to its end (at most two minutes: a busy machine is slow).</summary>
    internal static async Task<int> RunChatAsync(string user, TempDirectory data, ConsoleTerminal terminal)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var exitCode = await ShowBotCommandLine.RunAsync(terminal, consoleOnly: true, timeout.Token, new Dictionary<string, string?>
        {
            ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
            ["ShowBot:Console:UserName"] = user,
        });
        Assert.False(timeout.IsCancellationRequested, "the chat did not finish by itself");
        return exitCode;
    }

    [Fact]
    public async Task Recommend_answers_with_numbered_suggestions_from_the_built_in_catalog()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await ChatAsync(data, "/recommend Breaking Bad");

        Assert.Equal(0, exitCode);
        Assert.Contains("Looking for shows like Breaking Bad", output, StringComparison.Ordinal);
        Assert.Contains("[#1] Because you like Breaking Bad:", output, StringComparison.Ordinal);
        var numbered = SuggestionLine().Matches(output);
        Assert.Equal(["1", "2", "3", "4", "5"], numbered.Select(m => m.Groups["number"].Value));
        Assert.All(numbered, m => Assert.Matches(@"^\d{4}–(\d{4})?$", m.Groups["years"].Value));
        Assert.All(numbered, m => Assert.NotEmpty(m.Groups["genres"].Value));
        Assert.DoesNotContain(numbered, m => m.Groups["title"].Value == "Breaking Bad");
        Assert.Contains("because you liked Breaking Bad", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_suggestion_shows_its_premise_and_its_imdb_page_under_it()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await ChatAsync(data, "/recommend Better Call Saul");

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n');
        var breakingBad = Array.FindIndex(lines, l => SuggestionLine().Match(l) is { Success: true } m && m.Groups["title"].Value == "Breaking Bad");
        Assert.True(breakingBad >= 0, output);
        Assert.StartsWith("      A mild chemistry teacher with terminal cancer", lines[breakingBad + 1], StringComparison.Ordinal);
        Assert.Equal("      https://www.imdb.com/title/tt0903747/", lines[breakingBad + 2]);
        Assert.Equal(SuggestionLine().Count(output), lines.Count(l => l.StartsWith("      https://www.imdb.com/title/tt", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_show_without_a_premise_has_its_link_right_under_it()
    {
        var luckyGuy = new Show("tt28857177", "Lucky Guy", 2023, null, ["Drama", "Fantasy"]);

        var text = ConsoleReplyRenderer.Render(new SuggestionsReply([new Suggestion(1, luckyGuy, null)], []), "4");

        Assert.Equal(
            ["[#4] Popular picks:", "   1. Lucky Guy (2023–) · Drama, Fantasy", "      https://www.imdb.com/title/tt28857177/", "  Like one with /react 4 <number>, or /react 4 👎 if none fit; /more 4 for more like these.", ""],
            text.Split('\n'));
    }

    [Fact]
    public async Task Requests_in_words_and_a_genre_browse_are_answered_in_the_chat()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await ChatAsync(data, "/recommend 90s sitcoms", "/recommend something like Severance but funnier", "/recommend --genre Horror", "/recommend something like @everyone but darker");

        Assert.Equal(0, exitCode);
        Assert.Contains("] Shows that fit: 1990s, sitcom:", output, StringComparison.Ordinal);
        Assert.Contains("] Because you like Severance — comedy:", output, StringComparison.Ordinal);
        Assert.Contains("] Shows that fit: Horror:", output, StringComparison.Ordinal);
        Assert.Matches(@"1\. (Friends|Seinfeld) \(", output);
        Assert.Contains(" — because you liked Severance: ", output, StringComparison.Ordinal);
        Assert.Contains("] Shows that fit: darker:", output, StringComparison.Ordinal);
        Assert.Contains("I couldn't find \"@everyone\".", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reacting_to_a_suggestion_likes_it_and_forget_me_asks_first_then_confirm_deletes_it()
    {
        using var data = new TempDirectory();

        var (_, output) = await ChatAsync(data, "/recommend The Wire", "/react 1 1", "/likes", "/forget-me", "/likes", "/forget-me confirm", "/likes", "/forget-me confirm");

        var first = SuggestionLine().Matches(output)[0].Groups["title"].Value;
        var likes = output[output.IndexOf("You like (2):", StringComparison.Ordinal)..];
        Assert.Contains("+ " + first, likes, StringComparison.Ordinal);
        Assert.Contains("+ The Wire", likes, StringComparison.Ordinal);
        var ask = output[output.IndexOf("This deletes everything", StringComparison.Ordinal)..];
        Assert.StartsWith("This deletes everything ShowBot stored about you: 2 rating(s) with their history, 1 suggestion list(s) and 1 request(s). It can't be undone. Delete it all?\n  /forget-me confirm: Delete it all\n", ask, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(output, "^You like \\(2\\):$", RegexOptions.Multiline));
        Assert.Contains("Done: I deleted 2 rating(s), 1 suggestion list(s) and 1 request(s) of yours.", output, StringComparison.Ordinal);
        Assert.EndsWith("You haven't rated anything yet. Try /recommend with shows you like.\nNothing to delete: I hold no ratings, suggestion lists or requests of yours (already forgotten?).\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_right_after_a_list_and_again_after_a_restart_prints_further_lists_that_never_repeat_a_show()
    {
        using var data = new TempDirectory();
        var (_, first) = await ChatAsync(data, "/recommend Breaking Bad", "/more 1");

        var (exitCode, second) = await ChatAsync(data, "/more 2", "/more 9", "/more", "/likes");

        var output = first + second;
        Assert.Equal(0, exitCode);
        Assert.Equal(2, Regex.Count(output, "^Looking for more like these…$", RegexOptions.Multiline));
        Assert.Contains("[#2] Because you like Breaking Bad:", output, StringComparison.Ordinal);
        Assert.Contains("[#3] Because you like Breaking Bad:", output, StringComparison.Ordinal);
        Assert.Equal(15, SuggestionLine().Count(output));
        Assert.Equal(15, SuggestionLine().Matches(output).Select(m => m.Groups["title"].Value).Distinct().Count());
        Assert.Contains("I no longer have that list", output, StringComparison.Ordinal);
        Assert.Contains("Use /more <list>", output, StringComparison.Ordinal);
        Assert.Contains("You like (1):\n  + Breaking Bad (", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reaction_on_a_list_posted_in_an_earlier_run_still_counts_and_new_lists_take_the_next_number()
    {
        using var data = new TempDirectory();
        await ChatAsync(data, "/recommend Fargo");

        var (_, output) = await ChatAsync(data, "/recommend Dark", "/react 1 2", "/react 2 1", "/likes");

        Assert.Contains("[#2] Because you like Dark:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[#1]", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("Noted, thanks!").Length - 1);
        Assert.Contains("You like (4):", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_typed_after_did_you_mean_picks_that_show_without_retyping()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await ChatAsync(data, "/recommend One Piece --count 3", "3", "2", "/likes");

        Assert.Equal(0, exitCode);
        Assert.Contains("  2. One Piece (2023–)", output, StringComparison.Ordinal);
        Assert.Contains("Type a number (1–2) to pick one.", output, StringComparison.Ordinal);
        Assert.Contains("Type a number from 1 to 2, or a new command.", output, StringComparison.Ordinal);
        Assert.Matches(@"\[#\d+\] Because you like One Piece:\n(?: +\d+\. [^\n]+\n(?:      [^\n]+\n)?      https://www\.imdb\.com/title/tt\d+/\n){3}  Like one", output);
        var likes = output[output.IndexOf("You like", StringComparison.Ordinal)..];
        Assert.Contains("One Piece (2023–)", likes, StringComparison.Ordinal);
        Assert.DoesNotContain("One Piece (1999–)", likes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ambiguous_and_unknown_titles_get_did_you_mean_and_a_terminal_shows_mentions_as_typed()
    {
        using var data = new TempDirectory();

        var (_, output) = await ChatAsync(data, "/recommend One Piece", "/recommend @everyone <!channel>");

        Assert.Contains("I couldn't place \"One Piece\". Did you mean:", output, StringComparison.Ordinal);
        Assert.Contains("One Piece (1999–)", output, StringComparison.Ordinal);
        Assert.Contains("One Piece (2023–)", output, StringComparison.Ordinal);
        // A terminal pings nobody: no zero-width space after '@' (the chat platforms' renderers keep their guard).
        Assert.Contains("I couldn't place \"@everyone <!channel>\".", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', output);
    }

    [Fact]
    public async Task Unknown_commands_and_bad_reactions_get_a_friendly_answer()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await ChatAsync(data, "/dance", "hello", "/react 7 1", "/react x", "/help", "/showbot", "/showbot dance");

        Assert.Equal(0, exitCode);
        Assert.Contains("I don't know /dance", output, StringComparison.Ordinal);
        Assert.Contains("Type /recommend followed by shows you like", output, StringComparison.Ordinal);
        Assert.Contains("There is no suggestion list #7.", output, StringComparison.Ordinal);
        Assert.Contains("Use /react <message> <number>", output, StringComparison.Ordinal);
        Assert.Contains("/forget-me", output, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(output, "^Commands:$", RegexOptions.Multiline));
        Assert.Contains("I don't know /showbot dance. Type /help for the commands.", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^ +(?<number>\d+)\. (?<title>.+?) \((?<years>[^)]*)\) · (?<genres>[^—\n]+?)( — because you liked (?<because>.+))?$", RegexOptions.Multiline)]
    private static partial Regex SuggestionLine();
}
