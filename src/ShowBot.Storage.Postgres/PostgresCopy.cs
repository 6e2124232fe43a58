using System.Security.Cryptography;

using Npgsql;

using ShowBot.Core.Catalog;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// What another store holds, to copy into PostgreSQL; each sequence is read as it is written. <c>Changes</c> is the
/// rating change log, oldest first, with its numbers, and <c>LastChange</c> the number of the last change the other
/// store handed out; <c>Requests</c> holds the queue in every state.
/// </summary>
public sealed record CopiedData(
    IEnumerable<Show> Shows,
    string? BuiltInCatalog,
    IEnumerable<Rating> Ratings,
    IEnumerable<RatingChange> Changes,
    long LastChange,
    IEnumerable<StoredRequest> Requests,
    IEnumerable<SuggestionMessage> Lists,
    IEnumerable<CopiedModel> Models);

/// <summary>A model version and its artifact's bytes as stored (null when it has none).</summary>
public sealed record CopiedModel(ModelVersion Version, byte[]? Artifact);

/// <summary>
/// How much of each kind of ShowBot data there is: in a database, or in what a copy was given. <see cref="Deployed"/>
/// is the serving version, <see cref="DeployedArtifact"/> the SHA-256 of its artifact's bytes.
/// </summary>
public sealed record StoredCounts(
    int Shows, int Ratings, int Changes, long LastChange, int Requests, int OwedRequests, int Lists, int Models, int Artifacts,
    string? Deployed, string? DeployedArtifact)
{
    /// <summary>Whether it holds data a copy must not be mixed with. Shows alone do not count: every node stores the built-in catalog at its first start.</summary>
    public bool HoldsData => Ratings > 0 || Changes > 0 || LastChange > 0 || Requests > 0 || Lists > 0 || Models > 0 || Artifacts > 0;
}

/// <summary>The database already holds ShowBot data (<see cref="Held"/>), so nothing was copied into it.</summary>
public sealed class PostgresNotEmptyException(StoredCounts held) : Exception("The PostgreSQL database already holds ShowBot data.")
{
    public StoredCounts Held { get; } = held;
}

/// <summary>What the database holds after a copy is not what it was given (<see cref="Given"/>, <see cref="Held"/>); the copy was rolled back.</summary>
public sealed class CopyMismatchException(StoredCounts given, StoredCounts held)
    : Exception($"The copy does not match what was read: given {given}, held {held}.")
{
    public StoredCounts Given { get; } = given;

    public StoredCounts Held { get; } = held;
}

/// <summary>
/// Fills a PostgreSQL database that holds no ShowBot data with what another store holds, in one transaction: the
/// change log keeps its numbers (so every model's data version rebuilds as before), each artifact is stored once by
/// its SHA-256, and the deployed version serves. Before it commits, everything is counted back and the serving
/// version's artifact read back; a difference, a failure or a database found holding data rolls it all back.
/// </summary>
public sealed class PostgresCopy(PostgresDatabase database)
{
    /// <summary>Every table of ShowBot's, locked for the copy, so no node writes beside it or between its check and its writes.</summary>
    private const string Tables = "shows, meta, ratings, rating_change_counter, rating_changes, requests, messages, artifacts, artifact_chunks, model_versions";

    /// <summary>Copies <paramref name="data"/> in; returns what the database holds of it.</summary>
    /// <exception cref="PostgresNotEmptyException">The database holds ShowBot data; nothing was changed.</exception>
    /// <exception cref="CopyMismatchException">What was stored differs from what was given; nothing was changed.</exception>
    public StoredCounts Load(CopiedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return database.InTransaction(connection =>
        {
            connection.Execute($"LOCK TABLE {Tables} IN EXCLUSIVE MODE");
            if (Count(connection, shows: null) is { HoldsData: true } held)
            {
                throw new PostgresNotEmptyException(held);
            }

            var given = Write(connection, data, out var shows);
            var copied = Count(connection, shows);
            if (copied != given)
            {
                throw new CopyMismatchException(given, copied);
            }

            if (copied.Deployed is { } deployed)
            {
                // Nodes already running serve it at once, as after a deploy.
                connection.Execute("SELECT pg_notify($1, $2)", PostgresModelStore.DeployChannel, deployed);
            }

            return copied;
        });
    }

