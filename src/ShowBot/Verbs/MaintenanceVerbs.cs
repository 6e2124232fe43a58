using System.CommandLine;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using ShowBot.Control;
using ShowBot.Core.Damage;
using ShowBot.Hosting;
using ShowBot.Storage;
using ShowBot.Storage.Postgres;

namespace ShowBot.Verbs;

/// <summary>Operator verbs for the database file: <c>check</c>, <c>backup</c>, <c>repair</c>.</summary>
internal static class MaintenanceVerbs
{
    public static IEnumerable<Command> Create() => [Check(), Backup(), Repair(), Health()];

    private static Command Check()
    {
        var command = new Command("check", "Read every collection and every model artifact; exit code 0 when all is whole, 1 when damage was found.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync(new CheckRequest(), cancellationToken));
        return command;
    }

    private static Command Backup()
    {
        var path = new Argument<FileInfo>("path") { Description = "The new file to write the copy to (an existing file is not overwritten)" };
        var command = new Command("backup", "Copy the database, as of one moment, to a new file (a running bot makes the copy itself).") { path };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(path)!;
            if (OutputFiles.Problem("backup", file, createFolder: true, mustBeNew: true) is { } unwritable)
            {
                await Console.Error.WriteLineAsync(unwritable);
                return ExitCodes.BadInput;
            }

            return await VerbHost.RunAsync(new BackupRequest(file.FullName), cancellationToken);
        });
        return command;
    }

    private static Command Repair()
    {
        var command = new Command("repair", "Rebuild the database from what is still readable, leaving damaged documents out; the original is kept as *-backup.db. Stop the bot first.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync(new RepairRequest(), cancellationToken));
        return command;
    }

    private static Command Health()
    {
        var command = new Command(
            "health",
            "Exit code 0 when a bot runs on the database and answers on its control socket within 5 s (with PostgreSQL: when this machine's node beat within its timeout), else 1 (for a container's HEALTHCHECK). Never opens the LiteDB file.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = ShowBotHost.CreateBuilder().Build();
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            if (StorageOpener.UsesPostgres(configuration))
            {
                return await PostgresNodeHealthAsync(configuration, cancellationToken);
            }

            var database = StorageOpener.DatabasePath(configuration);
            if (await ControlClient.AnswersAsync(database, cancellationToken))
            {
                return ExitCodes.Ok;
            }

            await Console.Error.WriteLineAsync($"health: no ShowBot answers on {Path.GetFullPath(database)}.");
            return ExitCodes.BadInput;
        });
        return command;
    }

    private static async Task<int> PostgresNodeHealthAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var storage = configuration.GetSection(StorageOptions.Section);
        var node = StorageOpener.NodeName(configuration);
        var timeout = TimeSpan.TryParse(storage[nameof(StorageOptions.NodeTimeout)], CultureInfo.InvariantCulture, out var configured) ? configured : new StorageOptions().NodeTimeout;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(5));
        if (configuration.GetConnectionString(StorageOpener.ConnectionStringName) is { Length: > 0 } connectionString
            && await PostgresDatabase.NodeAliveAsync(connectionString, node, timeout, patience.Token))
        {
            return ExitCodes.Ok;
        }

        await Console.Error.WriteLineAsync($"health: no ShowBot node called {node} beats in the PostgreSQL database.");
        return ExitCodes.BadInput;
    }

    internal static string Format(DatabaseCheckReport report)
    {
        var lines = new List<string> { $"Checked {report.FilePath}:" };
        lines.AddRange(report.Collections.Select(c => c.Damage is null
            ? string.Create(CultureInfo.InvariantCulture, $"  {c.Collection,-16} OK       {c.Readable:N0} document(s)")
            : string.Create(CultureInfo.InvariantCulture, $"  {c.Collection,-16} DAMAGED  {c.Readable:N0} read before: {c.Damage}")));
        lines.AddRange(report.Artifacts.Select(a => a.Damage is null
            ? $"  {a.Id} OK       artifact of {UsedBy(a)} loads, SHA-256 matches"
            : $"  {a.Id} DAMAGED  artifact of {UsedBy(a)}: {a.Damage}"));
        var damaged = report.Collections.Where(c => c.Damage is not null).Select(c => StoredDataDamagedException.AreaOf(c.Collection))
            .Concat(report.Artifacts.Where(a => a.Damage is not null).Select(a => $"the artifact of {UsedBy(a)}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        lines.Add(damaged.Count == 0
            ? "No damage found."
            : $"Damage found in {string.Join(", ", damaged)}. Restore a backup, or stop the bot and run `showbot repair` to rebuild what is readable.");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The LiteDB file the file-maintenance verbs work on; with PostgreSQL they point to its own tools.</summary>
    internal static ShowBotDatabase LiteDbFile(IServiceProvider services) =>
        services.GetService<ShowBotDatabase>() ?? throw new StartupException(
            "it works on the LiteDB file, and ShowBot:Storage:Provider is Postgres: use PostgreSQL's own tools " +
            "(pg_dump for a backup, pg_amcheck for a check; PostgreSQL repairs itself from its write-ahead log).");

    /// <summary>The versions an artifact serves, for an operator: one stored copy can be several versions' artifact.</summary>
    internal static string UsedBy(ArtifactHealth artifact) =>
        artifact.Versions.Count == 0 ? "no version" : string.Join(", ", artifact.Versions);
}

internal sealed record CheckRequest() : OperatorRequest("check")
{
    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var report = new DatabaseMaintenance(MaintenanceVerbs.LiteDbFile(services)).Check();
        await output.WriteLineAsync(MaintenanceVerbs.Format(report));
        return report.Healthy ? ExitCodes.Ok : ExitCodes.BadInput;
    }
}

internal sealed record BackupRequest(string Path) : OperatorRequest("backup")
{
    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var summary = new DatabaseMaintenance(MaintenanceVerbs.LiteDbFile(services)).Backup(Path);
        await output.WriteLineAsync($"Backed up to {summary.FilePath}: " + string.Join(", ", summary.Documents.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value:N0}"))));
        return ExitCodes.Ok;
    }
}

internal sealed record RepairRequest() : OperatorRequest("repair")
{
    public override bool RunsInRunningBot => false;

    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var summary = new DatabaseMaintenance(MaintenanceVerbs.LiteDbFile(services)).Repair();
        var lost = summary.Lost.Count == 0
            ? "every document was kept"
            : "documents left out (collection, count): " + string.Join(", ", summary.Lost.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} {l.Value:N0}")));
        var discarded = summary.DiscardedArtifacts.Count == 0
            ? ""
            : $" Deleted the damaged model artifact(s) of {string.Join("; ", summary.DiscardedArtifacts.Select(MaintenanceVerbs.UsedBy))}: those versions are marked corrupt (retrain, or `showbot rollback` to another version).";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rebuilt from what was readable ({summary.Errors:N0} read error(s) reported); {lost}.{discarded} The original is kept at {summary.OriginalKeptAt}. Run `showbot check` to confirm."));
        return ExitCodes.Ok;
    }
}
