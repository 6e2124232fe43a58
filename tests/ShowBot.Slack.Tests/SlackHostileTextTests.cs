using System.Text.Json.Nodes;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Slack.Outbound;

namespace ShowBot.Slack.Tests;

/// <summary>
/// Titles and typed text reached Slack raw: U+202E, zero-width, NUL/BEL, line breaks, and mrkdwn's * _ ~ ` unescaped.
/// Every string Slack gets is now one inert line per untrusted piece, formatting neutralised, &amp; escaped, mentions off.
/// </summary>
public class SlackHostileTextTests
{
    private const string FakeList = "\n[#99] Because you like Breaking Bad:";
    private static readonly Show Evil = new("tt0000099", "Evil\u001B[2J\u0000\u0007 *Dark* _Show_ ~gone~ `code`" + FakeList + " \u202Egnorw\u202C & <!channel>\u200B", 2001, null, ["Drama\u202E"]);
    private static readonly Show Plain = new("tt0000002", "The Plain Show", 2010, null, ["Comedy"]);

    [Fact]
    public void A_hostile_title_reaches_the_blocks_on_one_line_without_controls_and_without_formatting()
    {
        var message = SlackMessageRenderer.Render(new SuggestionsReply([new Suggestion(1, Evil, Plain) { Why = ["also \u202Edark\n> *fake*"] }, new Suggestion(2, Plain, Evil)], [Evil]));

        var blocks = message["blocks"]!.AsArray();
        var first = blocks[1]!["text"]!["text"]!.GetValue<string>();
        Assert.Equal(
            "*1.* *<https://www.imdb.com/title/tt0000099/|Evil [2J ∗Dark∗ ˍShowˍ ∼gone∼ ˋcodeˋ [#99] Because you like Breaking Bad: gnorw &amp; ‹!channel›>* (2001–) · Drama\n_because you liked The Plain Show: also dark › ∗fake∗_",
            first);
        Assert.StartsWith("*2.* *<https://www.imdb.com/title/tt0000002/|The Plain Show>*", blocks[2]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Because you like Evil [2J *Dark* _Show_", blocks[0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message["text"]!.GetValue<string>());
        AssertInert(message);
    }

    [Fact]
    public void Typed_text_in_did_you_mean_is_inert_and_a_replys_own_markup_and_lines_stay()
    {
        var didYouMean = SlackMessageRenderer.Render(new DidYouMeanReply([new UnresolvedTitle("Fargo\u202E\n[#99] *bold* @here\u0007", [Evil])]));
        var help = SlackMessageRenderer.Render(new TextReply("*ShowBot* help\n• `/recommend Fargo` \u202E\u001B[2J"));

        var text = didYouMean["text"]!.GetValue<string>();
        Assert.StartsWith("I couldn't place \"Fargo [#99] ∗bold∗ @\u200Bhere\". Did you mean:\n• Evil [2J ∗Dark∗", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n').Length);
        Assert.Equal("*ShowBot* help\n• `/recommend Fargo` [2J", help["text"]!.GetValue<string>());
        AssertInert(didYouMean);
        AssertInert(help);
    }

    [Fact]
    public void What_a_reply_quotes_cannot_format_and_the_markup_the_bot_wrote_around_it_stays()
    {
        var typed = "*The Wire* _season 2_ ~x~ `y` & <!here>";

        var message = SlackMessageRenderer.Render(new TextReply($"Looking for shows like {typed}… I couldn't find `{typed}`."));

        Assert.Equal(
            "Looking for shows like ∗The Wire∗ ˍseason 2ˍ ∼x∼ ˋyˋ &amp; ‹!here›… I couldn't find `∗The Wire∗ ˍseason 2ˍ ∼x∼ ˋyˋ &amp; ‹!here›`.",
            message["text"]!.GetValue<string>());
        AssertInert(message);
    }

    [Fact]
    public void Five_thousand_replies_of_hostile_text_render_without_a_crash_and_stay_inert()
    {
        foreach (var (reply, message) in HostileReplies.Render(seed: 6, count: 5_000, SlackMessageRenderer.Render))
        {
            AssertInert(message);
            if (reply is SuggestionsReply)
            {
                // The fallback is one line; each suggestion is a section of its line, its explanation's and its premise's.
                Assert.DoesNotContain('\n', message["text"]!.GetValue<string>());
                var sections = message["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "section").Select(b => b!["text"]!["text"]!.GetValue<string>());
                Assert.All(sections, section => Assert.True(section.Split('\n').Length <= 3 && section.Length <= 3000, HostileText.Escape(section)));
            }
        }
    }

    private static void AssertInert(JsonNode message)
    {
        _ = message.ToJsonString();
        foreach (var (path, value) in HostileReplies.Strings(message))
        {
            // Line breaks only where the renderer puts them: a section's explanation line, a text reply's own lines.
            var violations = DisplayInvariants.Violations(value, lineBreaksAllowed: path is "text" or "blocks/text/text");
            Assert.True(violations.Count == 0, $"{path}: {string.Join(", ", violations)} in {HostileText.Escape(value)}");
        }
    }
}
