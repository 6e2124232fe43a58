using Npgsql;

namespace ShowBot.IntegrationTests;

/// <summary>ShowBot nodes on one PostgreSQL database are one Quartz cluster: a retraining run fires on one node of it.</summary>
public class QuartzClusterTests
{
    /// <summary>
    /// What <c>RetrainJob</c> logs (Information, to standard error) for each step of a run, on the node running it; a
    /// scheduled run that finds too few new ratings skips before its first step and logs none.
    /// </summary>
    private const string RunStep = "Retraining: ";

    /// <summary>The run's last step: where its time went.</summary>
    private const string LastStep = "Retraining: took ";

    private static Dictionary<string, string?> Settings(string connectionString, string node) => new()
    {
        ["ShowBot:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:ShowBot"] = connectionString,
        ["ShowBot:Storage:NodeName"] = node,
        ["ShowBot:Console:UserName"] = node,
        ["ShowBot:Retraining:MinLikes"] = "100",
        ["ShowBot:Retraining:MinNewRatings"] = "10",
        ["ShowBot:Retraining:Candidates:0"] = "item-knn",
        // The console chat shows only warnings from ShowBot; a node's run steps are what tell which node ran.
        ["Logging:Console:LogLevel:ShowBot.Scheduling.RetrainJob"] = "Information",
    };

