using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

using ShowBot.Discord.Fakes;
using ShowBot.TestSupport;

using static ShowBot.Benchmarks.Measure;

namespace ShowBot.Benchmarks;

/// <summary>
/// End-to-end load (issue 13, goal 5): the real bot, started as <c>showbot run</c> in a process of its own, against the
/// fake Discord the tests use. C virtual users each send a /recommend INTERACTION_CREATE through the gateway and wait
/// for its list before sending the next, each request from a new user; per request it times the deferred response
/// (type 5 callback POST) and the reply (PATCH of @original) as the fake receives them. Scenarios: the knowledge
/// model and a trained EASE model, 1 and 2 worker lanes, EASE while retraining runs back to back, and the console chat
/// (<c>showbot chat</c>, a line in, the list out, one at a time as the chat reads them).
/// The bot runs in its own process so that its working set, GC and thread pool are its own, as in production; the
/// fake and the virtual users share the machine's cores with it, as Discord's network stack would not.
/// </summary>
internal static class LoadBenchmark
{
    private const string AdminUserId = "700000000000000001";

    /// <summary>What the Discord interactions endpoint logs once it listens, followed by its address.</summary>
    private const string EndpointListening = "Discord interactions endpoint listening at";
    private static readonly TimeSpan ReplyPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A way to run the bot. <paramref name="Nodes"/> above 0: that many <c>showbot run</c> processes with Discord's
    /// interactions over HTTP, the fake balancing them over the nodes, on one PostgreSQL database when
    /// <paramref name="Postgres"/> (else each node on its own LiteDB file: one node only).
    /// </summary>
    /// <summary>One way of driving the bot; <c>RestLatency</c> (ms) is how long the fake Discord takes to answer each REST request, as across the internet.</summary>
    private sealed record Scenario(string Name, bool Ease, int Lanes, bool Retrain = false, bool Console = false, int Nodes = 0, bool Postgres = false, int RestLatency = 0);

    private sealed record Row(string Build, string Scenario, int Requests, int Lists, TimeSpan Elapsed, double[] AckMs, double[] ReplyMs, double PeakMegabytes, string Note)
    {
        public double Throughput => Requests / Elapsed.TotalSeconds;

        /// <summary>
        /// The CPU the bot, and this process (the fake Discord and the virtual users, or the console's reader), used per
        /// request answered while measured: on a machine whose cores other work shares, these move far less than the
        /// throughput does.
        /// </summary>
        public (double Bot, double Driver) CpuMs { get; init; }

        /// <summary>The CPU the PostgreSQL server's processes used per request answered while measured; zero on LiteDB.</summary>
        public double DatabaseCpuMs { get; init; }

        /// <summary>What the bot wrote per request answered while measured, in KB: the database's journal and data file, and its sockets.</summary>
        public double WrittenKb { get; init; }
    }

    /// <summary>
    /// The CPU used by the bot's processes, by this process and by the PostgreSQL server, and what the bot wrote, from
    /// now until <see cref="Per"/>.
    /// </summary>
    private sealed class CpuSpent(IReadOnlyList<BotProcess> bots)
    {
        private readonly TimeSpan botAtStart = Sum(bots, b => b.ProcessorTime);
        private readonly TimeSpan ownAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly TimeSpan databaseAtStart = PostgresServerTime();
        private readonly long writtenAtStart = bots.Sum(b => b.WrittenBytes);

        public CpuSpent(BotProcess bot)
            : this([bot])
        {
        }

        public Func<Row, Row> Per(int requests)
        {
            var per = Math.Max(requests, 1);
            var cpu = ((Sum(bots, b => b.ProcessorTime) - botAtStart).TotalMilliseconds / per,
                (Process.GetCurrentProcess().TotalProcessorTime - ownAtStart).TotalMilliseconds / per);
            var database = (PostgresServerTime() - databaseAtStart).TotalMilliseconds / per;
            var written = (bots.Sum(b => b.WrittenBytes) - writtenAtStart) / 1024.0 / per;
            return row => row with { CpuMs = cpu, DatabaseCpuMs = database, WrittenKb = written };
        }

        private static TimeSpan Sum(IEnumerable<BotProcess> bots, Func<BotProcess, TimeSpan> time) => bots.Aggregate(TimeSpan.Zero, (sum, bot) => sum + time(bot));

