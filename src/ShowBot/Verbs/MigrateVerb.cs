using System.CommandLine;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using Npgsql;

using ShowBot.ConsoleChat;
using ShowBot.Core;
using ShowBot.Core.Damage;
using ShowBot.Core.Requests;
using ShowBot.Hosting;
using ShowBot.Recommender.Artifacts;
using ShowBot.Storage;
using ShowBot.Storage.Postgres;

namespace ShowBot.Verbs;

/// <summary><c>showbot migrate</c>: a LiteDB file copied into the configured PostgreSQL database.</summary>
internal static class MigrateVerb
{
    public static Command Create()
    {
        var from = new Option<FileInfo?>("--from") { Description = "The LiteDB file to copy (default: ShowBot:Storage:DatabasePath)" };
        var command = new Command(
            "migrate",
            "Copy a LiteDB file into the PostgreSQL database of ConnectionStrings:ShowBot (with ShowBot:Storage:Provider=Postgres): the catalog, " +
            "ratings with their numbered changes, posted lists, the request queue and the model versions with their artifacts, in one transaction. " +
            "The database must hold no ShowBot data yet, and no bot may run on the file; the file is not changed.")
        {
            from,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = ShowBotHost.CreateBuilder().Configuration;
            if (!StorageOpener.UsesPostgres(configuration))
            {
                await Console.Error.WriteLineAsync(
                    "migrate: it copies a LiteDB file into PostgreSQL, and ShowBot:Storage:Provider is not Postgres. Set ShowBot__Storage__Provider=Postgres " +
                    "and ConnectionStrings__ShowBot as for the nodes, then run `showbot migrate --from <file>` again.");
                return ExitCodes.BadConfiguration;
            }

            var source = result.GetValue(from)?.FullName ?? Path.GetFullPath(StorageOpener.DatabasePath(configuration));
            return await VerbHost.RunAsync(new MigrateRequest(source), cancellationToken);
        });
        return command;
    }
}

