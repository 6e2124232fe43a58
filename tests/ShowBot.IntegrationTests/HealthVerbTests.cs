namespace ShowBot.IntegrationTests;

/// <summary><c>showbot health</c>, the container's health check, through real processes.</summary>
public class HealthVerbTests
{
    [Fact]
    public async Task Health_is_0_while_a_bot_answers_on_the_database_and_1_once_it_has_stopped()
    {
        using var data = new TempDirectory();
        using var bot = ShowBotProcess.Start(data, null, "chat");
        Assert.True(await bot.TryWriteLineAsync("/recommend Fargo"));
        await Eventually.TrueAsync(() => bot.Output.Contains("[#1] Because you like Fargo", StringComparison.Ordinal) || bot.HasExited, patience: TimeSpan.FromSeconds(60));

        var whileServing = await ShowBotProcess.RunAsync(data, null, "health");
        bot.CloseInput();
        Assert.Equal(0, await bot.WaitForExitAsync());
        var afterwards = await ShowBotProcess.RunAsync(data, null, "health");

        Assert.True(whileServing.ExitCode == 0, whileServing.Errors);
        Assert.Equal("", whileServing.Output);
        Assert.Equal(1, afterwards.ExitCode);
        Assert.Equal($"health: no ShowBot answers on {data.DatabasePath}.", afterwards.Errors.Trim());
    }

    [Fact]
    public async Task Health_without_a_bot_never_opens_or_creates_the_database()
    {
        using var data = new TempDirectory();

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(data, null, "health");

        Assert.Equal(1, exitCode);
        Assert.Contains("no ShowBot answers", errors, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(data.Path));
    }
}
