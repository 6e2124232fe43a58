using Microsoft.Extensions.Configuration;

using ShowBot.Hosting;

namespace ShowBot.IntegrationTests;

/// <summary>
/// <c>ShowBot:Roles</c>: how it is read, what is refused at start, and where a node says its roles. What a node of a
/// PostgreSQL cluster runs without a role is pinned in QuartzClusterTests (<c>scheduler</c>) and in the Discord tests'
/// NodeRolesTests (<c>ingress</c>, <c>worker</c>, <c>gateway</c>).
/// </summary>
public class NodeRolesTests
{
    [Theory]
    [InlineData("", "ingress, worker, scheduler, gateway")]
    [InlineData("ShowBot:Roles=worker", "worker")]
    [InlineData("ShowBot:Roles= Gateway , INGRESS", "ingress, gateway")]
    [InlineData("ShowBot:Roles:0=scheduler|ShowBot:Roles:1=Worker", "worker, scheduler")]
    // The default in appsettings.json is one value: an array set over it replaces it, rather than being merged index by index.
    [InlineData("ShowBot:Roles=ingress,worker,scheduler,gateway|ShowBot:Roles:0=worker", "worker")]
    public void Roles_are_an_array_or_one_comma_separated_value_in_any_case_and_all_four_when_not_set(string settings, string roles)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(InlineSettings.Parse(settings)).Build();

        Assert.Equal(roles, NodeRoles.Describe(NodeRoles.Read(configuration).Roles));
    }

    [Theory]
    [InlineData("ingress,cook", "ShowBot:Roles: 'cook' is not a role; use any of ingress, worker, scheduler, gateway (set it in config/appsettings.json or as ShowBot__Roles)")]
    [InlineData(" , ", "ShowBot:Roles: no role is given, so this node would do nothing")]
    [InlineData("", "ShowBot:Roles: no role is given, so this node would do nothing")]
    public async Task A_role_that_is_not_one_or_no_role_at_all_stops_the_start_with_one_line_naming_the_setting(string value, string error)
    {
        var line = await RefusedAtStartAsync("ShowBot:Roles", value);

        Assert.Contains(error, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ShowBot:Roles", "ingress,worker", "scheduler, gateway")]
    [InlineData("ShowBot:Roles:0", "worker", "ingress, scheduler, gateway")]
    public async Task A_LiteDB_node_with_only_some_roles_is_refused_at_start_since_no_other_node_would_do_the_rest(string setting, string value, string leftOut)
    {
        var line = await RefusedAtStartAsync(setting, value);

        Assert.Contains($"ShowBot:Roles: leaving out {leftOut} is for a node of a PostgreSQL cluster", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_the_log_at_start_say_the_roles_of_this_node()
    {
        using var folder = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["ShowBot:Roles"] = "Worker,scheduler,GATEWAY,ingress",
            ["Logging:Console:LogLevel:ShowBot.Hosting.NodeRolesAnnouncement"] = "Information",
        };

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(folder, settings, ["/showbot status"], "chat");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("Roles of this node: ingress, worker, scheduler, gateway\n", output, StringComparison.Ordinal);
        Assert.Contains("Roles of this node: ingress, worker, scheduler, gateway", errors, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_cluster_where_no_running_node_has_worker_says_so_in_status_and_the_log_until_a_worker_runs()
    {
        using var schema = new TestPostgres.Schema();
        using var frontFolder = new TempDirectory();
        using var backFolder = new TempDirectory();
        Dictionary<string, string?> Node(string name, string roles) => new()
        {
            ["ShowBot:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:ShowBot"] = schema.ConnectionString,
            ["ShowBot:Storage:NodeName"] = name,
            ["ShowBot:Storage:NodeTimeout"] = "00:00:03",
            ["ShowBot:Roles"] = roles,
            ["Logging:Console:LogLevel:ShowBot.Hosting.ClusterRoles"] = "Information",
        };
        const string noWorker = "No running node has worker: requests are accepted, but nobody answers them until a node with it starts";

        using var front = ShowBotProcess.Start(frontFolder, Node("front", "ingress,scheduler,gateway"), "chat");
        await Eventually.TrueAsync(() => front.Errors.Contains(noWorker, StringComparison.Ordinal), "the front node to warn", TimeSpan.FromSeconds(60));
        await front.TryWriteLineAsync("/showbot status");
        await Eventually.TrueAsync(() => front.Output.Contains("Queue: ", StringComparison.Ordinal), "the status", TimeSpan.FromSeconds(30));
        Assert.Contains("Nodes running: front (ingress, scheduler, gateway)\n" + noWorker + "\n", front.Output, StringComparison.Ordinal);

        using (var back = ShowBotProcess.Start(backFolder, Node("back", "worker"), "chat"))
        {
            await Eventually.TrueAsync(() => front.Errors.Contains("A running node has worker again", StringComparison.Ordinal), "the worker seen", TimeSpan.FromSeconds(60));
            var statuses = front.Output.Occurrences("Queue: ");
            await front.TryWriteLineAsync("/showbot status");
            await Eventually.TrueAsync(() => front.Output.Occurrences("Queue: ") > statuses, "the second status", TimeSpan.FromSeconds(30));
            var second = front.Output[front.Output.LastIndexOf("Serving: ", StringComparison.Ordinal)..];
            Assert.Contains("Nodes running: back (worker); front (ingress, scheduler, gateway)\nQueue: ", second, StringComparison.Ordinal);
            Assert.DoesNotContain("No running node has", second, StringComparison.Ordinal);
            back.Kill();
        }

        // Killed, the worker stops beating; once its row is stale the front node warns again.
        await Eventually.TrueAsync(() => front.Errors.Occurrences(noWorker) == 2, "the warning again", TimeSpan.FromSeconds(60));

        // A node of a ShowBot from before roles were stored beats with none: what it runs is not known, so no role is said missing.
        TestPostgres.Scalar<int>(schema.ConnectionString, "INSERT INTO nodes (id, seen) VALUES ('old:7:0123abcd', now() + interval '1 hour') RETURNING 1");
        var before = front.Output.Occurrences("Queue: ");
        await front.TryWriteLineAsync("/showbot status");
        await Eventually.TrueAsync(() => front.Output.Occurrences("Queue: ") > before, "the third status", TimeSpan.FromSeconds(30));
        var third = front.Output[front.Output.LastIndexOf("Serving: ", StringComparison.Ordinal)..];
        Assert.Contains("Nodes running: front (ingress, scheduler, gateway); old (roles not known: an older ShowBot)\nQueue: ", third, StringComparison.Ordinal);
    }

    /// <summary>Starts <c>showbot chat</c> with <paramref name="setting"/> set; returns the one line it stopped with, exit code 2.</summary>
    private static async Task<string> RefusedAtStartAsync(string setting, string value)
    {
        using var folder = new TempDirectory();
        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(folder, new Dictionary<string, string?> { [setting] = value }, "chat");
        Assert.Equal(2, exitCode);
        return Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
