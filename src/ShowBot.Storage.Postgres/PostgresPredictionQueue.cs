using System.Text.Json;

using Npgsql;

using NpgsqlTypes;

using ShowBot.Core.Chat;
using ShowBot.Core.Groups;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// The durable request queue in <c>requests</c>, shared by every node. A claim takes the oldest due request with
/// <c>FOR UPDATE SKIP LOCKED</c>, so two nodes never take the same one, and records which node took it. A request
/// claimed by a node that stopped beating (killed, or cut off from the database for its <see cref="PostgresDatabase.NodeTimeout"/>)
/// is pending again for the others. Answered and failed requests stay as a record until <see cref="Prune"/>.
/// </summary>
public sealed class PostgresPredictionQueue(PostgresDatabase database) : IPredictionQueue
{
    private const string Columns = "key, user_key, platform, accepted, attempts, request";

    public bool TryEnqueue(PredictionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var connection = database.Open();
        return Insert(connection, new StoredRequest(request, RequestState.Pending, null, null, null));
    }

    /// <summary>
    /// Stores the request in its state unless one with the same key was ever stored; a waiting one is queued in the
    /// order it was accepted in. Returns false for a repeat.
    /// </summary>
    internal static bool Insert(NpgsqlConnection connection, StoredRequest stored)
    {
        var request = stored.Request;
        return connection.Execute(
            """
            INSERT INTO requests (key, state, user_key, members, platform, accepted, queued, not_before, attempts, error, answered, request)
            VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $2 = 'Pending' THEN $6 END, $7, $8, $9, $10, $11) ON CONFLICT (key) DO NOTHING
            """,
            request.Key,
            stored.State.ToString(),
            request.User.ToString(),
            request.Members.Select(m => m.User.ToString()).ToArray(),
            request.Target.Platform,
            request.AcceptedAt.UtcTicks,
            stored.RetryAt?.UtcTicks ?? 0L,
            request.Attempts,
            stored.Error,
            stored.AnsweredAt?.UtcTicks,
            Json(Details.Of(request))) == 1;
    }

    public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        using var connection = database.Open();
        return connection.Query(
            $"""
            UPDATE requests SET state = 'InFlight', queued = NULL, claimed = $1, claimed_by = $3
            WHERE key = (SELECT key FROM requests WHERE queued IS NOT NULL AND not_before <= $1 AND platform = ANY($2)
                         ORDER BY queued LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """,
            ReadRequest,
            now.UtcTicks, platforms.ToArray(), database.NodeId).SingleOrDefault();
    }

    public void MarkAnswered(string key, DateTimeOffset now) =>
        Change(key, "state = 'Answered', queued = NULL, answered = $2", now.UtcTicks);

    public void Release(string key, string? error, DateTimeOffset? retryAt = null) =>
        Change(
            key,
            "state = 'Pending', queued = accepted, not_before = $2, attempts = attempts + $3, error = coalesce($4, error)",
            retryAt?.UtcTicks ?? 0L, error is null ? 0 : 1, error);

    public void MarkFailed(string key, string error) =>
        Change(key, "state = 'Failed', queued = NULL, attempts = attempts + 1, error = $2", error);

    /// <summary>
    /// The requests in flight on nodes that stopped beating (a node killed, this one's earlier life among them) are
    /// pending again. Every node runs this at start and with each heartbeat. Returns how many.
    /// </summary>
    public int RecoverInFlight()
    {
        using var connection = database.Open();
        return connection.Execute(
            """
            UPDATE requests SET state = 'Pending', queued = accepted, claimed_by = NULL
            WHERE state = 'InFlight' AND (claimed_by IS NULL OR claimed_by NOT IN (SELECT id FROM nodes WHERE seen > now() - $1))
            """,
            database.NodeTimeout);
    }

    public PredictionRequest? Find(string key)
    {
        using var connection = database.Open();
        return connection.Query($"SELECT {Columns} FROM requests WHERE key = $1", ReadRequest, key).SingleOrDefault();
    }

    public RequestState? StateOf(string key)
    {
        using var connection = database.Open();
        return connection.Scalar<string>("SELECT state FROM requests WHERE key = $1", key) is { } state ? Enum.Parse<RequestState>(state) : null;
    }

    public int CountOutstanding(string? platform = null)
    {
        using var connection = database.Open();
        return connection.Scalar<int>(
            "SELECT count(*) FROM requests WHERE state IN ('Pending', 'InFlight') AND ($1::text IS NULL OR platform = $1)", platform);
    }

    public int Prune(DateTimeOffset acceptedBefore)
    {
        using var connection = database.Open();
        return connection.Execute("DELETE FROM requests WHERE state IN ('Answered', 'Failed') AND accepted < $1", acceptedBefore.UtcTicks);
    }

    /// <summary>What forget-me deletes: the person's requests and the group requests naming them, but not one being answered.</summary>
    private const string ErasableOfUser = "(user_key = $1 OR $1 = ANY(members)) AND state <> 'InFlight'";

    internal static int EraseUser(NpgsqlConnection connection, UserKey user) =>
        connection.Execute($"DELETE FROM requests WHERE {ErasableOfUser}", user.ToString());

    internal static int CountErasable(NpgsqlConnection connection, UserKey user) =>
        connection.Scalar<int>($"SELECT count(*) FROM requests WHERE {ErasableOfUser}", user.ToString());

    private void Change(string key, string assignments, params object?[] values)
    {
        using var connection = database.Open();
        if (connection.Execute($"UPDATE requests SET {assignments} WHERE key = $1", [key, .. values]) == 0)
        {
            throw new KeyNotFoundException($"No queued request has the key '{key}'.");
        }
    }

    private static NpgsqlParameter Json(Details details) =>
        new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(details, DetailsJson.Default.Details) };

    private static PredictionRequest ReadRequest(NpgsqlDataReader r)
    {
        var details = JsonSerializer.Deserialize(r.GetString(5), DetailsJson.Default.Details)
            ?? throw new InvalidDataException($"Request {r.GetString(0)} has no details.");
        return new PredictionRequest(
            r.GetString(0),
            UserKey.Parse(r.GetString(1)),
            details.Shows,
            details.Count,
            new ReplyTarget(r.GetString(2), details.Target),
            Sql.Time(r.GetInt64(3)))
        {
            Genre = details.Genre,
            Notes = details.Notes,
            Wanted = details.Wanted,
            FromYear = details.FromYear,
            ToYear = details.ToYear,
            Description = details.Asked,
            Attempts = r.GetInt32(4),
            Members = [.. details.Members.Select(m => new GroupMember(UserKey.Parse(m.User), m.Name))],
            ShownBefore = details.ShownBefore,
        };
    }

    /// <summary>What a request carries beyond the columns a query looks at, as one JSON document.</summary>
    internal sealed record Details(
        List<string> Shows, int Count, string Target, string? Genre, List<string> Notes, List<string> Wanted,
        int? FromYear, int? ToYear, string? Asked, List<Member> Members, List<string> ShownBefore)
    {
        public static Details Of(PredictionRequest r) => new(
            [.. r.ShowIds], r.Count, r.Target.Payload, r.Genre, [.. r.Notes], [.. r.Wanted], r.FromYear, r.ToYear, r.Description,
            [.. r.Members.Select(m => new Member(m.User.ToString(), m.Name))], [.. r.ShownBefore]);
    }

    internal sealed record Member(string User, string Name);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(PostgresPredictionQueue.Details))]
internal sealed partial class DetailsJson : System.Text.Json.Serialization.JsonSerializerContext;
