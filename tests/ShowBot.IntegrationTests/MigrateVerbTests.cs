using System.Security.Cryptography;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.IntegrationTests;

/// <summary><c>showbot migrate</c>: one machine's LiteDB file moved into PostgreSQL, as issue 14 item 5 asks.</summary>
public class MigrateVerbTests
{
    private static readonly UserKey Erased = new("import", "u0");

    private static Dictionary<string, string?> OnFile(string user = "admin") => new()
    {
        ["ShowBot:Console:UserName"] = user,
        ["ShowBot:Retraining:MinLikes"] = "100",
    };

    private static Dictionary<string, string?> OnPostgres(string connectionString, string user = "admin") => new(OnFile(user))
    {
        ["ShowBot:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:ShowBot"] = connectionString,
    };

    [SkippableFact]
    public async Task A_moved_install_serves_the_same_model_exports_the_same_data_versions_answers_what_was_owed_and_counts_reactions_to_old_lists()
    {
        using var schema = new TestPostgres.Schema();
        using var folder = new TempDirectory();
        var (_, listed, _) = await ShowBotProcess.RunAsync(folder, OnFile("alice"), ["/recommend Fargo"], "chat");
        Assert.Contains("[#1] Because you like Fargo:", listed, StringComparison.Ordinal);
        RetrainScheduleTests.SeedRatings(folder.DatabasePath, 100, DateTimeOffset.UtcNow);
        var (trainCode, trained, trainErrors) = await ShowBotProcess.RunAsync(folder, OnFile(), "train");
        Assert.True(trainCode == 0, trainErrors);
        Assert.Contains("Deployed v1 (", trained, StringComparison.Ordinal);
        SeedAfterTraining(folder.DatabasePath);
        var file = Fingerprint(folder.DatabasePath);
        var before = await ExportsAsync(folder, OnFile());

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(folder, OnPostgres(schema.ConnectionString), "migrate");

        Assert.True(exitCode == 0, errors);
        Assert.Contains($"Copied {folder.DatabasePath} into the PostgreSQL database", output, StringComparison.Ordinal);
        Assert.Contains("  1 lists", output, StringComparison.Ordinal);
        Assert.Contains("  1 requests owed an answer (2 kept in all)", output, StringComparison.Ordinal);
        Assert.Contains("  1 model versions (1 artifacts), serving v1", output, StringComparison.Ordinal);
        Assert.Contains("Checked: every count matches, and v1's artifact reads back with the same SHA-256", output, StringComparison.Ordinal);
        Assert.Equal(file, Fingerprint(folder.DatabasePath));
        Assert.Equal(before, await ExportsAsync(folder, OnPostgres(schema.ConnectionString)));

        var (_, chatted, _) = await ShowBotProcess.RunAsync(folder, OnPostgres(schema.ConnectionString, "bob"), ["/showbot status", "/react 1 2", "/likes"], "chat");
        Assert.Contains("Serving: v1 (", chatted, StringComparison.Ordinal);
        Assert.Contains("Noted, thanks!", chatted, StringComparison.Ordinal);
        Assert.Contains("You like (1):", chatted, StringComparison.Ordinal);
        await AnswersOwedRequestAsync(schema.ConnectionString);
    }

    [SkippableFact]
    public async Task A_second_migrate_into_the_now_filled_database_is_refused_in_one_line_and_changes_nothing()
    {
        using var schema = new TestPostgres.Schema();
        using var folder = new TempDirectory();
        await ShowBotProcess.RunAsync(folder, OnFile("alice"), ["/recommend Fargo"], "chat");
        Assert.Equal(0, (await ShowBotProcess.RunAsync(folder, OnPostgres(schema.ConnectionString), "migrate")).ExitCode);
        var copied = await ExportsAsync(folder, OnPostgres(schema.ConnectionString), "latest");

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(folder, OnPostgres(schema.ConnectionString), "migrate", "--from", folder.DatabasePath);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^migrate: the PostgreSQL database \S+ on \S+ already holds ShowBot data \(1 ratings, 1 rating changes, 1 requests, 1 lists\).* Nothing was changed\.", line);
        Assert.Equal(copied, await ExportsAsync(folder, OnPostgres(schema.ConnectionString), "latest"));
    }

