namespace ShowBot.IntegrationTests;

/// <summary>Bad option values on the command line, through the real <c>showbot</c> process: one friendly line, exit code 1.</summary>
public class OptionValueTests
{
    [Theory]
    [InlineData("--dislike-threshold 5 must be below --like-threshold 4: a rating at or above --like-threshold is a like, at or below --dislike-threshold a dislike.",
        "import", "ratings", "ratings.csv", "--like-threshold", "4", "--dislike-threshold", "5")]
    [InlineData("--like-threshold NaN: give a number, e.g. 8.", "import", "ratings", "ratings.csv", "--like-threshold", "NaN")]
    [InlineData("--min-votes -5: give a whole number, 0 or more, e.g. 0.", "import", "imdb", "--basics", "b.tsv", "--ratings", "r.tsv", "--min-votes", "-5")]
    [InlineData("--like-threshold abc: give a number, e.g. 4.", "evaluate", "--ratings", "ratings.csv", "--like-threshold", "abc")]
    [InlineData("evaluate: ratings.csv cannot be evaluated: Cannot hold out 2 × 1 users from 0 users with at least 5 likes. Give a larger file, or a lower --like-threshold for more likes.",
        "evaluate", "--ratings", "ratings.csv")]
    public async Task A_bad_value_is_answered_in_one_friendly_line_with_exit_code_1_and_no_NET_exception_text(string expected, params string[] arguments)
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(data.Path, "ratings.csv"), "user,show,rating\nalice,tt0903747,9\nbob,tt0903747,9\n");

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, null, arguments);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("imported", output, StringComparison.Ordinal);
        Assert.Equal(expected, Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        Assert.False(File.Exists(data.DatabasePath));
    }
}