    /// <summary>Writes everything, counting what it was given.</summary>
    private static StoredCounts Write(NpgsqlConnection connection, CopiedData data, out string[] shows)
    {
        var showIds = new HashSet<string>(StringComparer.Ordinal);
        PostgresCatalogStore.Upsert(connection, data.Shows.Select(show =>
        {
            showIds.Add(show.Id);
            return show;
        }));
        shows = [.. showIds];
        if (data.BuiltInCatalog is { } version)
        {
            PostgresCatalogStore.SetBuiltInVersion(connection, version);
        }

        var ratings = 0;
        PostgresRatingStore.Copy(connection, data.Ratings.Select(rating =>
        {
            ratings++;
            return rating;
        }));

        var changes = 0;
        var lastChange = data.LastChange;
        PostgresRatingStore.Copy(
            connection,
            data.Changes.Select(change =>
            {
                changes++;
                lastChange = Math.Max(lastChange, change.Number);
                return change;
            }),
            data.LastChange);

        var (requests, owed) = (0, 0);
        foreach (var request in data.Requests)
        {
            PostgresPredictionQueue.Insert(connection, request);
            requests++;
            owed += request.State is RequestState.Pending or RequestState.InFlight ? 1 : 0;
        }

        var lists = 0;
        foreach (var list in data.Lists)
        {
            PostgresSuggestionMessageStore.Save(connection, list);
            lists++;
        }

        var (models, artifacts) = (0, new HashSet<string>(StringComparer.Ordinal));
        (string? Version, string? Artifact) deployed = (null, null);
        foreach (var model in data.Models)
        {
            PostgresModelStore.Insert(connection, model.Version, model.Artifact);
            models++;
            var artifact = model.Artifact is null ? null : Sha256(model.Artifact);
            if (artifact is not null)
            {
                artifacts.Add(artifact);
            }

            if (model.Version.Status == ModelStatus.Deployed)
            {
                deployed = (model.Version.Version, artifact);
            }
        }

        return new StoredCounts(showIds.Count, ratings, changes, lastChange, requests, owed, lists, models, artifacts.Count, deployed.Version, deployed.Artifact);
    }

    /// <summary>What the database holds; of the shows, only those named in <paramref name="shows"/> when given.</summary>
    private static StoredCounts Count(NpgsqlConnection connection, string[]? shows)
    {
        var counts = connection.Query(
            """
            SELECT (SELECT count(*) FROM shows WHERE $1::text[] IS NULL OR id = ANY($1)), (SELECT count(*) FROM ratings),
                   (SELECT count(*) FROM rating_changes), (SELECT last FROM rating_change_counter), (SELECT count(*) FROM requests),
                   (SELECT count(*) FROM requests WHERE state IN ('Pending', 'InFlight')), (SELECT count(*) FROM messages),
                   (SELECT count(*) FROM model_versions), (SELECT count(*) FROM artifacts),
                   (SELECT version FROM model_versions WHERE status = 'Deployed')
            """,
            r => new StoredCounts(
                (int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2), r.GetInt64(3), (int)r.GetInt64(4), (int)r.GetInt64(5),
                (int)r.GetInt64(6), (int)r.GetInt64(7), (int)r.GetInt64(8), r.NullableString(9), null),
            new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)shows ?? DBNull.Value }).Single();
        return counts.Deployed is { } deployed && PostgresModelStore.ArtifactBytes(connection, deployed) is { } bytes
            ? counts with { DeployedArtifact = Sha256(bytes) }
            : counts;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
