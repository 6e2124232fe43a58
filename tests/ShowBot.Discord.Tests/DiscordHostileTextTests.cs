using System.Text.Json.Nodes;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Titles;

namespace ShowBot.Discord.Tests;

/// <summary>
/// Titles and typed text reached Discord raw: U+202E, zero-width, NUL/BEL and line breaks. Every string Discord gets
/// is now one inert line per untrusted piece, with Markdown escaped and mentions off.
/// </summary>
public class DiscordHostileTextTests
{
    private const string FakeList = "\n[#99] Because you like Breaking Bad:";
    private static readonly Show Evil = new("tt0000099", "Evil\u001B[2J\u0000\u0007 *Dark* __Show__" + FakeList + " \u202Egnorw\u202C ||spoiler|| [click](https://evil.example) # Big\u200B", 2001, null, ["Drama\u202E"]);
    private static readonly Show Plain = new("tt0000002", "The Plain Show", 2010, null, ["Comedy"]);

    [Fact]
    public void A_hostile_title_reaches_the_embed_on_one_line_without_controls_and_with_its_markdown_escaped()
    {
        var body = DiscordMessages.Render(new SuggestionsReply([new Suggestion(1, Evil, Plain) { Why = ["also \u202Edark\n- fake"] }, new Suggestion(2, Plain, Evil)], [Evil]));

        var embed = body["embeds"]![0]!;
        var description = embed["description"]!.GetValue<string>();
        var lines = description.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("    *because you liked The Plain Show: also dark - fake*", lines[1]);
        Assert.StartsWith("2️⃣ **[The Plain Show](https://www.imdb.com/title/tt0000002/)**", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("    *because you liked Evil \\[2J \\*Dark\\*", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("1️⃣ **[Evil ［2J \\*Dark\\* \\_\\_Show\\_\\_ ［\\#99］ Because you like Breaking Bad: gnorw \\|\\|spoiler\\|\\| ［click］(https꞉//evil.example) \\# Big](https://www.imdb.com/title/tt0000099/)**", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("[#99]", StringComparison.Ordinal));
        AssertInert(body);
        Assert.StartsWith("Because you like Evil \\[2J \\*Dark\\*", embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_text_in_did_you_mean_and_in_a_text_reply_is_inert_but_the_replys_own_lines_stay()
    {
        var didYouMean = DiscordMessages.Render(new DidYouMeanReply([new UnresolvedTitle("Fargo\u202E\n[#99] @everyone\u0007 <@123>", [Evil])]));
        var typed = "*Fargo* ||x|| \u202E\u001B[2J";
        var text = DiscordMessages.Render(new TextReply($"**Serving:** v3\nQueue: 0 \u202E\u001B[2J\nI couldn't find `{typed}`."));

        var content = didYouMean["content"]!.GetValue<string>();
        Assert.StartsWith("I couldn't place \"Fargo \\[\\#99\\] @\u200Beveryone ‹@\u200B123›\". Did you mean:\n- **Evil \\[2J", content, StringComparison.Ordinal);
        Assert.Equal(2, content.Split('\n').Length);
        Assert.Equal("**Serving:** v3\nQueue: 0 [2J\nI couldn't find `\\*Fargo\\* \\|\\|x\\|\\| \\[2J`.", text["content"]!.GetValue<string>());
        AssertInert(didYouMean);
        AssertInert(text);
    }

    [Fact]
    public void Five_thousand_replies_of_hostile_text_render_without_a_crash_and_stay_inert()
    {
        foreach (var (reply, body) in HostileReplies.Render(seed: 5, count: 5_000, DiscordMessages.Render))
        {
            AssertInert(body);
            if (reply is SuggestionsReply suggestions)
            {
                // Each suggestion is its line, its explanation's and its premise's if it has one; the notes follow after a
                // blank line. A list this short is never cut.
                var description = body["embeds"]![0]!["description"]!.GetValue<string>();
                Assert.InRange(description.Length, 1, 4096);
                if (suggestions.Items.Sum(i => i.Show.Title.Length + string.Concat(i.Show.Genres).Length + i.Explanation.Length + i.Premise.Length) + string.Concat(suggestions.Notes).Length < 1000)
                {
                    var premises = suggestions.Items.Count(i => DiscordMessages.Safe(i.Premise).Length > 0);
                    Assert.Equal((2 * suggestions.Items.Count) + premises + (suggestions.Notes.Count > 0 ? 1 + suggestions.Notes.Count : 0), description.Split('\n').Length);
                }
            }
        }
    }

    [Fact]
    public void Autocomplete_choice_names_of_hostile_titles_are_plain_inert_text()
    {
        var matcher = new TitleMatcher([Evil, Plain]);

        var choice = matcher.Autocomplete("evil", 25).Select(show => DisplayText.Line(show.Title)).Single();

        Assert.Empty(DisplayInvariants.Violations(choice, lineBreaksAllowed: false));
        Assert.StartsWith("Evil [2J *Dark* __Show__ [#99] Because you like Breaking Bad: gnorw", choice, StringComparison.Ordinal);
    }

    private static void AssertInert(JsonNode body)
    {
        _ = body.ToJsonString();
        foreach (var (path, value) in HostileReplies.Strings(body))
        {
            var violations = DisplayInvariants.Violations(value, lineBreaksAllowed: path is "content" or "embeds/description");
            Assert.True(violations.Count == 0, $"{path}: {string.Join(", ", violations)} in {HostileText.Escape(value)}");
        }
    }
}
