using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using ShowBot.Discord.Fakes;

using Xunit.Abstractions;

namespace ShowBot.IntegrationTests;

/// <summary>
/// Three <c>showbot run</c> processes on one PostgreSQL database behind one fake Discord, which posts interactions to
/// them through a load balancer and takes their replies by REST, as Discord does with an Interactions Endpoint URL, and
/// holds one gateway session with each: the bot's three shards, one per node.
/// </summary>
public sealed partial class ClusterTests(ITestOutputHelper output)
{
    private const int Requests = 300;
    private const int AtATime = 10;
    private static readonly string[] Shows = ["Breaking Bad", "The Office", "Dark", "Severance", "The Sopranos", "Fleabag"];

    /// <summary>What <c>RetrainJob</c> logs for each step of a run, on the node running it, and for its last.</summary>
    private const string RunStep = "Retraining: ";
    private const string LastStep = "Retraining: took ";
    private const string Admin = "700000000000000001";
    private const string Reactor = "700000000000000002";

    [SkippableFact]
    public async Task Three_nodes_answer_300_recommends_exactly_once_though_one_is_killed_then_one_retrains_and_every_node_serves_its_model()
    {
        using var schema = new TestPostgres.Schema();
        await using var discord = await FakeDiscord.StartAsync();
        discord.RecommendedShards = 3;
        string[] names = ["node-a", "node-b", "node-c"];
        var folders = names.Select(_ => new TempDirectory()).ToList();
        var nodes = names.Select((name, shard) => ShowBotProcess.Start(folders[shard], Settings(schema.ConnectionString, discord, name, shard), "run")).ToList();
        try
        {
            discord.BalancedEndpoints = await Task.WhenAll(nodes.Select(EndpointAsync));
            // The nodes take turns to identify, one per bucket every 5 s: the third session starts about 10 s in.
            await Eventually.TrueAsync(() => discord.IdentifyAttempts.Count(a => !a.Refused) == 3, "a session on each node's shard", TimeSpan.FromSeconds(60));
            await SendAsync(discord, 0, Requests / 3);
            await Eventually.TrueAsync(() => discord.OriginalEdits.Count == Requests / 3, "the first hundred answered");

            // Replies wait at Discord, so every node holds a request in flight when node B dies.
            discord.HoldReplies();
            await SendAsync(discord, Requests / 3, AtATime * 3);
            await Eventually.TrueAsync(() => InFlight(schema.ConnectionString, "node-b") > 0, "node B to hold a request", TimeSpan.FromSeconds(60));
            var killedHolding = InFlight(schema.ConnectionString, "node-b");
            nodes[1].Kill();
            await Eventually.TrueAsync(() => Recovered(nodes[0]) + Recovered(nodes[2]) > 0, "a node to take back node B's requests", TimeSpan.FromSeconds(60));
            discord.ReleaseReplies();
            await SendAsync(discord, Requests / 3 + AtATime * 3, Requests - Requests / 3 - AtATime * 3);

            await Eventually.TrueAsync(() => discord.OriginalEdits.Count >= Requests && Owed(schema.ConnectionString) == 0,
                "every request answered", TimeSpan.FromSeconds(120));
            var acknowledged = discord.EndpointResponses.GroupBy(r => r.InteractionId).ToList();
            Assert.Equal(Requests, acknowledged.Count);
            Assert.All(acknowledged, r => Assert.Equal(200, Assert.Single(r).Status));
            Assert.Equal(Requests, discord.OriginalEdits.Count);
            Assert.All(discord.OriginalEdits, edits => Assert.Equal(1, edits.Value));
            Assert.Equal(Requests, discord.Messages.Count(m => m["embeds"]?.AsArray().Count > 0));
            Assert.True(killedHolding > 0);
            output.WriteLine($"{Requests} acknowledged, {discord.OriginalEdits.Count} answered once each; node B killed holding {killedHolding} in flight, " +
                $"{Recovered(nodes[0]) + Recovered(nodes[2])} taken back; the balancer sent {discord.BalancerRetries} again after a failed connection; " +
                $"answered by node: {string.Join(", ", TestPostgres.Strings(schema.ConnectionString, "SELECT node || ' ' || count(*) FROM (SELECT split_part(claimed_by, ':', 1) AS node FROM requests) AS answered GROUP BY node ORDER BY node"))}");

            // Enough likes to train only now: the schedule (every 5 s on every node) trains once, on one node.
            RetrainScheduleTests.SeedRatingsOnPostgres(schema.ConnectionString, 100);
            await Eventually.TrueAsync(() => TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM model_versions WHERE version = 'v1'") == 1,
                "the scheduled run's v1", TimeSpan.FromSeconds(90));
            var deployed = Stopwatch.StartNew();
            await Eventually.TrueAsync(() => (nodes[0].Errors + nodes[2].Errors).Contains(LastStep, StringComparison.Ordinal));
            Assert.True(nodes[0].Errors.Contains(RunStep, StringComparison.Ordinal) ^ nodes[2].Errors.Contains(RunStep, StringComparison.Ordinal));
            var endpoints = discord.BalancedEndpoints;
            await ServesAsync(discord, endpoints[0], "Serving: v1 (");
            await ServesAsync(discord, endpoints[2], "Serving: v1 (");
            var seen = deployed.Elapsed;
            nodes[1].Dispose();
            nodes[1] = ShowBotProcess.Start(folders[1], Settings(schema.ConnectionString, discord, "node-b", shard: 1), "run");
            await ServesAsync(discord, await EndpointAsync(nodes[1]), "Serving: v1 (");
            Assert.Equal(1, TestPostgres.Scalar<long>(schema.ConnectionString, "SELECT count(*) FROM model_versions"));

            // Node B's shard is back: a reaction in a server on that shard reaches it and is stored.
            await Eventually.TrueAsync(() => discord.IdentifyAttempts.Count(a => a is { ShardId: 1, Refused: false }) == 2, "node B's shard identified again");
            var list = discord.Messages.First(m => m["embeds"]?.AsArray().Count > 0);
            await discord.SendReactionAsync(list["id"]!.GetValue<string>(), "1️⃣", Reactor, guildId: FakeDiscord.GuildOnShard(1, 3));
            await Eventually.TrueAsync(() => TestPostgres.Scalar<long>(schema.ConnectionString, $"SELECT count(*) FROM ratings WHERE user_key LIKE '%{Reactor}'") == 1,
                "the reaction's like stored");
            // Each node identified its own shard, taking turns through the database: Discord never had to refuse one.
            Assert.Equal([0, 1, 1, 2], discord.IdentifyAttempts.Select(a => a.ShardId).Order());
            Assert.All(discord.IdentifyAttempts, a => Assert.Equal((3, false), (a.ShardCount, a.Refused)));
            output.WriteLine($"v1 trained on {(nodes[0].Errors.Contains(RunStep, StringComparison.Ordinal) ? "node A" : "node C")}, served by A and C {seen.TotalSeconds:0.0} s after it was stored, and by node B started again");
        }
        finally
        {
            foreach (var node in nodes)
            {
                output.WriteLine(node.Errors);
                node.Dispose();
            }

            folders.ForEach(folder => folder.Dispose());
        }
    }

