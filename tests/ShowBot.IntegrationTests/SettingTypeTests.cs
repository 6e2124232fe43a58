namespace ShowBot.IntegrationTests;

/// <summary>A setting of the wrong type, through the real <c>showbot</c> process, for every verb that reads the settings.</summary>
public class SettingTypeTests
{
    private const string DiscordToken = "MTAwMDAwMDAwMDAwMDAwMDAw.GabcDe.abcdefghijklmnopqrstuvwxyz0123";

    [Theory]
    [InlineData("ShowBot:Worker:Parallelism", "abc", "is not a whole number, e.g. 16", "chat")]
    [InlineData("ShowBot:Worker:PollInterval", "2s", "is not a duration written [d.]hh:mm:ss, e.g. 00:00:02", "chat")]
    [InlineData("ShowBot:Worker:Parallelism", "abc", "is not a whole number, e.g. 16", "run")]
    [InlineData("ShowBot:Worker:PollInterval", "2s", "is not a duration written [d.]hh:mm:ss, e.g. 00:00:02", "train")]
    [InlineData("ShowBot:Retraining:MinLikes", "many", "is not a whole number, e.g. 200", "models")]
    [InlineData("ShowBot:Retraining:Tolerance", "1%", "is not a number, e.g. 0.002", "rollback", "v1")]
    [InlineData("ShowBot:Retention:Interval", "daily", "is not a duration written [d.]hh:mm:ss, e.g. 1.00:00:00", "import", "catalog", "shows.csv")]
    [InlineData("ShowBot:Worker:Parallelism", "abc", "is not a whole number, e.g. 16", "export", "ratings")]
    [InlineData("ShowBot:Worker:Parallelism", "abc", "is not a whole number, e.g. 16", "check")]
    [InlineData("ShowBot:Recommendations:MaxCount", "ten", "is not a whole number, e.g. 10", "backup", "copy.db")]
    [InlineData("ShowBot:Console:Admin", "yes", "is not true or false", "chat")]
    public async Task A_setting_of_the_wrong_type_stops_the_verb_in_one_line_naming_it_with_exit_code_2(string setting, string value, string expected, params string[] verb)
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?> { [setting] = value };
        if (verb[0] == "run")
        {
            // A platform to serve, so `run` gets as far as its settings without a terminal.
            settings["ShowBot:Discord:Token"] = DiscordToken;
        }

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(data, settings, verb);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"{setting}: '{value}' {expected} (set it in config/appsettings.json or as {setting.Replace(":", "__", StringComparison.Ordinal)})", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data.Path, "copy.db")));
    }

    [Fact]
    public async Task Two_settings_of_the_wrong_type_are_both_named()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["ShowBot:Worker:Parallelism"] = "abc", ["ShowBot:Worker:PollInterval"] = "2s" };

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(data, settings, "chat");

        Assert.Equal(2, exitCode);
        Assert.Equal(
            [
                "ShowBot cannot start, settings are invalid:",
                "ShowBot:Worker:Parallelism: 'abc' is not a whole number, e.g. 16 (set it in config/appsettings.json or as ShowBot__Worker__Parallelism)",
                "ShowBot:Worker:PollInterval: '2s' is not a duration written [d.]hh:mm:ss, e.g. 00:00:02 (set it in config/appsettings.json or as ShowBot__Worker__PollInterval)",
            ],
            errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
