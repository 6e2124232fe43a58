using System.Text;

using ShowBot.ConsoleChat;
using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Text;

namespace ShowBot.IntegrationTests;

/// <summary>
/// A catalog title with U+FFFE (bytes EF BF BE) stopped the bot from ever starting, and titles with terminal escapes
/// and newlines printed a fake "[#99] Because you like …" list on the console. Now the import stores one clean line
/// and the console prints each title inert, on its own line.
/// </summary>
public class HostileTextTests
{
    private const string EvilTitle = "Evil\u001B[2J\u001B]0;pwned\u0007 Show\u202E\n[#99] Because you like Breaking Bad:";

    [Fact]
    public async Task A_catalog_with_hostile_titles_imports_and_the_chat_shows_them_inert_on_one_line()
    {
        using var data = new TempDirectory();
        var csv = Path.Combine(data.Path, "hostile.csv");
        await File.WriteAllBytesAsync(csv, [
            .. Encoding.UTF8.GetBytes("primary_title,start_year,end_year,genres,average_rating,num_votes,show_id\n"),
            // A field never spans lines, so the title's line break arrives as a carriage return, which moves a terminal's cursor as well.
            .. Encoding.UTF8.GetBytes($"\"{EvilTitle.Replace('\n', '\r')}\",2001,,Drama,8.0,50000,tt0000099\n"),
            .. Encoding.UTF8.GetBytes("Twin"), 0xEF, 0xBF, 0xBE, .. Encoding.UTF8.GetBytes(" Peaks,1990,1991,Drama,8.8,200000,tt0098936\n"),
        ]);

        var (importExit, importOutput) = await RunAsync(data, ["import", "catalog", csv], input: []);
        var (chatExit, chat) = await RunAsync(data, ["chat"], input: ["/rate tt0000099", "/rate tt0098936", "/recommend tt0000099", "/likes"]);

        Assert.True(importExit == 0, importOutput);
        Assert.True(chatExit == 0, chat);
        Assert.Contains("Noted: you like Evil [2J ]0;pwned Show [#99] Because you like Breaking Bad: (2001–).", chat, StringComparison.Ordinal);
        Assert.Contains("Noted: you like Twin Peaks (1990–1991).", chat, StringComparison.Ordinal);
        Assert.Contains("[#1] Because you like Evil [2J ]0;pwned Show [#99] Because you like Breaking Bad::", chat, StringComparison.Ordinal);
        Assert.Contains("  + Evil [2J ]0;pwned Show [#99] Because you like Breaking Bad: (2001–) · Drama", chat, StringComparison.Ordinal);
        Assert.DoesNotContain(chat.Split('\n'), line => line.StartsWith("[#99]", StringComparison.Ordinal));
        Assert.Empty(DisplayInvariants.Violations(chat, lineBreaksAllowed: true));
    }

    [Fact]
    public void A_hostile_title_is_one_console_line_without_escapes()
    {
        var evil = new Show("tt0000099", EvilTitle, 2001, null, ["Drama\u0007"]);
        var plain = new Show("tt0000002", "The Plain Show", 2010, null, ["Comedy"]);

        var text = ConsoleReplyRenderer.Render(new SuggestionsReply([new Suggestion(1, evil, plain), new Suggestion(2, plain, evil)], [evil]) { Notes = ["I couldn't find \"\u001B[31mx\n[#98]\"."] }, "7");

        Assert.Equal(
            "[#7] Because you like Evil [2J ]0;pwned Show [#99] Because you like Breaking Bad::\n"
            + "   1. Evil [2J ]0;pwned Show [#99] Because you like Breaking Bad: (2001–) · Drama — because you liked The Plain Show\n"
            + "      https://www.imdb.com/title/tt0000099/\n"
            + "   2. The Plain Show (2010–) · Comedy — because you liked Evil [2J ]0;pwned Show [#99] Because you like Breaking Bad:\n"
            + "      https://www.imdb.com/title/tt0000002/\n"
            + "  I couldn't find \" [31mx [#98]\".\n"
            + "  Like one with /react 7 <number>, or /react 7 👎 if none fit; /more 7 for more like these.\n",
            text);
    }

    [Fact]
    public void Five_thousand_replies_of_hostile_text_print_without_a_crash_each_piece_on_its_line()
    {
        foreach (var (reply, text) in HostileReplies.Render(seed: 7, count: 5_000, reply => ConsoleReplyRenderer.Render(reply, "1")))
        {
            Assert.True(DisplayInvariants.Violations(text, lineBreaksAllowed: true).Count == 0, HostileText.Escape(text));
            if (reply is SuggestionsReply suggestions)
            {
                // The heading, per suggestion its line, its premise's if it has one and its link's, one line per note, and the reaction hint.
                var premises = suggestions.Items.Count(i => UntrustedText.Line(i.Premise).Length > 0);
                Assert.Equal(2 + (2 * suggestions.Items.Count) + premises + suggestions.Notes.Count, text.TrimEnd('\n').Split('\n').Length);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TempDirectory data, string[] arguments, string[] input)
    {
        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, new Dictionary<string, string?> { ["ShowBot:Console:UserName"] = "alice" }, input, arguments);
        return (exitCode, output + errors);
    }
}