    private static Dictionary<string, string?> Settings(string connectionString, FakeDiscord discord, string node, int shard) => new()
    {
        ["ShowBot:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:ShowBot"] = connectionString,
        ["ShowBot:Storage:NodeName"] = node,
        ["ShowBot:Storage:NodeTimeout"] = "00:00:03",
        ["ShowBot:Worker:Parallelism"] = "1",
        ["ShowBot:Discord:Token"] = FakeDiscord.Token,
        ["ShowBot:Discord:ApiBaseUrl"] = discord.ApiBase.ToString(),
        ["ShowBot:Discord:Interactions"] = "Http",
        ["ShowBot:Discord:PublicKey"] = discord.PublicKey,
        ["ShowBot:Discord:HttpUrl"] = "http://127.0.0.1:0/discord/interactions",
        ["ShowBot:Discord:ShardCount"] = "3",
        ["ShowBot:Discord:Shards"] = shard.ToString(CultureInfo.InvariantCulture),
        ["ShowBot:Discord:AdminUserIds:0"] = Admin,
        ["ShowBot:Retraining:Cron"] = "0/5 * * * * ?",
        // More than the 300 likes the /recommend above store: the runs skip until the likes seeded after them.
        ["ShowBot:Retraining:MinLikes"] = "600",
        ["ShowBot:Retraining:Candidates:0"] = "item-knn",
        ["Logging:Console:LogLevel:ShowBot.Scheduling.RetrainJob"] = "Information",
    };

    /// <summary>Asks the node at <paramref name="endpoint"/> for /showbot status until its answer says <paramref name="serving"/>.</summary>
    private static async Task ServesAsync(FakeDiscord discord, Uri endpoint, string serving)
    {
        discord.BalancedEndpoints = [endpoint];
        var status = new JsonObject { ["name"] = "status", ["type"] = 1 };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string answer;
        do
        {
            var (_, token, _) = await discord.SendCommandAsync("showbot", [status.DeepClone()], userId: Admin, permissions: "32");
            answer = (await discord.LastAsync("PATCH", token, 1)).Body;
        }
        while (!answer.Contains(serving, StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains(serving, answer, StringComparison.Ordinal);
    }

    /// <summary>The node's interactions endpoint, once it listens (it logs the port it was given).</summary>
    private static async Task<Uri> EndpointAsync(ShowBotProcess node)
    {
        var match = await Eventually.ValueAsync(
            () => Listening().Match(node.Output + node.Errors) is { Success: true } found ? found : null,
            "the node's interactions endpoint", TimeSpan.FromSeconds(60));
        return new Uri(match.Groups[1].Value);
    }

    /// <summary><paramref name="count"/> /recommend from new people, <see cref="AtATime"/> at a time, each sent once the last one was acknowledged.</summary>
    private static async Task SendAsync(FakeDiscord discord, int first, int count)
    {
        var next = first - 1;
        async Task PersonAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < first + count; i = Interlocked.Increment(ref next))
            {
                var user = (810000000000000000L + i).ToString(CultureInfo.InvariantCulture);
                var show = new JsonObject { ["name"] = "show", ["type"] = 3, ["value"] = Shows[i % Shows.Length] };
                await discord.SendCommandAsync("recommend", [show], userId: user);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, AtATime).Select(_ => Task.Run(PersonAsync)));
    }

    private static long InFlight(string connectionString, string node) =>
        TestPostgres.Scalar<long>(connectionString, $"SELECT count(*) FROM requests WHERE state = 'InFlight' AND claimed_by LIKE '{node}:%'");

    private static long Owed(string connectionString) =>
        TestPostgres.Scalar<long>(connectionString, "SELECT count(*) FROM requests WHERE state NOT IN ('Answered', 'Failed')");

    private static int Recovered(ShowBotProcess node) =>
        RecoveredLine().Matches(node.Output + node.Errors).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"Discord interactions endpoint listening at (\S+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"Answering (\d+) requests that a node which stopped left in flight")]
    private static partial Regex RecoveredLine();
}