        /// <summary>The CPU every <c>postgres</c> process on this machine has used (utime + stime in <c>/proc/&lt;pid&gt;/stat</c>); zero without any.</summary>
        private static TimeSpan PostgresServerTime()
        {
            const double ticksPerSecond = 100; // USER_HZ, 100 on Linux
            var ticks = 0L;
            foreach (var stat in Directory.EnumerateDirectories("/proc").Select(dir => Path.Combine(dir, "stat")))
            {
                try
                {
                    var text = File.ReadAllText(stat);
                    var open = text.IndexOf('(', StringComparison.Ordinal);
                    var close = text.LastIndexOf(')');
                    if (open < 0 || close < 0 || !text[(open + 1)..close].StartsWith("postgres", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // After the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime.
                    var fields = text[(close + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A process that ended while read.
                }
            }

            return TimeSpan.FromSeconds(ticks / ticksPerSecond);
        }
    }

    private sealed class Timing
    {
        public long SentAt { get; set; }

        public long AckAt { get; set; }

        public long ReplyAt { get; set; }

        public bool IsList { get; set; }

        public TaskCompletionSource Replied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var requests = Number(args, "--requests", 6000);
        var concurrency = Number(args, "--concurrency", 64);
        // A bot runs for days: fewer requests than this first leave the tiered JIT's work in the figures (after 5,000 at
        // 16 lanes, the JIT and tiered PGO's instrumented code still took about a quarter of the bot's CPU).
        var warmup = Number(args, "--warmup", 20000);
        var consoleRequests = Number(args, "--console-requests", 500);
        var easeUsers = Number(args, "--ease-users", 8000);
        var rounds = Number(args, "--rounds", 1);
        var only = Option(args, "--only");
        var dll = ShowBotDll();
        // --baseline: another build (e.g. main's, copied aside) run before this one in every scenario and round, so
        // the two are compared on the same busy machine minutes apart rather than on different days.
        var builds = Option(args, "--baseline") is { } baseline
            ? new[] { ("baseline", Path.GetFullPath(baseline)), ("this", dll) }
            : [("this", dll)];
        if (builds.FirstOrDefault(b => !File.Exists(b.Item2)) is { Item2: { } missing })
        {
            Console.Error.WriteLine($"showbot.dll not found at {missing}: build src/ShowBot in this configuration, or set SHOWBOT_DLL");
            return 1;
        }

        Scenario[] scenarios =
        [
            new("knowledge, 1 lane", Ease: false, Lanes: 1),
            new("knowledge, 2 lanes", Ease: false, Lanes: 2),
            new("knowledge, 16 lanes", Ease: false, Lanes: 16),
            new("knowledge, 2 lanes, REST 50 ms", Ease: false, Lanes: 2, RestLatency: 50),
            new("knowledge, 16 lanes, REST 50 ms", Ease: false, Lanes: 16, RestLatency: 50),
            new("knowledge, 64 lanes, REST 50 ms", Ease: false, Lanes: 64, RestLatency: 50),
            new("EASE, 1 lane", Ease: true, Lanes: 1),
            new("EASE, 2 lanes", Ease: true, Lanes: 2),
            new("EASE, 16 lanes", Ease: true, Lanes: 16),
            new("EASE, 1 lane, retraining", Ease: true, Lanes: 1, Retrain: true),
            new("EASE, 2 lanes, retraining", Ease: true, Lanes: 2, Retrain: true),
            new("EASE, 16 lanes, retraining", Ease: true, Lanes: 16, Retrain: true),
            new("console, knowledge", Ease: false, Lanes: 2, Console: true),
            new("console, EASE", Ease: true, Lanes: 2, Console: true),
            new("HTTP, LiteDB, 1 node", Ease: false, Lanes: 2, Nodes: 1),
            new("HTTP, PostgreSQL, 1 node", Ease: false, Lanes: 2, Nodes: 1, Postgres: true),
            new("HTTP, PostgreSQL, 2 nodes", Ease: false, Lanes: 2, Nodes: 2, Postgres: true),
            new("HTTP, PostgreSQL, 3 nodes", Ease: false, Lanes: 2, Nodes: 3, Postgres: true),
        ];
        // --only picks the scenarios whose name contains it, or, starting with "=", the one named so.
        var chosen = scenarios.Where(s => only is null || (only.StartsWith('=') ? s.Name.Equals(only[1..], StringComparison.OrdinalIgnoreCase) : s.Name.Contains(only, StringComparison.OrdinalIgnoreCase))).ToList();
        if (chosen.RemoveAll(s => s.Postgres && TestPostgres.ConnectionString is null) > 0)
        {
            Console.WriteLine($"The PostgreSQL scenarios need a server: run under `bash .ci/with-postgres.sh`, or set {TestPostgres.Variable}.");
        }
        var root = Directory.CreateTempSubdirectory("showbot-load-");
        try
        {
            Console.WriteLine($"showbot {dll}; {Environment.ProcessorCount} cores; {requests:N0} requests per scenario after {warmup:N0} to warm up, {concurrency} at a time; console {consoleRequests:N0}, one at a time");
            var texts = LoadWorkload.Requests(requests + warmup);
            var easeDatabase = chosen.Any(s => s.Ease) ? await TrainEaseAsync(dll, root.FullName, easeUsers) : null;
            var rows = new List<Row>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (scenario, (build, buildDll)) in chosen.SelectMany(s => builds.Select(b => (s, b))))
                {
                    var folder = Directory.CreateDirectory(Path.Combine(root.FullName, $"run-{rows.Count}")).FullName;
                    var database = Path.Combine(folder, "showbot.db");
                    if (scenario.Ease)
                    {
                        File.Copy(easeDatabase!, database);
                    }

                    var row = scenario.Console
                        ? await RunConsoleAsync(scenario, buildDll, database, texts, Math.Min(warmup, consoleRequests), consoleRequests)
                        : scenario.RestLatency > 0
                            // Two lanes waiting 50 ms a reply answer about 40 a second: fewer requests keep the run short.
                            ? await RunDiscordAsync(scenario, buildDll, database, texts, Math.Min(warmup, 500), Math.Min(requests, 1500), concurrency)
                            : await RunDiscordAsync(scenario, buildDll, database, texts, warmup, requests, concurrency);
                    rows.Add(row with { Build = build });
                    PrintRows([rows[^1]], header: rows.Count == 1);
                }
            }

            Console.WriteLine();
            PrintRows(rows, header: true);
            if (builds.Length == 2)
            {
                PrintRatios(rows);
            }

            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string ShowBotDll()
    {
        if (Environment.GetEnvironmentVariable("SHOWBOT_DLL") is { Length: > 0 } given)
        {
            return Path.GetFullPath(given);
        }

        // The bot built in this benchmark's own configuration (Release/net10.0) beside it in the repository.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(FindRepository(), "src", "ShowBot", "bin", output.Parent!.Name, output.Name, "showbot.dll");
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShowBot.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    /// <summary>The bot's settings; EASE the only algorithm trained (the default list adds iALS, and an index set here replaces only its own entry).</summary>
    private static Dictionary<string, string> Settings(string database, int lanes) => new()
    {
        ["ShowBot__Storage__DatabasePath"] = database,
        ["ShowBot__Worker__Parallelism"] = lanes.ToString(CultureInfo.InvariantCulture),
        ["ShowBot__Retraining__Candidates__0"] = "ease",
        ["ShowBot__Retraining__Candidates__1"] = "ease",
    };

    /// <summary>A database with a generated rating set imported and an EASE model trained on it, as an operator would make one.</summary>
    private static async Task<string> TrainEaseAsync(string dll, string root, int users)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "ease")).FullName;
        var ratings = Path.Combine(folder, "ratings.csv");
        LoadWorkload.WriteRatings(ratings, users);
        var database = Path.Combine(folder, "showbot.db");
        var settings = Settings(database, lanes: 2);
        var started = Stopwatch.GetTimestamp();
        var imported = await BotProcess.RunVerbAsync(dll, ["import", "ratings", ratings], settings);
        var trained = await BotProcess.RunVerbAsync(dll, ["train"], settings);
        Console.WriteLine($"EASE model: {users:N0} generated people; {LastLine(imported)}; {LastLine(trained)} ({Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s to import and train)");
        return database;
    }

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static async Task<Row> RunDiscordAsync(Scenario scenario, string dll, string database, IReadOnlyList<string> texts, int warmup, int requests, int concurrency)
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.RestLatency = TimeSpan.FromMilliseconds(scenario.RestLatency);
        var timings = new ConcurrentDictionary<string, Timing>(StringComparer.Ordinal);
        var followUps = new ConcurrentDictionary<string, TaskCompletionSource<string>>(StringComparer.Ordinal);
        discord.OnRequest = request => Record(request, timings, followUps);
        var schema = scenario.Postgres ? "bench_" + Guid.NewGuid().ToString("N") : null;
        var bots = new List<BotProcess>();
        try
        {
            var connectionString = schema is null ? null : TestPostgres.CreateSchema(schema);
            for (var node = 0; node < Math.Max(scenario.Nodes, 1); node++)
            {
                bots.Add(BotProcess.Start(dll, ["run"], DiscordSettings(scenario, database, discord, connectionString, node)));
                bots[^1].Input.Close();
            }

            if (scenario.Nodes > 0)
            {
                discord.BalancedEndpoints = await Task.WhenAll(bots.Select(async bot =>
                {
                    var line = await bot.ErrorLineAsync(EndpointListening).WaitAsync(TimeSpan.FromMinutes(2));
                    return new Uri(line[(line.IndexOf(EndpointListening, StringComparison.Ordinal) + EndpointListening.Length)..].Trim());
                }));
            }

            var patience = Stopwatch.StartNew();
            while (discord.RequestsTo("PUT", "/commands").Count() < bots.Count)
            {
                if (bots.Any(b => b.HasExited) || patience.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new InvalidOperationException($"the bot did not register its commands: {string.Join('\n', bots.Select(b => b.ErrorTail))}");
                }

                await Task.Delay(20);
            }

            var acknowledgedByResponse = scenario.Nodes > 0;
            _ = await DriveAsync(discord, timings, texts, 0, warmup, concurrency, acknowledgedByResponse);
            using var stopRetraining = new CancellationTokenSource();
            var retrainStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var retraining = scenario.Retrain
                ? RetrainContinuouslyAsync(discord, timings, followUps, retrainStarted, stopRetraining.Token)
                : Task.FromResult("");
            if (scenario.Retrain)
            {
                await retrainStarted.Task.WaitAsync(ReplyPatience);
            }

            var spent = new CpuSpent(bots);
            var (measured, elapsed) = await DriveAsync(discord, timings, texts, warmup, requests, concurrency, acknowledgedByResponse);
            var spentPerRequest = spent.Per(measured.Count);
            await stopRetraining.CancelAsync();
            var note = await retraining;
            var peak = bots.Max(b => b.PeakWorkingSetMegabytes());
            await Task.WhenAll(bots.Select(b => b.StopAsync()));
            return spentPerRequest(ToRow(scenario.Name, measured, elapsed, peak, note));
        }
        finally
        {
            bots.ForEach(b => b.Dispose());
            if (schema is not null)
            {
                TestPostgres.DropSchema(schema);
            }
        }
    }

