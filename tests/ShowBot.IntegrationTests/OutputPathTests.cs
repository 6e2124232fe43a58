namespace ShowBot.IntegrationTests;

/// <summary>Verbs that write files check them before they start, through the real <c>showbot</c> process.</summary>
public class OutputPathTests
{
    [Theory]
    [InlineData("evaluate", "--ratings", "ratings.csv", "--plot", "{unwritable}")]
    [InlineData("evaluate", "--ratings", "ratings.csv", "--json", "{unwritable}")]
    [InlineData("evaluate-similar", "--similar", "similar.csv", "--details", "{unwritable}")]
    [InlineData("export", "ratings", "--out", "{unwritable}")]
    public async Task An_output_file_below_a_file_is_refused_before_any_work_with_exit_code_1(params string[] arguments)
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(data.Path, "ratings.csv"), "user,item,rating\n1,1,5\n1,2,5\n2,1,5\n");
        await File.WriteAllTextAsync(Path.Combine(data.Path, "similar.csv"), "show_id,title,similar_show_ids\ntt0903747,Breaking Bad,tt3032476\n");
        // A file where the folder should be: no user, root included, can write below it.
        var blocker = Path.Combine(data.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        var unwritable = Path.Combine(blocker, "out.png");

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, null, [.. arguments.Select(a => a.Replace("{unwritable}", unwritable, StringComparison.Ordinal))]);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"{arguments[0]}{(arguments[0] == "export" ? " ratings" : "")}: {arguments[^2]} {unwritable}: {blocker} is a file, not a folder.", line);
    }

    [Fact]
    public async Task A_backup_onto_an_existing_file_is_refused_before_the_database_is_opened_and_the_file_is_left_alone()
    {
        using var data = new TempDirectory();
        var existing = Path.Combine(data.Path, "yesterday.db");
        await File.WriteAllTextAsync(existing, "yesterday's backup");

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, null, "backup", existing);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"backup {existing} already exists; choose a new file.", errors.Trim());
        Assert.Equal("yesterday's backup", await File.ReadAllTextAsync(existing));
        Assert.False(File.Exists(data.DatabasePath));
    }
}
