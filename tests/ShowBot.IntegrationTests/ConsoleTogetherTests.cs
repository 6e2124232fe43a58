using System.Text.RegularExpressions;

namespace ShowBot.IntegrationTests;

/// <summary>/together in the console, through the real host: names are console user names, the one typing is in the group.</summary>
public partial class ConsoleChatTests
{
    [Fact]
    public async Task Together_answers_one_list_for_the_people_named_with_for_whom_on_every_line_and_a_hint_for_who_has_no_likes()
    {
        using var data = new TempDirectory();
        await ChatAsAsync("bob", data, "/rate Dark");

        var (exitCode, output) = await ChatAsync(data, "/rate Fargo", "/together bob, cem");

        Assert.Equal(0, exitCode);
        const string Hint = "cem has no likes yet: /rate a show or /recommend a few.";
        Assert.Contains("Looking for shows for alice, bob and cem… " + Hint, output, StringComparison.Ordinal);
        var list = output[Regex.Match(output, @"\[#\d+\] Together: alice, bob, cem:\n").Index..];
        var lines = TogetherLine().Matches(list);
        Assert.Equal(["1", "2", "3", "4", "5"], lines.Select(m => m.Groups["number"].Value));
        Assert.DoesNotContain(lines, m => m.Groups["title"].Value is "Fargo" or "Dark");
        Assert.All(lines.SelectMany(m => m.Groups["why"].Value.Split("; ")), why => Assert.Matches("^for (alice: because you liked Fargo|bob: because you liked Dark)$", why));
        Assert.Contains(lines, m => m.Groups["why"].Value == "for alice: because you liked Fargo; for bob: because you liked Dark");
        Assert.Contains(Hint, list, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^ +(?<number>\d+)\. (?<title>.+?) \([^)]*\) · [^—\n]+ — (?<why>for .+)$", RegexOptions.Multiline)]
    private static partial Regex TogetherLine();
}
