using LiteDB;

using ShowBot.Core.Damage;
using ShowBot.Core.Lifecycle;
using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Models;

namespace ShowBot.Storage;

/// <summary>Model versions in the <c>models</c> collection; their artifacts in LiteDB file storage (<c>models/vN</c>).</summary>
public sealed class LiteModelStore : IModelStore
{
    private readonly ShowBotDatabase database;
    private readonly ILiteCollection<BsonDocument> versions;
    private readonly ILiteStorage<string> artifacts;

    public LiteModelStore(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        versions = database.Collection("models");
        versions.EnsureIndex("number");
        versions.EnsureIndex("status");
        artifacts = database.Database.GetStorage<string>(ArtifactFiles, ArtifactChunks);
    }

    internal const string ArtifactFiles = "_model_files";

    /// <summary>Each artifact's chunks are read on their own and verified by the artifact's SHA-256, so damage in one artifact's pages does not refuse the others.</summary>
    internal const string ArtifactChunks = "_model_chunks";

    public ModelVersion? Deployed =>
        versions.FindOne(Query.EQ("status", nameof(ModelStatus.Deployed))) is { } document ? ToVersion(document) : null;

    public IReadOnlyList<ModelVersion> Recent(int count) =>
        versions.Find(Query.All("number", Query.Descending), limit: count).Select(ToVersion).ToList();

    public ModelVersion? Find(string version) => versions.FindById(version) is { } document ? ToVersion(document) : null;

    public int NextNumber() => versions.Count() == 0 ? 1 : versions.Max("number").AsInt32 + 1;

    public void Add(ModelVersion version, FoldInModel? artifact)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var bytes = new MemoryStream();
        if (artifact is not null)
        {
            ModelArtifact.Save(artifact, bytes);
            bytes.Position = 0;
        }

        database.InTransaction(() =>
        {
            if (artifact is not null)
            {
                artifacts.Upload(ArtifactId(version.Version), $"{version.Version}.sbrm", bytes);
            }

            versions.Insert(ToDocument(version));
        });
    }

    /// <summary>The artifact of <paramref name="version"/>; its damaged pages are reported as a damaged artifact, like a wrong checksum.</summary>
    public FoldInModel LoadArtifact(string version)
    {
        try
        {
            var file = artifacts.FindById(ArtifactId(version)) ?? throw new KeyNotFoundException($"Model {version} has no artifact.");
            using var stream = file.OpenRead();
            return ModelArtifact.Load(stream);
        }
        catch (StoredDataDamagedException ex)
        {
            throw new ModelFormatException($"its pages in the database are damaged ({ex.Collection})", ex);
        }
    }

    public void MarkDeployed(string version, DateTimeOffset at) => database.InTransaction(() =>
    {
        var target = versions.FindById(version) ?? throw new KeyNotFoundException($"There is no model {version}.");
        foreach (var serving in versions.Find(Query.EQ("status", nameof(ModelStatus.Deployed))).Where(d => d["_id"].AsString != version).ToList())
        {
            serving["status"] = nameof(ModelStatus.Retired);
            serving["retired"] = at.UtcTicks;
            versions.Update(serving);
        }

        target["status"] = nameof(ModelStatus.Deployed);
        target["deployed"] = at.UtcTicks;
        target["retired"] = BsonValue.Null;
        versions.Update(target);
    });

    public void MarkCorrupt(string version, string reason)
    {
        if (versions.FindById(version) is { } document)
        {
            document["status"] = nameof(ModelStatus.Corrupt);
            document["note"] = reason;
            versions.Update(document);
        }
    }

    /// <summary>Deletes a version's damaged artifact and marks the version corrupt: what <c>repair</c> does with one.</summary>
    internal void DiscardArtifact(string version, string reason) => database.InTransaction(() =>
    {
        artifacts.Delete(ArtifactId(version));
        MarkCorrupt(version, reason);
    });

    /// <summary>The version an artifact id (<c>models/v3</c>) belongs to.</summary>
    internal static string VersionOfArtifact(string id) => id["models/".Length..];

    public int Prune(int keep)
    {
        var doomed = versions.Find(Query.All("number", Query.Descending)).Skip(keep)
            .Where(d => d["status"].AsString != nameof(ModelStatus.Deployed))
            .Select(d => d["_id"].AsString)
            .ToList();
        database.InTransaction(() =>
        {
            foreach (var version in doomed)
            {
                artifacts.Delete(ArtifactId(version));
                versions.Delete(version);
            }
        });
        return doomed.Count;
    }

    private static string ArtifactId(string version) => $"models/{version}";

    private static BsonDocument ToDocument(ModelVersion v) => new()
    {
        ["_id"] = v.Version,
        ["number"] = v.Number,
        ["algorithm"] = v.Algorithm,
        ["parameters"] = new BsonDocument(v.Parameters.ToDictionary(p => p.Key, p => new BsonValue(p.Value))),
        ["data"] = new BsonDocument
        {
            ["lastChange"] = v.Data.LastChange,
            ["likes"] = v.Data.Likes,
            ["users"] = v.Data.Users,
            ["shows"] = v.Data.Shows,
            ["hash"] = v.Data.ContentHash,
        },
        ["metrics"] = new BsonDocument(v.Metrics.ToDictionary(m => m.Key, m => new BsonValue(m.Value))),
        ["trainingTicks"] = v.TrainingTime.Ticks,
        ["created"] = v.CreatedAt.UtcTicks,
        ["status"] = v.Status.ToString(),
        ["deployed"] = v.DeployedAt?.UtcTicks is { } deployed ? deployed : BsonValue.Null,
        ["retired"] = v.RetiredAt?.UtcTicks is { } retired ? retired : BsonValue.Null,
        ["note"] = v.Note is null ? BsonValue.Null : v.Note,
    };

    private static ModelVersion ToVersion(BsonDocument d)
    {
        var data = d["data"].AsDocument;
        return new ModelVersion(
            d["_id"].AsString,
            d["algorithm"].AsString,
            d["parameters"].AsDocument.ToDictionary(p => p.Key, p => p.Value.AsDouble, StringComparer.Ordinal),
            new DataVersion(data["lastChange"].AsInt64, data["likes"].AsInt32, data["users"].AsInt32, data["shows"].AsInt32, data["hash"].AsString),
            d["metrics"].AsDocument.ToDictionary(m => m.Key, m => m.Value.AsDouble, StringComparer.Ordinal),
            TimeSpan.FromTicks(d["trainingTicks"].AsInt64),
            new DateTimeOffset(d["created"].AsInt64, TimeSpan.Zero),
            Enum.Parse<ModelStatus>(d["status"].AsString))
        {
            DeployedAt = d["deployed"].IsNull ? null : new DateTimeOffset(d["deployed"].AsInt64, TimeSpan.Zero),
            RetiredAt = d["retired"].IsNull ? null : new DateTimeOffset(d["retired"].AsInt64, TimeSpan.Zero),
            Note = d["note"].IsNull ? null : d["note"].AsString,
        };
    }
}
