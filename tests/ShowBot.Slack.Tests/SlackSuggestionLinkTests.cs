using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Slack.Outbound;

namespace ShowBot.Slack.Tests;

/// <summary>Each suggestion's title links to its IMDb page and its premise follows, within Slack's Block Kit limits.</summary>
public partial class SlackSuggestionLinkTests
{
    private static readonly Show BreakingBad = new("tt0903747", "Breaking Bad", 2008, 2013, ["Crime", "Drama", "Thriller"]);
    private static readonly Show LuckyGuy = new("tt28857177", "Lucky Guy", 2023, null, ["Drama", "Fantasy"]);

    [Fact]
    public void Breaking_bad_links_to_its_imdb_page_in_its_section_and_in_the_fallback_followed_by_its_explanation_and_premise()
    {
        var message = SlackMessageRenderer.Render(new SuggestionsReply(
            [new Suggestion(1, BreakingBad, LuckyGuy) { Why = ["also dark"], Premise = "A chemistry teacher cooks meth." }],
            [LuckyGuy]));

        Assert.Equal(
            "*1.* *<https://www.imdb.com/title/tt0903747/|Breaking Bad>* (2008–2013) · Crime, Drama, Thriller\n_because you liked Lucky Guy: also dark_\nA chemistry teacher cooks meth.",
            Assert.Single(Sections(message)));
        Assert.Equal("Because you like Lucky Guy: 1. <https://www.imdb.com/title/tt0903747/|Breaking Bad> (2008–2013)", message["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_show_without_a_premise_has_no_premise_line()
    {
        var message = SlackMessageRenderer.Render(new SuggestionsReply([new Suggestion(1, LuckyGuy, BreakingBad)], [BreakingBad]));

        Assert.Equal("*1.* *<https://www.imdb.com/title/tt28857177/|Lucky Guy>* (2023–) · Drama, Fantasy\n_because you liked Breaking Bad_", Assert.Single(Sections(message)));
    }

    [Theory]
    [InlineData("Fargo> <https://evil.example|Breaking Bad")]
    [InlineData("Breaking Bad|https://evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("&lt;https://evil.example|Breaking Bad&gt;")]
    [InlineData("<https://evil.example>")]
    public void A_hostile_title_cannot_forge_or_break_the_link(string title)
    {
        var evil = BreakingBad with { Title = title };

        var message = SlackMessageRenderer.Render(new SuggestionsReply([new Suggestion(1, evil, evil) { Premise = title }, new Suggestion(2, BreakingBad, evil)], [evil]));

        const string page = "https://www.imdb.com/title/tt0903747/";
        var sections = Sections(message);
        var fallback = message["text"]!.GetValue<string>();
        Assert.Equal([page, page], sections.SelectMany(Links).Select(l => l.Url));
        Assert.Equal([page, page], Links(fallback).Select(l => l.Url));
        Assert.All(sections.SelectMany(Links).Concat(Links(fallback)), l => Assert.DoesNotContain('|', l.Text));
        Assert.Contains("evil.example", Links(sections[0])[0].Text, StringComparison.Ordinal);
        Assert.Equal("Breaking Bad", Links(sections[1])[0].Text);
        Assert.All(sections.Append(fallback), text => Assert.DoesNotContain("https://evil", text, StringComparison.Ordinal));
    }

    [Fact]
    public void The_longest_list_of_the_worst_text_stays_within_every_block_kit_limit_and_keeps_every_number_and_link()
    {
        foreach (var message in new[] { SlackMessageRenderer.Render(WorstCaseList.Reply), SlackMessageRenderer.Ephemeral(SlackMessageRenderer.RenderPrivately(WorstCaseList.Reply, "Only you can see this list: /invite me.")) })
        {
            var blocks = message["blocks"]!.AsArray();
            Assert.InRange(blocks.Count, 1, 50);
            Assert.InRange(blocks[0]!["text"]!["text"]!.GetValue<string>().Length, 1, 150);
            var context = blocks.Single(b => b!["type"]!.GetValue<string>() == "context")!["elements"]!.AsArray();
            Assert.InRange(context.Count, 1, 10);
            Assert.All(context, e => Assert.InRange(e!["text"]!.GetValue<string>().Length, 1, 3000));
            var sections = Sections(message);
            Assert.All(sections, s => Assert.InRange(s.Length, 1, 3000));
            Assert.Equal(
                Enumerable.Range(1, 10).Select(n => $"*{n}.* *<{WorstCaseList.ImdbPage(n)}|"),
                sections.Select(s => s[..(s.IndexOf('|', StringComparison.Ordinal) + 1)]));
            var fallback = message["text"]!.GetValue<string>();
            Assert.InRange(fallback.Length, 1, 4000);
            Assert.Equal(Enumerable.Range(1, 10).Select(WorstCaseList.ImdbPage), Links(fallback).Select(l => l.Url));
            Assert.All(Enumerable.Range(1, 10), n => Assert.Contains($" {n}. <{WorstCaseList.ImdbPage(n)}|", fallback, StringComparison.Ordinal));
            Assert.All(sections.Append(fallback), text => Assert.DoesNotContain("https://evil", text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_long_premise_is_cut_before_the_explanation_and_the_title_stays_whole()
    {
        var suggestion = new Suggestion(1, BreakingBad, LuckyGuy) { Why = [new string('w', 2000)], Premise = new string('p', 2000) };

        var section = Assert.Single(Sections(SlackMessageRenderer.Render(new SuggestionsReply([suggestion], [LuckyGuy]))));

        Assert.InRange(section.Length, 2900, 3000);
        Assert.StartsWith("*1.* *<https://www.imdb.com/title/tt0903747/|Breaking Bad>* (2008–2013)", section, StringComparison.Ordinal);
        Assert.Contains(new string('w', 2000), section, StringComparison.Ordinal);
        Assert.EndsWith("p…", section, StringComparison.Ordinal);
    }

    internal static List<string> Sections(JsonObject message) =>
        [.. message["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "section").Select(b => b!["text"]!["text"]!.GetValue<string>())];

    /// <summary>Every link in mrkdwn, as Slack reads one: from a "&lt;", the address up to a "|" or "&gt;", then the text up to "&gt;".</summary>
    internal static List<(string Url, string Text)> Links(string mrkdwn) =>
        [.. SlackLink().Matches(mrkdwn).Select(m => (m.Groups["url"].Value, m.Groups["text"].Value))];

    [GeneratedRegex(@"<(?<url>[^<>|]*)(?:\|(?<text>[^<>]*))?>")]
    private static partial Regex SlackLink();
}
