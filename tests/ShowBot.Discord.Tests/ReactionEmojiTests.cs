using ShowBot.Core.Ratings;

namespace ShowBot.Discord.Tests;

public class ReactionEmojiTests
{
    [Theory]
    [InlineData("1\uFE0F\u20E3", 1)]
    [InlineData("1\u20E3", 1)]
    [InlineData("9\uFE0F\u20E3", 9)]
    [InlineData("9\u20E3", 9)]
    [InlineData("🔟", 10)]
    public void Keycaps_with_and_without_the_variation_selector_are_numbers(string emoji, int number)
    {
        Assert.True(ReactionEmoji.TryRead(emoji, out var read, out var kind));
        Assert.Equal(number, read);
        Assert.Equal(RatingKind.Like, kind);
    }

    [Theory]
    [InlineData("👎")]
    [InlineData("👎🏻")]
    [InlineData("👎🏿")]
    public void Thumbs_down_in_any_skin_tone_is_a_dislike_of_the_list(string emoji)
    {
        Assert.True(ReactionEmoji.TryRead(emoji, out var number, out var kind));
        Assert.Null(number);
        Assert.Equal(RatingKind.Dislike, kind);
    }

    [Theory]
    [InlineData("0\uFE0F\u20E3")]
    [InlineData("#\uFE0F\u20E3")]
    [InlineData("1")]
    [InlineData("👍")]
    [InlineData("👎👎")]
    [InlineData("custom_emoji")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_emojis_mean_nothing(string? emoji)
    {
        Assert.False(ReactionEmoji.TryRead(emoji, out _, out _));
    }

    [Fact]
    public void The_bot_adds_fully_qualified_keycaps_and_the_ten_emoji()
    {
        Assert.Equal("1\uFE0F\u20E3", ReactionEmoji.ForNumber(1));
        Assert.Equal("🔟", ReactionEmoji.ForNumber(10));
        Assert.All(Enumerable.Range(1, 10), n => Assert.True(ReactionEmoji.TryRead(ReactionEmoji.ForNumber(n), out var read, out _) && read == n));
    }
}
