using ShowBot.Core.Chat;

namespace ShowBot.Core.Tests.Chat;

public class MentionGuardTests
{
    [Theory]
    [InlineData("@everyone")]
    [InlineData("@here")]
    [InlineData("Hi @everyone, watch this")]
    [InlineData("<@80351110224678912>")]
    [InlineData("<@&41771983423143936>")]
    [InlineData("<!channel>")]
    [InlineData("<!everyone>")]
    [InlineData("<@U024BE7LH>")]
    public void Text_that_would_ping_is_neutralised(string text)
    {
        var safe = MentionGuard.Neutralize(text);

        Assert.DoesNotContain("@everyone", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", safe, StringComparison.Ordinal);
        Assert.DoesNotContain('<', safe);
        Assert.DoesNotContain('>', safe);
    }

    [Theory]
    [InlineData("Breaking Bad")]
    [InlineData("Love, Death & Robots")]
    [InlineData("Pokémon")]
    public void Ordinary_titles_are_unchanged(string title) => Assert.Same(title, MentionGuard.Neutralize(title));
}
