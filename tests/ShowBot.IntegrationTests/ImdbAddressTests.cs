namespace ShowBot.IntegrationTests;

/// <summary>Shows given as IMDb addresses, as people paste them, through the real console chat.</summary>
public class ImdbAddressTests
{
    [Fact]
    public async Task IMDb_addresses_are_each_one_show_and_nothing_of_them_is_reported_missing()
    {
        using var data = new TempDirectory();

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(
            data,
            null,
            ["/recommend https://www.imdb.com/title/tt0903747/, https://m.imdb.com/title/tt0306414/?ref_=nv_sr_srsg_0"],
            "chat");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("[#1] Because you like Breaking Bad, The Wire:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("couldn't find", output, StringComparison.Ordinal);
    }
}
