namespace ShowBot.IntegrationTests;

/// <summary>ShowBot processes sharing one PostgreSQL database: what one stores or deploys, the others see.</summary>
public class PostgresNodeTests
{
    private static Dictionary<string, string?> Settings(string connectionString, string user) => new()
    {
        ["ShowBot:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:ShowBot"] = connectionString,
        ["ShowBot:Console:UserName"] = user,
        ["ShowBot:Retraining:MinLikes"] = "100",
        ["ShowBot:Retraining:Candidates:0"] = "item-knn",
    };

    [SkippableFact]
    public async Task A_model_one_node_deploys_is_served_by_a_running_node_within_seconds_and_by_a_node_started_later()
    {
        using var schema = new TestPostgres.Schema();
        using var folder = new TempDirectory();
        // Started before any likes exist, so its own catch-up run finds too few to train on.
        using var running = ShowBotProcess.Start(folder, Settings(schema.ConnectionString, "alice"), "chat");
        await running.TryWriteLineAsync("/recommend Planet Earth");
        await Eventually.TrueAsync(() => running.Output.Contains("[#1]", StringComparison.Ordinal), patience: TimeSpan.FromSeconds(60));
        Assert.Equal(0, (await ShowBotProcess.RunAsync(folder, Settings(schema.ConnectionString, "admin"), "health")).ExitCode);
        // The catch-up run's one-shot trigger was stored as the node started; once it is gone and nothing fires, that run
        // is over, and the likes seeded next are only for the admin's train (a busy machine could start it late).
        await Eventually.TrueAsync(() => TestPostgres.Strings(schema.ConnectionString, "SELECT trigger_name FROM qrtz_triggers") is ["retrain-schedule"]
            && TestPostgres.CountOrNone(schema.ConnectionString, "qrtz_fired_triggers") == 0, "the catch-up run to end", TimeSpan.FromSeconds(60));
        RetrainScheduleTests.SeedRatingsOnPostgres(schema.ConnectionString, 100);

        var (exitCode, trained, errors) = await ShowBotProcess.RunAsync(folder, Settings(schema.ConnectionString, "admin"), "train");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("Deployed v1 (item-knn", trained, StringComparison.Ordinal);
        Assert.True(await ServesAsync(running, "Serving: v1 (item-knn)", TimeSpan.FromSeconds(30)), running.Output);
        var (_, later, _) = await ShowBotProcess.RunAsync(folder, Settings(schema.ConnectionString, "bob"), ["/showbot status", "/likes"], "chat");
        Assert.Contains("Serving: v1 (item-knn)", later, StringComparison.Ordinal);
        await running.TryWriteLineAsync("/likes");
        await Eventually.TrueAsync(() => running.Output.Contains("+ Planet Earth", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_console_request_is_answered_only_by_the_node_whose_console_asked_it()
    {
        using var schema = new TestPostgres.Schema();
        using var folderA = new TempDirectory();
        using var folderB = new TempDirectory();
        // Node A answers nothing itself; node B's worker answers the oldest waiting request first that it may take.
        using var nodeA = ShowBotProcess.Start(folderA, Settings(schema.ConnectionString, "alice").With("ShowBot:Storage:NodeName", "node-a").With("ShowBot:Roles", "ingress,scheduler,gateway"), "chat");
        using var nodeB = ShowBotProcess.Start(folderB, Settings(schema.ConnectionString, "bob").With("ShowBot:Storage:NodeName", "node-b"), "chat");

        await nodeA.TryWriteLineAsync("/recommend Planet Earth");
        await Eventually.TrueAsync(() => TestPostgres.CountOrNone(schema.ConnectionString, "requests") == 1, "node A's request queued", TimeSpan.FromSeconds(60));
        await nodeB.TryWriteLineAsync("/recommend Breaking Bad");
        await Eventually.TrueAsync(() => nodeB.Output.Contains("[#1]", StringComparison.Ordinal), patience: TimeSpan.FromSeconds(60));

        // Node B answered its own, younger request, and left node A's to node A's console.
        Assert.DoesNotContain("Planet Earth", nodeB.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[#2]", nodeB.Output, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => TestPostgres.Strings(schema.ConnectionString, "SELECT platform || ' ' || state FROM requests ORDER BY platform")
            is ["console@node-a Pending", "console@node-b Answered"]);
    }

    [SkippableFact]
    public async Task Health_says_no_while_no_node_of_this_machine_beats_in_the_database()
    {
        using var schema = new TestPostgres.Schema();
        using var folder = new TempDirectory();

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(folder, Settings(schema.ConnectionString, "admin"), "health");

        Assert.Equal(1, exitCode);
        Assert.Contains($"no ShowBot node called {Environment.MachineName} beats", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_PostgreSQL_provider_without_a_connection_string_is_one_line_naming_the_setting_and_exit_code_2()
    {
        using var folder = new TempDirectory();

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(folder, new Dictionary<string, string?> { ["ShowBot:Storage:Provider"] = "Postgres" }, "chat");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ConnectionStrings:ShowBot is not set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PostgreSQL_server_that_does_not_answer_is_one_line_without_the_password_and_exit_code_2()
    {
        using var folder = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["ShowBot:Storage:Provider"] = "Postgres",
            // Port 1 on loopback: nothing listens there, so the connection is refused at once.
            ["ConnectionStrings:ShowBot"] = "Host=127.0.0.1;Port=1;Username=showbot;Password=hunter2-secret;Database=showbot;Timeout=3",
        };

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(folder, settings, "chat");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ShowBot cannot start: Cannot use the PostgreSQL database showbot on 127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", output + errors, StringComparison.Ordinal);
    }

    /// <summary>Asks the node for its status, one answer after another, until it says <paramref name="serving"/> or <paramref name="patience"/> runs out.</summary>
    private static async Task<bool> ServesAsync(ShowBotProcess node, string serving, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        for (var asked = node.Output.Occurrences("Serving: ") + 1; DateTime.UtcNow < deadline; asked++)
        {
            await node.TryWriteLineAsync("/showbot status");
            await Eventually.TrueAsync(() => node.Output.Occurrences("Serving: ") >= asked);
            if (node.Output.Contains(serving, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
