using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;

namespace ShowBot.Discord.Tests;

public class DiscordMessagesTests
{
    private static readonly Show Hostile = new("tt0000001", "@everyone <@123> *bold* `code`", 2001, 2003, ["Drama"]);
    private static readonly Show Plain = new("tt0000002", "The Plain Show", 2010, null, ["Comedy"]);

    [Fact]
    public void Suggestion_titles_can_neither_ping_nor_restyle_the_list()
    {
        var body = DiscordMessages.Render(new SuggestionsReply([new Suggestion(1, Hostile, Plain)], [Plain]));

        var description = body["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.Contains("@\u200Beveryone", description, StringComparison.Ordinal);
        Assert.Contains("‹@\u200B123›", description, StringComparison.Ordinal);
        Assert.Contains("\\*bold\\*", description, StringComparison.Ordinal);
        Assert.Contains("\\`code\\`", description, StringComparison.Ordinal);
        Assert.Equal("[]", body["allowed_mentions"]!["parse"]!.ToJsonString());
    }

    [Fact]
    public void Long_text_is_cut_to_Discords_2000_character_limit()
    {
        var body = DiscordMessages.Render(new TextReply(new string('x', 5000)));

        Assert.Equal(2000, body["content"]!.GetValue<string>().Length);
    }

    [Fact]
    public void Ten_suggestions_are_numbered_with_their_reaction_emojis()
    {
        var items = Enumerable.Range(1, 10).Select(n => new Suggestion(n, Plain with { Id = $"tt{n:D7}" }, null)).ToList();

        var body = DiscordMessages.Render(new SuggestionsReply(items, [Plain]));

        var lines = body["embeds"]![0]!["description"]!.GetValue<string>().Split('\n');
        Assert.Equal([.. Enumerable.Range(1, 10).Select(ReactionEmoji.ForNumber)], lines.Select(l => l.Split(' ')[0]));
        Assert.Contains("1️⃣–🔟", body["embeds"]![0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
