using System.Security.Cryptography;
using System.Text.Json;

using Npgsql;

using NpgsqlTypes;

using ShowBot.Core.Lifecycle;
using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Models;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// Model versions in <c>model_versions</c>; their artifacts in <c>artifacts</c> and <c>artifact_chunks</c> (1 MB rows,
/// never one huge value), each stored once under its SHA-256 and named by every version that uses it. A deploy is one
/// transaction that also sends <see cref="DeployChannel"/>'s notification, so every node learns of it when it commits.
/// </summary>
public sealed class PostgresModelStore(PostgresDatabase database) : IModelStore
{
    /// <summary>The <c>NOTIFY</c> channel a deploy (or a rollback) is announced on, with the deployed version as payload.</summary>
    public const string DeployChannel = "showbot_model_deployed";

    private const int ChunkSize = 1 << 20;
    private const string ArtifactPrefix = "artifacts/";
    private const string VersionColumns =
        "version, number, algorithm, parameters, data, metrics, training_ticks, created, status, deployed, retired, note";

    public ModelVersion? Deployed
    {
        get
        {
            using var connection = database.Open();
            return connection.Query($"SELECT {VersionColumns} FROM model_versions WHERE status = 'Deployed'", ReadVersion).FirstOrDefault();
        }
    }

    public IReadOnlyList<ModelVersion> Recent(int count)
    {
        using var connection = database.Open();
        return connection.Query($"SELECT {VersionColumns} FROM model_versions ORDER BY number DESC LIMIT $1", ReadVersion, count);
    }

    public ModelVersion? Find(string version)
    {
        using var connection = database.Open();
        return connection.Query($"SELECT {VersionColumns} FROM model_versions WHERE version = $1", ReadVersion, version).SingleOrDefault();
    }

    public int NextNumber()
    {
        using var connection = database.Open();
        return connection.Scalar<int>("SELECT coalesce(max(number), 0) + 1 FROM model_versions");
    }

    public void Add(ModelVersion version, FoldInModel? artifact)
    {
        ArgumentNullException.ThrowIfNull(version);
        byte[]? bytes = null;
        if (artifact is not null)
        {
            using var stream = new MemoryStream();
            ModelArtifact.Save(artifact, stream);
            bytes = stream.ToArray();
        }

        database.InTransaction(connection => Insert(connection, version, bytes));
    }

    /// <summary>
    /// Stores a version with its artifact's bytes (as <see cref="ModelArtifact"/> wrote them), the artifact under its
    /// SHA-256 unless that is stored already.
    /// </summary>
    internal static void Insert(NpgsqlConnection connection, ModelVersion version, byte[]? bytes)
    {
        var id = bytes is null ? null : ArtifactId(bytes);
        if (id is not null && connection.Execute("INSERT INTO artifacts (id, length) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", id, (long)bytes!.Length) == 1)
        {
            for (var offset = 0; offset < bytes.Length; offset += ChunkSize)
            {
                connection.Execute(
                    "INSERT INTO artifact_chunks (artifact, seq, bytes) VALUES ($1, $2, $3)",
                    id, offset / ChunkSize, bytes.AsMemory(offset, Math.Min(ChunkSize, bytes.Length - offset)).ToArray());
            }
        }

        connection.Execute(
            $"INSERT INTO model_versions ({VersionColumns}, artifact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            version.Version,
            version.Number,
            version.Algorithm,
            Json(JsonSerializer.Serialize(version.Parameters, StoredJson.Default.IReadOnlyDictionaryStringDouble)),
            Json(JsonSerializer.Serialize(StoredData.Of(version.Data), StoredJson.Default.StoredData)),
            Json(JsonSerializer.Serialize(version.Metrics, StoredJson.Default.IReadOnlyDictionaryStringDouble)),
            version.TrainingTime.Ticks,
            version.CreatedAt.UtcTicks,
            version.Status.ToString(),
            version.DeployedAt?.UtcTicks,
            version.RetiredAt?.UtcTicks,
            version.Note,
            id);
    }

    /// <summary>The artifact of <paramref name="version"/>, read chunk by chunk; bytes that no longer hash to its id are a damaged artifact.</summary>
    public FoldInModel LoadArtifact(string version)
    {
        using var connection = database.Open();
        var bytes = ArtifactBytes(connection, version) ?? throw new KeyNotFoundException($"Model {version} has no artifact.");
        using var stream = new MemoryStream(bytes, writable: false);
        return ModelArtifact.Load(stream);
    }

