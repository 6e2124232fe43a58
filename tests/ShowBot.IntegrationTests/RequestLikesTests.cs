namespace ShowBot.IntegrationTests;

/// <summary>The README's promise about the shows given to /recommend, through the real console chat.</summary>
public class RequestLikesTests
{
    [Fact]
    public async Task The_shows_given_to_recommend_are_saved_as_likes_and_rate_dislike_takes_one_back()
    {
        using var data = new TempDirectory();

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(
            data, null, ["/recommend Fargo, The Wire", "/likes", "/rate Fargo dislike", "/likes"], "chat");

        Assert.True(exitCode == 0, errors);
        var likes = output.Split("You like (", StringSplitOptions.None);
        Assert.Equal(3, likes.Length);
        var before = likes[1].ReplaceLineEndings("\n");
        Assert.StartsWith("2):\n", before, StringComparison.Ordinal);
        Assert.Contains("  + Fargo (2014–) · Crime, Drama, Thriller\n", before, StringComparison.Ordinal);
        Assert.Contains("  + The Wire (2002–2008) · Crime, Drama, Thriller\n", before, StringComparison.Ordinal);
        Assert.Contains("Noted: you don't like Fargo (2014–).", output, StringComparison.Ordinal);
        Assert.Equal(
            "1):\n  + The Wire (2002–2008) · Crime, Drama, Thriller\nYou don't like (1):\n  - Fargo (2014–) · Crime, Drama, Thriller\n",
            likes[2].ReplaceLineEndings("\n"));
    }
}
