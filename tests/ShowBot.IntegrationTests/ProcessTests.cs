using System.Diagnostics;

namespace ShowBot.IntegrationTests;

/// <summary>The real executable, started as its own process with commands piped in, as the README runs it.</summary>
public class ProcessTests
{
    [Fact]
    public async Task Piped_commands_are_answered_and_the_process_exits_by_itself()
    {
        using var data = new TempDirectory();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "showbot.dll"), "chat"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data.Path,
        };
        start.Environment["ShowBot__Storage__DatabasePath"] = data.DatabasePath;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        await process.StandardInput.WriteLineAsync("/recommend Breaking Bad");
        await process.StandardInput.WriteLineAsync("/react 1 1");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await errors);
        Assert.Contains("[#1] Because you like Breaking Bad:", await output, StringComparison.Ordinal);
        Assert.Contains("\n      https://www.imdb.com/title/tt", await output, StringComparison.Ordinal);
        Assert.Contains("Noted, thanks!", await output, StringComparison.Ordinal);
        Assert.True(File.Exists(data.DatabasePath));
    }

    [Fact]
    public async Task An_unusable_database_path_is_reported_in_one_line_with_the_setting_to_fix()
    {
        using var data = new TempDirectory();
        var blocker = Path.Combine(data.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the database folder should be");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "showbot.dll"), "chat"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ShowBot__Storage__DatabasePath"] = Path.Combine(blocker, "showbot.db");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("ShowBot cannot start: Cannot open the database", errors, StringComparison.Ordinal);
        Assert.Contains("ShowBot:Storage:DatabasePath", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }
}
