using ShowBot.ConsoleChat;
using ShowBot.Verbs;

namespace ShowBot.Discord.Tests;

/// <summary>
/// <c>showbot run</c> with Discord set up wrong (HTTP interactions without their key, shards it cannot run) stops
/// before connecting, with exit code 2 (invalid configuration) and one line naming the setting. Standard error is
/// process-wide, so these run alone.
/// </summary>
[Collection(StandardErrorCollection.Name)]
public sealed class DiscordConfigurationTests
{
    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("0123456789abcdef", "is not a Discord public key")]
    [InlineData(FakeDiscord.Token, "is not a Discord public key")]
    public async Task Http_interactions_without_a_valid_public_key_stop_the_start_with_one_line_naming_the_setting(string? key, string expected)
    {
        var (exitCode, line) = await StartAsync(new()
        {
            ["ShowBot:Discord:Interactions"] = "Http",
            ["ShowBot:Discord:PublicKey"] = key,
        });

        Assert.Equal(ExitCodes.BadConfiguration, exitCode);
        Assert.StartsWith("ShowBot cannot start, a setting is invalid: ShowBot:Discord:PublicKey: " + expected, line, StringComparison.Ordinal);
        Assert.Contains("ShowBot__Discord__PublicKey", line, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscord.Token, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2-3", "2")]
    [InlineData("0,0", "2")]
    [InlineData("0..1", "2")]
    public async Task Shards_this_node_cannot_run_stop_the_start_with_one_line_naming_the_setting(string shards, string shardCount)
    {
        var (exitCode, line) = await StartAsync(new()
        {
            ["ShowBot:Discord:Shards"] = shards,
            ["ShowBot:Discord:ShardCount"] = shardCount,
        });

        Assert.Equal(ExitCodes.BadConfiguration, exitCode);
        Assert.StartsWith($"ShowBot cannot start, a setting is invalid: ShowBot:Discord:Shards: must name shard ids below ShardCount ({shardCount})", line, StringComparison.Ordinal);
        Assert.Contains("ShowBot__Discord__Shards", line, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>showbot run</c> with the fake's token and <paramref name="settings"/>; its exit code and the one line it wrote to standard error.</summary>
    private static async Task<(int ExitCode, string Line)> StartAsync(Dictionary<string, string?> settings)
    {
        using var data = new TempDirectory();
        settings["ShowBot:Storage:DatabasePath"] = data.DatabasePath;
        settings["ShowBot:Discord:Token"] = FakeDiscord.Token;
        settings["ShowBot:Discord:ApiBaseUrl"] = "http://127.0.0.1:9/api/v10";
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
                settings);
        }
        finally
        {
            Console.SetError(original);
        }

        return (exitCode, Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandardErrorCollection
{
    public const string Name = "standard error";
}