    [SkippableFact]
    public async Task A_scheduled_retrain_fires_once_across_the_cluster()
    {
        using var schema = new TestPostgres.Schema();
        using var folderA = new TempDirectory();
        using var folderB = new TempDirectory();
        RetrainScheduleTests.SeedRatingsOnPostgres(schema.ConnectionString, 100, "u");
        await TrainV1Async(schema.ConnectionString, folderA);
        // Every five seconds on both nodes; until the new likes below exist, each run finds nothing new and skips.
        const string cron = "0/5 * * * * ?";

        using var nodeA = ShowBotProcess.Start(folderA, Settings(schema.ConnectionString, "node-a").With("ShowBot:Retraining:Cron", cron), "chat");
        using var nodeB = ShowBotProcess.Start(folderB, Settings(schema.ConnectionString, "node-b").With("ShowBot:Retraining:Cron", cron), "chat");
        await Eventually.TrueAsync(() => CheckedIn(schema.ConnectionString) == 2,
            "both nodes to check in to one cluster", TimeSpan.FromSeconds(120));
        // Only now, with both nodes in the cluster, is there something to train on: the next fire trains, on one node.
        RetrainScheduleTests.SeedRatingsOnPostgres(schema.ConnectionString, 20, "night");
        await Eventually.TrueAsync(() => TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM model_versions WHERE version = 'v2'") == 1,
            "the scheduled run's v2", TimeSpan.FromSeconds(60));
        // The node that ran it has logged its last step; one that fired beside it would have logged its first by now.
        await Eventually.TrueAsync(() => (nodeA.Errors + nodeB.Errors).Contains(LastStep, StringComparison.Ordinal));
        Assert.True(nodeA.Errors.Contains(RunStep, StringComparison.Ordinal) ^ nodeB.Errors.Contains(RunStep, StringComparison.Ordinal),
            $"node A:\n{nodeA.Errors}\nnode B:\n{nodeB.Errors}");
        Assert.Equal(2, TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM model_versions"));
    }

    [SkippableFact]
    public async Task A_node_without_the_scheduler_role_never_runs_the_job_and_a_forced_retrain_asked_there_runs_forced_on_a_node_with_it()
    {
        using var schema = new TestPostgres.Schema();
        using var folderN = new TempDirectory();
        using var folderT = new TempDirectory();
        RetrainScheduleTests.SeedRatingsOnPostgres(schema.ConnectionString, 100, "u");
        var small = Settings(schema.ConnectionString, "small")
            .With("ShowBot:Roles", "ingress,worker,gateway")
            .With("Logging:Console:LogLevel:ShowBot.Hosting.NodeRolesAnnouncement", "Information");

        using var smallNode = ShowBotProcess.Start(folderN, small, "chat");
        await smallNode.TryWriteLineAsync("/showbot status");
        await Eventually.TrueAsync(() => smallNode.Output.Contains("Serving: ", StringComparison.Ordinal), patience: TimeSpan.FromSeconds(60));
        Assert.Contains("Roles of this node: ingress, worker, gateway", smallNode.Output, StringComparison.Ordinal);
        Assert.Contains("Roles of this node: ingress, worker, gateway; other nodes run scheduler", smallNode.Errors, StringComparison.Ordinal);
        // No model exists, yet the node that does not train stored no catch-up run: only the schedule is there.
        Assert.Equal(["retrain-schedule"], TestPostgres.Strings(schema.ConnectionString, "SELECT trigger_name FROM qrtz_triggers"));

        await TrainV1Async(schema.ConnectionString, folderT);
        await smallNode.TryWriteLineAsync("/showbot retrain force");
        await Eventually.TrueAsync(() => smallNode.Output.Contains("This node does not train, so another node runs it", StringComparison.Ordinal));
        Assert.Equal(2, TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM qrtz_triggers"));

        // Nothing changed since v1: only a run that read "force" back from the store as true trains v2.
        using var trainer = ShowBotProcess.Start(folderT, Settings(schema.ConnectionString, "trainer"), "chat");
        await Eventually.TrueAsync(() => TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM model_versions WHERE version = 'v2'") == 1,
            "the forced run's v2", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => trainer.Errors.Contains(LastStep, StringComparison.Ordinal));
        Assert.Contains(RunStep, trainer.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(RunStep, smallNode.Errors, StringComparison.Ordinal);
        // The admin's one-shot trigger is gone once its run completed: it ran once.
        await Eventually.TrueAsync(() => TestPostgres.Strings(schema.ConnectionString, "SELECT trigger_name FROM qrtz_triggers") is ["retrain-schedule"]);
    }

    [SkippableFact]
    public async Task A_run_whose_node_is_killed_mid_way_is_run_again_on_another_node()
    {
        using var schema = new TestPostgres.Schema();
        using var folderA = new TempDirectory();
        using var folderB = new TempDirectory();
        RetrainScheduleTests.SeedRatingsOnPostgres(schema.ConnectionString, 100, "u");
        await TrainV1Async(schema.ConnectionString, folderA);
        // A model is deployed and no night was missed (the schedule's first fire is decades away), so neither node runs
        // a catch-up that could take the job first. A node silent for 3 s is dead to the cluster, rather than after 15.
        Dictionary<string, string?> Node(string name) => Settings(schema.ConnectionString, name)
            .With("ShowBot:Storage:NodeTimeout", "00:00:03")
            .With("ShowBot:Retraining:Cron", "0 0 0 1 1 ? 2099");
        using var nodeA = ShowBotProcess.Start(folderA, Node("node-a"), "chat");
        using var nodeB = ShowBotProcess.Start(folderB, Node("node-b"), "chat");
        await Eventually.TrueAsync(() => CheckedIn(schema.ConnectionString) == 2, "both nodes to check in to one cluster", TimeSpan.FromSeconds(120));
        Assert.Equal(["retrain-schedule"], TestPostgres.Strings(schema.ConnectionString, "SELECT trigger_name FROM qrtz_triggers"));

        // With the ratings locked, the run asked on node A's console (and so pinned to node A) waits at its first read of them.
        await using var holder = new NpgsqlConnection(schema.ConnectionString);
        await holder.OpenAsync();
        await using var locked = await holder.BeginTransactionAsync();
        await using (var lockRatings = new NpgsqlCommand("LOCK TABLE ratings, rating_changes IN ACCESS EXCLUSIVE MODE", holder, locked))
        {
            await lockRatings.ExecuteNonQueryAsync();
        }

        await nodeA.TryWriteLineAsync("/showbot retrain force");
        await Eventually.TrueAsync(
            () => TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM qrtz_fired_triggers WHERE state = 'EXECUTING' AND instance_name LIKE 'node-a%'") == 1,
            "node A to run the job", TimeSpan.FromSeconds(60));
        nodeA.Kill();
        await locked.RollbackAsync();

        await Eventually.TrueAsync(() => TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM model_versions WHERE version = 'v2'") == 1,
            "the run's v2, trained on node B", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => nodeB.Errors.Contains("Retraining asked on the console of node-a", StringComparison.Ordinal), nodeB.Errors);
        Assert.Contains(LastStep, nodeB.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(RunStep, nodeA.Errors, StringComparison.Ordinal);
    }

    /// <summary>An admin's <c>showbot train</c> on the seeded ratings, which deploys v1.</summary>
    private static async Task TrainV1Async(string connectionString, TempDirectory folder)
    {
        var (exitCode, trained, errors) = await ShowBotProcess.RunAsync(folder, Settings(connectionString, "admin"), "train");
        Assert.True(exitCode == 0, errors);
        Assert.Contains("Deployed v1 (item-knn", trained, StringComparison.Ordinal);
    }

    /// <summary>The nodes checked in to the cluster; none before the first node has created Quartz's tables.</summary>
    private static long CheckedIn(string connectionString) => TestPostgres.CountOrNone(connectionString, "qrtz_scheduler_state");
}

internal static class SettingsExtensions
{
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string value)
    {
        settings[key] = value;
        return settings;
    }
}
