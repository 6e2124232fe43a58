using ShowBot.ConsoleChat;
using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

[Collection(StandardErrorCollection.Name)]
public class ConfigurationTests
{
    [Theory]
    [InlineData("ShowBot:Worker:Parallelism", "0")]
    [InlineData("ShowBot:Recommendations:DefaultCount", "11")]
    [InlineData("ShowBot:Storage:DatabasePath", "")]
    public async Task An_invalid_setting_stops_the_bot_with_an_error_naming_it(string setting, string value)
    {
        using var data = new TempDirectory();
        using var error = new StandardErrorCapture();
        var exitCode = await ShowBotCommandLine.RunAsync(
            new ConsoleTerminal(new StringReader(""), new StringWriter(), interactive: false),
            consoleOnly: true,
            CancellationToken.None,
            new Dictionary<string, string?> { ["ShowBot:Storage:DatabasePath"] = data.DatabasePath, [setting] = value });

        Assert.Equal(ExitCodes.BadConfiguration, exitCode);
        Assert.Contains(setting, error.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not.a-token")]
    [InlineData("")]
    public async Task A_malformed_or_missing_Discord_token_stops_the_bot_naming_the_setting_but_never_the_token(string token)
    {
        using var data = new TempDirectory();
        using var error = new StandardErrorCapture();
        var exitCode = await ShowBotCommandLine.RunAsync(
            new ConsoleTerminal(new StringReader(""), new StringWriter(), interactive: false),
            consoleOnly: false,
            CancellationToken.None,
            new Dictionary<string, string?>
            {
                ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
                ["ShowBot:Discord:Token"] = token,
                ["ShowBot:Discord:ApplicationId"] = "900000000000000002",
            });

        Assert.Equal(ExitCodes.BadConfiguration, exitCode);
        Assert.Contains("ShowBot:Discord:Token", error.Text, StringComparison.Ordinal);
        Assert.Contains("ShowBot__Discord__Token", error.Text, StringComparison.Ordinal);
        if (token.Length > 0)
        {
            Assert.DoesNotContain(token, error.Text, StringComparison.Ordinal);
        }
    }
}