/// <summary>
/// Copies the LiteDB file <see cref="From"/>, as of one moment, into the PostgreSQL database this process is
/// configured for. The file is read from a snapshot taken under its lock, so a running bot refuses it and the file
/// itself is never written.
/// </summary>
internal sealed record MigrateRequest(string From) : OperatorRequest("migrate")
{
    public override bool RunsInRunningBot => false;

    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var target = Describe(services.GetRequiredService<IConfiguration>());
        try
        {
            using var snapshot = DatabaseSnapshot.Take(From, "showbot migrate");
            var database = services.GetRequiredService<PostgresDatabase>();
            var console = ConsoleAddress.From(services.GetRequiredService<IConfiguration>());
            var copied = new PostgresCopy(database).Load(Contents(snapshot.Database, console));
            await output.WriteLineAsync(Summary(copied, target));
            return ExitCodes.Ok;
        }
        catch (DatabaseInUseException ex)
        {
            await output.WriteErrorAsync(
                $"migrate: {ex.Message.TrimEnd('.')}. Stop it first, so nothing it accepts after the copy is left behind, then run `showbot migrate` again.");
            return ExitCodes.DatabaseInUse;
        }
        catch (PostgresNotEmptyException ex)
        {
            await output.WriteErrorAsync(
                $"migrate: {target} already holds ShowBot data ({Held(ex.Held)}), and migrate copies only into a database without any, so two histories never mix. " +
                "Nothing was changed. Point ConnectionStrings:ShowBot at a new database (or a schema of its own: Search Path=…).");
            return ExitCodes.BadInput;
        }
        catch (StoredDataDamagedException ex)
        {
            await output.WriteErrorAsync(
                $"migrate: {StoredDataDamagedException.AreaOf(ex.Collection)} in {From} cannot be read ({(ex.InnerException ?? ex).Message.TrimEnd('.')}). " +
                $"Nothing was copied. Run `showbot check`, then restore a backup or run `showbot repair` on it, and migrate again.");
            return ExitCodes.Damaged;
        }
        catch (Exception ex) when (DiskFull.Caused(ex))
        {
            await output.WriteErrorAsync(
                $"migrate: the disk holding {Path.GetTempPath()} is full: the file is copied there to be read as of one moment. Free some space (or set TMPDIR " +
                "to a folder on a disk with room for the file), then run `showbot migrate` again. Nothing was copied.");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is NpgsqlException or CopyMismatchException or ModelFormatException)
        {
            await output.WriteErrorAsync(
                $"migrate: copying into {target} failed ({ex.Message.TrimEnd('.')}), and the copy was rolled back: the database is as it was. Run `showbot migrate` again.");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// Everything the file holds, read from its stores as the copy consumes it. The file's console requests and lists
    /// become those of the console of the node named as this process is (<see cref="ConsoleAddress"/>).
    /// </summary>
    private static CopiedData Contents(ShowBotDatabase file, ConsoleAddress console)
    {
        var catalog = new LiteCatalogStore(file);
        var ratings = new LiteRatingStore(file);
        var models = new LiteModelStore(file);
        return new CopiedData(
            catalog.All(),
            catalog.BuiltInVersion,
            ratings.All(),
            ratings.Changes(),
            ratings.LastChange,
            // No node is answering what the file's last bot had in hand: it waits to be answered again.
            new LitePredictionQueue(file).All()
                .Select(r => r.State == RequestState.InFlight ? r with { State = RequestState.Pending } : r)
                .Select(r => r.Request.Target.Platform == ConsoleChatPlatform.Name
                    ? r with { Request = r.Request with { Target = r.Request.Target with { Platform = console.Platform } } }
                    : r),
            new LiteSuggestionMessageStore(file).All()
                .Select(m => m.Message.Platform == ConsoleChatPlatform.Name ? m with { Message = console.List(m.Message.MessageId) } : m),
            models.Recent(int.MaxValue).Select(v => new CopiedModel(v, models.ArtifactBytes(v.Version))));
    }

    private string Summary(StoredCounts copied, string target) => string.Join(Environment.NewLine,
    [
        $"Copied {From} into {target}:",
        Line($"  {copied.Shows:N0} shows"),
        Line($"  {copied.Ratings:N0} ratings, {copied.Changes:N0} changes (numbered up to {copied.LastChange:N0})"),
        Line($"  {copied.Lists:N0} lists"),
        Line($"  {copied.OwedRequests:N0} requests owed an answer ({copied.Requests:N0} kept in all)"),
        Line($"  {copied.Models:N0} model versions ({copied.Artifacts:N0} artifacts), ") + (copied.Deployed is { } deployed ? $"serving {deployed}" : "none serving (the knowledge model serves)"),
        "Checked: every count matches" + (copied.Deployed is { } serving ? $", and {serving}'s artifact reads back with the same SHA-256 ({copied.DeployedArtifact![..12]}…)." : "."),
        $"The file is unchanged. Start the nodes on {target}; stop using the file, or what changes there stays there.",
    ]);

    /// <summary>What a database holds, as a person reads it: only the kinds it holds.</summary>
    private static string Held(StoredCounts held)
    {
        var kinds = new (long Count, string Kind)[]
            {
                (held.Ratings, "ratings"), (held.Changes, "rating changes"), (held.Requests, "requests"), (held.Lists, "lists"),
                (held.Models, "model versions"), (held.Artifacts, "model artifacts"),
            }
            .Where(k => k.Count > 0)
            .Select(k => Line($"{k.Count:N0} {k.Kind}"))
            .ToList();
        return kinds.Count > 0 ? string.Join(", ", kinds) : Line($"rating changes numbered up to {held.LastChange:N0}");
    }

    /// <summary>The database as the connection string names it, never with its password.</summary>
    private static string Describe(IConfiguration configuration)
    {
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(StorageOpener.ConnectionStringName));
            return $"the PostgreSQL database {parsed.Database} on {parsed.Host}:{parsed.Port}";
        }
        catch (ArgumentException)
        {
            return "the PostgreSQL database";
        }
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
