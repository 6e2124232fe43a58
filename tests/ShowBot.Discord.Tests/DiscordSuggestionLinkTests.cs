using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;

namespace ShowBot.Discord.Tests;

/// <summary>Each suggestion's title links to its IMDb page and its premise follows, within Discord's embed limits.</summary>
public partial class DiscordSuggestionLinkTests
{
    private static readonly Show BreakingBad = new("tt0903747", "Breaking Bad", 2008, 2013, ["Crime", "Drama", "Thriller"]);
    private static readonly Show LuckyGuy = new("tt28857177", "Lucky Guy", 2023, null, ["Drama", "Fantasy"]);

    [Fact]
    public void Breaking_bad_is_a_masked_link_to_its_imdb_page_followed_by_its_explanation_and_premise()
    {
        var body = DiscordMessages.Render(new SuggestionsReply(
            [new Suggestion(1, BreakingBad, LuckyGuy) { Why = ["also dark"], Premise = "A chemistry teacher cooks meth." }],
            [LuckyGuy]));

        var lines = Embed(body)["description"]!.GetValue<string>().Split('\n');
        Assert.Equal(
            ["1️⃣ **[Breaking Bad](https://www.imdb.com/title/tt0903747/)** (2008–2013) · Crime, Drama, Thriller", "    *because you liked Lucky Guy: also dark*", "    A chemistry teacher cooks meth."],
            lines);
    }

    [Fact]
    public void A_show_without_a_premise_has_no_premise_line()
    {
        var body = DiscordMessages.Render(new SuggestionsReply([new Suggestion(1, LuckyGuy, BreakingBad), new Suggestion(2, BreakingBad, null) { Premise = "" }], [BreakingBad]));

        Assert.Equal(
            ["1️⃣ **[Lucky Guy](https://www.imdb.com/title/tt28857177/)** (2023–) · Drama, Fantasy", "    *because you liked Breaking Bad*", "2️⃣ **[Breaking Bad](https://www.imdb.com/title/tt0903747/)** (2008–2013) · Crime, Drama, Thriller"],
            Embed(body)["description"]!.GetValue<string>().Split('\n'));
    }

    [Fact]
    public void A_show_whose_id_is_not_an_imdb_id_is_listed_without_a_link()
    {
        var body = DiscordMessages.Render(new SuggestionsReply([new Suggestion(1, BreakingBad with { Id = "local-7" }, null)], []));

        Assert.Equal("1️⃣ **Breaking Bad** (2008–2013) · Crime, Drama, Thriller", Embed(body)["description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Fargo](https://evil.example) [Breaking Bad")]
    [InlineData("[Breaking Bad](https://evil.example)")]
    [InlineData("https://evil.example")]
    [InlineData("Dark \\](https://evil.example) (2019)")]
    [InlineData("<https://evil.example> ) ] [ ( \\")]
    public void A_hostile_title_cannot_forge_or_break_the_link(string title)
    {
        var evil = BreakingBad with { Title = title };

        var body = DiscordMessages.Render(new SuggestionsReply([new Suggestion(1, evil, evil) { Premise = title }, new Suggestion(2, BreakingBad, evil)], [evil]));

        var description = Embed(body)["description"]!.GetValue<string>();
        Assert.Equal(["https://www.imdb.com/title/tt0903747/", "https://www.imdb.com/title/tt0903747/"], MaskedLinks(description).Select(l => l.Url));
        Assert.DoesNotContain("https://evil", description, StringComparison.Ordinal);
        Assert.Contains("evil.example", MaskedLinks(description)[0].Text, StringComparison.Ordinal);
        Assert.Equal("Breaking Bad", MaskedLinks(description)[1].Text);
    }

    [Fact]
    public void The_longest_list_of_the_worst_text_stays_within_every_embed_limit_and_keeps_every_number_and_link()
    {
        var reply = WorstCaseList.Reply;

        var body = DiscordMessages.Render(reply);

        var embed = Assert.Single(body["embeds"]!.AsArray())!;
        var title = embed["title"]!.GetValue<string>();
        var description = embed["description"]!.GetValue<string>();
        var footer = embed["footer"]!["text"]!.GetValue<string>();
        var fields = embed["fields"]?.AsArray() ?? [];
        Assert.InRange(title.Length, 1, 256);
        Assert.InRange(description.Length, 1, 4096);
        Assert.InRange(footer.Length, 1, 2048);
        Assert.InRange(fields.Count, 0, 10);
        Assert.All(fields, f => Assert.True(f!["name"]!.GetValue<string>().Length <= 256 && f["value"]!.GetValue<string>().Length <= 1024));
        Assert.InRange(title.Length + description.Length + footer.Length + fields.Sum(f => f!["name"]!.GetValue<string>().Length + f["value"]!.GetValue<string>().Length), 1, 6000);
        Assert.Equal(Enumerable.Range(1, 10).Select(WorstCaseList.ImdbPage), MaskedLinks(description).Select(l => l.Url));
        var heads = description.Split('\n').Where(l => MaskedLinks(l).Count > 0).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(ReactionEmoji.ForNumber), heads.Select(l => l.Split(' ')[0]));
        Assert.Contains("1️⃣–🔟", footer, StringComparison.Ordinal);
        Assert.Contains("I couldn", description, StringComparison.Ordinal);
        Assert.Contains("@\u200Beveryone", description, StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_premises_and_explanations_are_kept_whole_and_only_the_longest_are_cut()
    {
        var items = Enumerable.Range(1, 10).Select(n => new Suggestion(n, BreakingBad with { Id = $"tt{n:D7}" }, null)
        {
            Why = [n == 1 ? new string('w', 3000) : "also dark"],
            Premise = n == 1 ? new string('p', 3000) : "Short premise.",
        }).ToList();

        var description = Embed(DiscordMessages.Render(new SuggestionsReply(items, [])))["description"]!.GetValue<string>();

        Assert.InRange(description.Length, 1, 4096);
        Assert.Equal(9, description.Split('\n').Count(l => l == "    Short premise."));
        Assert.Equal(9, description.Split('\n').Count(l => l == "    *also dark*"));
        Assert.Contains(new string('w', 100), description, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every masked link in the Markdown, as Discord reads one: from a "[" that no backslash escapes, the text up to the
    /// first "]" (inside the text a backslash does not escape it), then "(url)".
    /// </summary>
    internal static List<(string Text, string Url)> MaskedLinks(string markdown) =>
        [.. MaskedLink().Matches(markdown).Select(m => (m.Groups["text"].Value, m.Groups["url"].Value))];

    private static JsonNode Embed(JsonObject body) => Assert.Single(body["embeds"]!.AsArray())!;

    [GeneratedRegex(@"(?<!\\)\[(?<text>[^\[\]]*)\]\((?<url>[^)\s]*)\)")]
    private static partial Regex MaskedLink();
}