    /// <summary>
    /// The stored bytes of <paramref name="version"/>'s artifact, null when it has none; bytes that no longer hash to
    /// its id are a damaged artifact (<see cref="ModelFormatException"/>).
    /// </summary>
    internal static byte[]? ArtifactBytes(NpgsqlConnection connection, string version)
    {
        if (connection.Scalar<string>("SELECT artifact FROM model_versions WHERE version = $1", version) is not { } id)
        {
            return null;
        }

        using var bytes = new MemoryStream();
        foreach (var chunk in connection.Query("SELECT bytes FROM artifact_chunks WHERE artifact = $1 ORDER BY seq", r => r.GetFieldValue<byte[]>(0), id))
        {
            bytes.Write(chunk);
        }

        var read = bytes.ToArray();
        return ArtifactId(read) == id ? read : throw new ModelFormatException("its stored bytes no longer match their SHA-256");
    }

    private static string ArtifactId(byte[] bytes) => ArtifactPrefix + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void MarkDeployed(string version, DateTimeOffset at) => database.InTransaction(connection =>
    {
        // Serialises deploys: the deployed row is read and changed by one transaction at a time.
        connection.Execute("LOCK TABLE model_versions IN SHARE ROW EXCLUSIVE MODE");
        if (connection.Execute("UPDATE model_versions SET status = 'Deployed', deployed = $2, retired = NULL WHERE version = $1", version, at.UtcTicks) == 0)
        {
            throw new KeyNotFoundException($"There is no model {version}.");
        }

        connection.Execute("UPDATE model_versions SET status = 'Retired', retired = $2 WHERE status = 'Deployed' AND version <> $1", version, at.UtcTicks);
        connection.Execute("SELECT pg_notify($1, $2)", DeployChannel, version);
    });

    public void MarkCorrupt(string version, string reason) => database.InTransaction(connection =>
    {
        connection.Execute(
            """
            UPDATE model_versions SET status = 'Corrupt', note = $2
            WHERE version = $1 OR artifact = (SELECT artifact FROM model_versions WHERE version = $1)
            """,
            version, reason);
        connection.Execute("SELECT pg_notify($1, '')", DeployChannel);
    });

    /// <summary>Deletes the doomed versions, and each artifact only when no version kept uses it.</summary>
    public int Prune(int keep) => database.InTransaction(connection =>
    {
        var pruned = connection.Execute(
            "DELETE FROM model_versions WHERE version IN (SELECT version FROM model_versions ORDER BY number DESC OFFSET $1) AND status <> 'Deployed'", keep);
        connection.Execute("DELETE FROM artifacts a WHERE NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.artifact = a.id)");
        return pruned;
    });

    private static NpgsqlParameter Json(string json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = json };

    private static ModelVersion ReadVersion(NpgsqlDataReader r)
    {
        var data = JsonSerializer.Deserialize(r.GetString(4), StoredJson.Default.StoredData)!;
        return new ModelVersion(
            r.GetString(0),
            r.GetString(2),
            new Dictionary<string, double>(JsonSerializer.Deserialize(r.GetString(3), StoredJson.Default.DictionaryStringDouble)!, StringComparer.Ordinal),
            new DataVersion(data.LastChange, data.Likes, data.Users, data.Shows, data.Hash),
            new Dictionary<string, double>(JsonSerializer.Deserialize(r.GetString(5), StoredJson.Default.DictionaryStringDouble)!, StringComparer.Ordinal),
            TimeSpan.FromTicks(r.GetInt64(6)),
            Sql.Time(r.GetInt64(7)),
            Enum.Parse<ModelStatus>(r.GetString(8)))
        {
            DeployedAt = r.NullableLong(9) is { } deployed ? Sql.Time(deployed) : null,
            RetiredAt = r.NullableLong(10) is { } retired ? Sql.Time(retired) : null,
            Note = r.NullableString(11),
        };
    }

    internal sealed record StoredData(long LastChange, int Likes, int Users, int Shows, string Hash)
    {
        public static StoredData Of(DataVersion d) => new(d.LastChange, d.Likes, d.Users, d.Shows, d.ContentHash);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(PostgresModelStore.StoredData))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class StoredJson : System.Text.Json.Serialization.JsonSerializerContext;
