namespace ShowBot.IntegrationTests;

/// <summary>Forget-me as issue 10 item 8 tried it: after it, <c>export ratings --as-of 2</c> still printed the person's rows.</summary>
public class ForgetMeExportTests
{
    [Fact]
    public async Task After_forget_me_no_export_of_any_earlier_version_prints_a_row_of_the_person()
    {
        using var data = new TempDirectory();
        await RunAsync(data, ["chat"], "alice", "/rate Breaking Bad", "/rate The Wire");
        await RunAsync(data, ["chat"], "bob", "/rate Dark");
        var before = await RunAsync(data, ["export", "ratings", "--as-of", "2"]);
        Assert.Contains("console:alice,", before.Output, StringComparison.Ordinal);

        var forget = await RunAsync(data, ["chat"], "alice", "/forget-me confirm");

        Assert.Contains("I deleted 2 rating(s)", forget.Output, StringComparison.Ordinal);
        foreach (var asOf in new[] { "1", "2", "3", "latest" })
        {
            var export = await RunAsync(data, ["export", "ratings", "--as-of", asOf]);
            Assert.DoesNotContain("console:alice", export.Output, StringComparison.Ordinal);
            Assert.Equal(asOf is "1" or "2" ? 1 : 2, export.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        var latest = await RunAsync(data, ["export", "ratings", "--as-of", "latest"]);
        Assert.Contains("console:bob,tt5753856,1", latest.Output, StringComparison.Ordinal);
        Assert.Contains("as of change 4", latest.Errors, StringComparison.Ordinal);
    }

    private static async Task<(string Output, string Errors)> RunAsync(TempDirectory data, string[] arguments, string? user = null, params string[] lines)
    {
        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, new Dictionary<string, string?> { ["ShowBot:Console:UserName"] = user ?? "" }, lines, arguments);
        Assert.True(exitCode == 0, errors);
        return (output, errors);
    }
}