    [Fact]
    public async Task A_missing_file_is_one_line_naming_it_and_exit_code_1_before_any_connection()
    {
        using var folder = new TempDirectory();
        var missing = folder.File("nowhere.db");

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(folder, OnPostgres(Unreachable), "migrate", "--from", missing);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"migrate: There is no database file at {missing}.", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task A_file_a_bot_is_running_on_is_refused_with_exit_code_6()
    {
        using var folder = new TempDirectory();
        using var bot = ShowBotProcess.Start(folder, OnFile("alice"), "chat");
        await bot.TryWriteLineAsync("/rate Dark");
        await Eventually.TrueAsync(() => bot.Output.Contains("Dark", StringComparison.Ordinal));

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(folder, OnPostgres(Unreachable), "migrate");

        Assert.Equal(6, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"is in use by process {bot.Id} (showbot chat", line, StringComparison.Ordinal);
        Assert.EndsWith("Stop it first, so nothing it accepts after the copy is left behind, then run `showbot migrate` again.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_PostgreSQL_provider_it_says_which_settings_to_give_and_exits_2()
    {
        using var folder = new TempDirectory();

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(folder, OnFile(), "migrate");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("migrate: it copies a LiteDB file into PostgreSQL, and ShowBot:Storage:Provider is not Postgres.", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.DatabasePath));
    }

    /// <summary>Port 1 on loopback: nothing listens there, so a connection would be refused at once.</summary>
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=showbot;Password=secret;Database=showbot;Timeout=3";

    /// <summary>
    /// What happens on the machine after the model was trained: a like given by reaction and taken back, a person
    /// erased at their request, and a request the bot had in hand when it was stopped.
    /// </summary>
    private static void SeedAfterTraining(string databasePath)
    {
        using var database = new ShowBotDatabase(databasePath);
        var at = DateTimeOffset.UtcNow;
        var ratings = new LiteRatingStore(database);
        var cem = new UserKey("console", "cem");
        Assert.True(ratings.Upsert(new Rating(cem, "tt0903747", RatingKind.Like, RatingSource.Reaction, at)));
        Assert.True(ratings.Remove(cem, "tt0903747", RatingKind.Like, RatingSource.Reaction));
        Assert.True(new LitePersonalDataEraser(database).Erase(Erased, at).Ratings > 0);
        var queue = new LitePredictionQueue(database);
        var platform = CrashRecoveryTests.ScriptedPlatform.Name;
        Assert.True(queue.TryEnqueue(new PredictionRequest("owed-1", new UserKey(platform, "dan"), ["tt0903747"], 5, new ReplyTarget(platform, "owed-1"), at)));
        Assert.NotNull(queue.TryClaimNext(at, [platform]));
    }

    /// <summary>What <c>export ratings</c> prints as of each of <paramref name="versions"/> (by default: the model's data version, an early change, now).</summary>
    private static async Task<string> ExportsAsync(TempDirectory folder, Dictionary<string, string?> settings, params string[] versions)
    {
        var exports = new List<string>();
        foreach (var asOf in versions.Length > 0 ? versions : ["v1", "5", "latest"])
        {
            var (exitCode, output, errors) = await ShowBotProcess.RunAsync(folder, settings, "export", "ratings", "--as-of", asOf);
            Assert.True(exitCode == 0, errors);
            exports.Add(output + errors);
        }

        return string.Join("\n---\n", exports);
    }

    /// <summary>A node on the database answers the request the file's bot had in hand.</summary>
    private static async Task AnswersOwedRequestAsync(string connectionString)
    {
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?>(OnPostgres(connectionString)) { ["ShowBot:Worker:PollInterval"] = "00:00:00.100" });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        var platform = new CrashRecoveryTests.ScriptedPlatform(hangForever: false);
        builder.Services.AddSingleton<IChatPlatform>(platform);
        using var node = builder.Build();
        var queue = node.Services.GetRequiredService<IPredictionQueue>();
        Assert.Equal(RequestState.Pending, queue.StateOf("owed-1"));
        await node.StartAsync();
        await Eventually.TrueAsync(() => queue.StateOf("owed-1") == RequestState.Answered);
        await node.StopAsync();
        var (target, reply) = Assert.Single(platform.Sent);
        Assert.Equal("owed-1", target.Payload);
        Assert.NotEmpty(Assert.IsType<SuggestionsReply>(reply).Items);
    }

    /// <summary>The file and its journal, byte for byte.</summary>
    private static string Fingerprint(string databasePath) => string.Join(",", new[] { databasePath, DatabaseFile.LogPath(databasePath) }
        .Select(path => File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "none"));
}
