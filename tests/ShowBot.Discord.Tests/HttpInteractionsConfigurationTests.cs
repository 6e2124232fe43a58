using ShowBot.ConsoleChat;
using ShowBot.Verbs;

namespace ShowBot.Discord.Tests;

/// <summary>
/// <c>showbot run</c> with HTTP interactions set up wrong stops before connecting, with exit code 2 (invalid
/// configuration) and one line naming the setting. Standard error is process-wide, so these run alone.
/// </summary>
[Collection(StandardErrorCollection.Name)]
public sealed class HttpInteractionsConfigurationTests
{
    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("0123456789abcdef", "is not a Discord public key")]
    [InlineData(FakeDiscord.Token, "is not a Discord public key")]
    public async Task Http_interactions_without_a_valid_public_key_stop_the_start_with_one_line_naming_the_setting(string? key, string expected)
    {
        using var data = new TempDirectory();
        var original = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        int exitCode;
        try
        {
            exitCode = await ShowBotCommandLine.RunAsync(
                new ConsoleTerminal(new StringReader(""), new StringWriter(), interactive: false),
                consoleOnly: false,
                CancellationToken.None,
                new Dictionary<string, string?>
                {
                    ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
                    ["ShowBot:Discord:Token"] = FakeDiscord.Token,
                    ["ShowBot:Discord:ApiBaseUrl"] = "http://127.0.0.1:9/api/v10",
                    ["ShowBot:Discord:Interactions"] = "Http",
                    ["ShowBot:Discord:PublicKey"] = key,
                });
        }
        finally
        {
            Console.SetError(original);
        }

        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(ExitCodes.BadConfiguration, exitCode);
        Assert.StartsWith("ShowBot cannot start, a setting is invalid: ShowBot:Discord:PublicKey: " + expected, line, StringComparison.Ordinal);
        Assert.Contains("ShowBot__Discord__PublicKey", line, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscord.Token, line, StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandardErrorCollection
{
    public const string Name = "standard error";
}