    /// <summary>A node's settings: the fake Discord's gateway, or its interactions over HTTP on a port of the node's own, and PostgreSQL when given.</summary>
    private static Dictionary<string, string> DiscordSettings(Scenario scenario, string database, FakeDiscord discord, string? connectionString, int node)
    {
        var settings = Settings(database, scenario.Lanes);
        settings["ShowBot__Discord__Token"] = FakeDiscord.Token;
        settings["ShowBot__Discord__ApiBaseUrl"] = discord.ApiBase.ToString();
        settings["ShowBot__Discord__AdminUserIds__0"] = AdminUserId;
        if (scenario.Nodes > 0)
        {
            settings["ShowBot__Discord__Interactions"] = "Http";
            settings["ShowBot__Discord__PublicKey"] = discord.PublicKey;
            settings["ShowBot__Discord__HttpUrl"] = "http://127.0.0.1:0/discord/interactions";
        }

        if (connectionString is not null)
        {
            settings["ShowBot__Storage__Provider"] = "Postgres";
            settings["ConnectionStrings__ShowBot"] = connectionString;
            settings["ShowBot__Storage__NodeName"] = $"bench-{node}";
        }

        return settings;
    }

    /// <summary>Notes when each interaction was acknowledged and answered, and the follow-ups (a retraining's outcome).</summary>
    private static void Record(RecordedRequest request, ConcurrentDictionary<string, Timing> timings, ConcurrentDictionary<string, TaskCompletionSource<string>> followUps)
    {
        var segments = request.Path.Split('/');
        if (request.Method == "POST" && segments[^1] == "callback")
        {
            timings.GetOrAdd(segments[^3], _ => new Timing()).AckAt = request.At;
        }
        else if (request.Method == "PATCH" && segments[^1] == "@original")
        {
            var timing = timings.GetOrAdd(segments[^3]["interaction-token-".Length..], _ => new Timing());
            timing.ReplyAt = request.At;
            timing.IsList = request.Body.Contains("\"embeds\"", StringComparison.Ordinal);
            timing.Replied.TrySetResult();
        }
        else if (request.Method == "POST" && segments.Length > 3 && segments[^3] == "webhooks")
        {
            followUps.GetOrAdd(segments[^1], _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(request.Body);
        }
    }

    /// <summary>C virtual users, each sending its next request once its last one is answered, until <paramref name="count"/> are sent.</summary>
    /// <remarks>
    /// Over the gateway the deferred response is the bot's callback POST; over HTTP (<paramref name="acknowledgedByResponse"/>)
    /// it is the endpoint's response to the interaction.
    /// </remarks>
    private static async Task<(List<Timing> Timings, TimeSpan Elapsed)> DriveAsync(FakeDiscord discord, ConcurrentDictionary<string, Timing> timings, IReadOnlyList<string> texts, int first, int count, int concurrency, bool acknowledgedByResponse)
    {
        var next = first - 1;
        var sent = new ConcurrentBag<Timing>();
        async Task UserAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < first + count; i = Interlocked.Increment(ref next))
            {
                var user = (810000000000000000L + i).ToString(CultureInfo.InvariantCulture);
                var show = new JsonObject { ["name"] = "show", ["type"] = 3, ["value"] = texts[i % texts.Count] };
                var (id, _, sentAt) = await discord.SendCommandAsync("recommend", [show], userId: user);
                var timing = timings.GetOrAdd(id, _ => new Timing());
                timing.SentAt = sentAt;
                if (acknowledgedByResponse)
                {
                    // The fake has just read the endpoint's response.
                    timing.AckAt = Stopwatch.GetTimestamp();
                }
                sent.Add(timing);
                try
                {
                    await timing.Replied.Task.WaitAsync(ReplyPatience);
                }
                catch (TimeoutException)
                {
                    // Counted as unanswered; the user goes on.
                }
            }
        }

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(UserAsync)));
        return ([.. sent], Stopwatch.GetElapsedTime(started));
    }

    /// <summary>An admin's forced /showbot retrain, again as soon as each run's outcome is in, until stopped; says how many ran and how long.</summary>
    private static async Task<string> RetrainContinuouslyAsync(FakeDiscord discord, ConcurrentDictionary<string, Timing> timings, ConcurrentDictionary<string, TaskCompletionSource<string>> followUps, TaskCompletionSource started, CancellationToken stop)
    {
        var runs = new List<(TimeSpan Took, string Outcome)>();
        var retrain = new JsonObject
        {
            ["name"] = "retrain",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "force", ["type"] = 5, ["value"] = true }),
        };
        while (!stop.IsCancellationRequested)
        {
            var began = Stopwatch.GetTimestamp();
            var (id, token, _) = await discord.SendCommandAsync("showbot", [retrain.DeepClone()], userId: AdminUserId, permissions: "32");
            await timings.GetOrAdd(id, _ => new Timing()).Replied.Task.WaitAsync(ReplyPatience, CancellationToken.None);
            started.TrySetResult();
            var outcome = followUps.GetOrAdd(token, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                var body = await outcome.Task.WaitAsync(stop);
                using var json = JsonDocument.Parse(body);
                runs.Add((Stopwatch.GetElapsedTime(began), json.RootElement.GetProperty("content").GetString()!.Split('\n')[0]));
            }
            catch (OperationCanceledException)
            {
                runs.Add((Stopwatch.GetElapsedTime(began), "still running at the end"));
            }
        }

        return $"{runs.Count} retraining run(s) overlapped: {string.Join("; ", runs.Select(r => $"{r.Took.TotalSeconds:N1} s {Shorten(r.Outcome)}"))}";
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The console chat: each line written when the last one's list is printed, as the chat reads them.</summary>
    private static async Task<Row> RunConsoleAsync(Scenario scenario, string dll, string database, IReadOnlyList<string> texts, int warmup, int requests)
    {
        using var bot = BotProcess.Start(dll, ["chat"], Settings(database, scenario.Lanes));
        var lines = Channel.CreateUnbounded<(string Line, long At)>();
        var reading = Task.Run(async () =>
        {
            while (await bot.Output.ReadLineAsync() is { } line)
            {
                lines.Writer.TryWrite((line, Stopwatch.GetTimestamp()));
            }

            lines.Writer.Complete();
        });

        async Task<Timing> AskAsync(string text)
        {
            var timing = new Timing { SentAt = Stopwatch.GetTimestamp() };
            await bot.Input.WriteLineAsync("/recommend " + text);
            await bot.Input.FlushAsync();
            while (true)
            {
                var (line, at) = await lines.Reader.ReadAsync().AsTask().WaitAsync(ReplyPatience);
                timing.AckAt = timing.AckAt == 0 ? at : timing.AckAt;
                if (line.StartsWith("[#", StringComparison.Ordinal))
                {
                    (timing.ReplyAt, timing.IsList) = (at, true);
                }

                // A list ends with how to react to it; anything else the chat answers is one line.
                if (line.StartsWith("  Like one with /react", StringComparison.Ordinal) || line.StartsWith("I have nothing", StringComparison.Ordinal))
                {
                    timing.ReplyAt = timing.ReplyAt == 0 ? at : timing.ReplyAt;
                    return timing;
                }
            }
        }

        for (var i = 0; i < warmup; i++)
        {
            _ = await AskAsync(texts[i]);
        }

        var measured = new List<Timing>();
        var spent = new CpuSpent(bot);
        var started = Stopwatch.GetTimestamp();
        for (var i = warmup; i < warmup + requests; i++)
        {
            measured.Add(await AskAsync(texts[i]));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var spentPerRequest = spent.Per(measured.Count);
        var peak = bot.PeakWorkingSetMegabytes();
        bot.Input.Close();
        await reading;
        return spentPerRequest(ToRow(scenario.Name, measured, elapsed, peak, "one line at a time (the chat reads the next line after the answer)"));
    }

    private static Row ToRow(string name, List<Timing> measured, TimeSpan elapsed, double peak, string note)
    {
        var answered = measured.Where(t => t.ReplyAt != 0).ToList();
        static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
        return new Row(
            "",
            name,
            answered.Count,
            answered.Count(t => t.IsList),
            elapsed,
            [.. answered.Where(t => t.AckAt != 0).Select(t => Ms(t.SentAt, t.AckAt))],
            [.. answered.Select(t => Ms(t.SentAt, t.ReplyAt))],
            peak,
            answered.Count == measured.Count ? note : $"{measured.Count - answered.Count} unanswered; {note}");
    }

    private static void PrintRows(IEnumerable<Row> rows, bool header)
    {
        if (header)
        {
            Console.WriteLine($"{"build",-8} {"scenario",-28} {"answered",8} {"lists",6} {"per s",7} {"ack p50",8} {"ack p99",8} {"reply p50",9} {"reply p99",9} {"peak WS",8} {"bot CPU",9} {"fake CPU",9} {"db CPU",9} {"written",8}  note");
            Console.WriteLine(new string('-', 158));
        }

        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Build,-8} {row.Scenario,-28} {row.Requests,8:N0} {row.Lists,6:N0} {row.Throughput,7:N0} {Percentile(row.AckMs, 0.5),6:N1}ms {Percentile(row.AckMs, 0.99),6:N1}ms {Percentile(row.ReplyMs, 0.5),7:N1}ms {Percentile(row.ReplyMs, 0.99),7:N1}ms {row.PeakMegabytes,5:N0} MB {row.CpuMs.Bot,5:N2} ms {row.CpuMs.Driver,6:N2} ms {row.DatabaseCpuMs,6:N2} ms {row.WrittenKb,5:N0} KB  {row.Note}");
        }
    }

    /// <summary>This build against the baseline per scenario: medians over the rounds of throughput, reply p50, ack p99 and peak working set.</summary>
    private static void PrintRatios(List<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"this / baseline (median of rounds)",-36} {"per s",7} {"reply p50",10} {"ack p99",8} {"peak WS",8} {"bot CPU",8} {"written",8}");
        foreach (var scenario in rows.Select(r => r.Scenario).Distinct())
        {
            double Ratio(Func<Row, double> figure) => Median(rows.Where(r => r.Scenario == scenario && r.Build == "this").Select(figure))
                / Median(rows.Where(r => r.Scenario == scenario && r.Build == "baseline").Select(figure));
            Console.WriteLine($"{scenario,-36} {Ratio(r => r.Throughput),6:N2}x {Ratio(r => Percentile(r.ReplyMs, 0.5)),9:N2}x {Ratio(r => Percentile(r.AckMs, 0.99)),7:N2}x {Ratio(r => r.PeakMegabytes),7:N2}x {Ratio(r => r.CpuMs.Bot),7:N2}x {Ratio(r => r.WrittenKb),7:N2}x");
        }
    }

    private static double Median(IEnumerable<double> values) => Percentile(values, 0.5);
}
