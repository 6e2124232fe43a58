using System.Security.Cryptography;

using LiteDB;

using ShowBot.Core.Damage;
using ShowBot.Core.Lifecycle;
using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Models;

namespace ShowBot.Storage;

/// <summary>
/// Model versions in the <c>models</c> collection; their artifacts in LiteDB file storage, each stored once under its
/// SHA-256 (<c>artifacts/&lt;sha256&gt;</c>) and named by every version that uses it, so a retrain that makes the same
/// model again (a forced one on the same data) stores no second copy.
/// </summary>
public sealed class LiteModelStore : IModelStore
{
    private const string ArtifactField = "artifact";
    private const string ArtifactPrefix = "artifacts/";

    /// <summary>Where each version's artifact was stored before artifacts were stored by content: <c>models/v3</c>.</summary>
    private const string PerVersionPrefix = "models/";

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
        artifacts = Artifacts(database);
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

    /// <summary>
    /// Stores the version and, unless an intact copy of the very same bytes is stored already, its artifact. A stored
    /// copy that no longer reads back to its hash is replaced, so a new version never starts out damaged.
    /// </summary>
    public void Add(ModelVersion version, FoldInModel? artifact)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var bytes = new MemoryStream();
        string? id = null;
        var stored = false;
        if (artifact is not null)
        {
            ModelArtifact.Save(artifact, bytes);
            bytes.Position = 0;
            id = ArtifactId(SHA256.HashData(bytes));
            // Read before the transaction: damage met inside it would close the engine under it.
            stored = HoldsIntact(artifacts, id);
        }

        database.InTransaction(() =>
        {
            if (id is not null && !(stored && artifacts.Exists(id)))
            {
                // From the start on every attempt: a transaction the engine's reopening undid runs again.
                bytes.Position = 0;
                artifacts.Upload(id, FileName(id), bytes);
            }

            var document = ToDocument(version);
            document[ArtifactField] = id is null ? BsonValue.Null : id;
            versions.Insert(document);
        });
    }

    /// <summary>The artifact of <paramref name="version"/>; its damaged pages are reported as a damaged artifact, like a wrong checksum.</summary>
    public FoldInModel LoadArtifact(string version)
    {
        try
        {
            var file = (ArtifactOf(versions.FindById(version)) is { } id ? artifacts.FindById(id) : null)
                ?? throw new KeyNotFoundException($"Model {version} has no artifact.");
            using var stream = file.OpenRead();
            return ModelArtifact.Load(stream);
        }
        catch (StoredDataDamagedException ex)
        {
            throw new ModelFormatException($"its pages in the database are damaged ({ex.Collection})", ex);
        }
    }

    /// <summary>The stored bytes of <paramref name="version"/>'s artifact as they are, for copying it to another store; null when it has none.</summary>
    public byte[]? ArtifactBytes(string version)
    {
        if (ArtifactOf(versions.FindById(version)) is not { } id || artifacts.FindById(id) is not { } file)
        {
            return null;
        }

        using var stream = file.OpenRead();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
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

    /// <summary>Marks <paramref name="version"/> corrupt, and every other version using the same artifact, since its damage is theirs too.</summary>
    public void MarkCorrupt(string version, string reason) => database.InTransaction(() =>
    {
        if (versions.FindById(version) is { } document)
        {
            var sharing = ArtifactOf(document) is { } id ? Using(id) : [document];
            foreach (var user in sharing)
            {
                user["status"] = nameof(ModelStatus.Corrupt);
                user["note"] = reason;
                versions.Update(user);
            }
        }
    });

    /// <summary>The versions that use the artifact stored as <paramref name="id"/>, oldest first.</summary>
    internal IReadOnlyList<string> VersionsUsing(string id) => [.. Using(id).OrderBy(d => d["number"].AsInt32).Select(d => d["_id"].AsString)];

    /// <summary>
    /// Deletes a damaged artifact and marks every version that used it corrupt, without an artifact: what <c>repair</c>
    /// does with one. Returns those versions.
    /// </summary>
    internal IReadOnlyList<string> DiscardArtifact(string id, string reason)
    {
        IReadOnlyList<string> users = [];
        database.InTransaction(() =>
        {
            users = VersionsUsing(id);
            artifacts.Delete(id);
            foreach (var user in Using(id))
            {
                user["status"] = nameof(ModelStatus.Corrupt);
                user["note"] = reason;
                user[ArtifactField] = BsonValue.Null;
                versions.Update(user);
            }
        });
        return users;
    }

    /// <summary>Deletes the doomed versions, and each artifact only when no version kept uses it.</summary>
    public int Prune(int keep)
    {
        var doomed = versions.Find(Query.All("number", Query.Descending)).Skip(keep)
            .Where(d => d["status"].AsString != nameof(ModelStatus.Deployed))
            .ToList();
        database.InTransaction(() =>
        {
            foreach (var version in doomed)
            {
                versions.Delete(version["_id"]);
            }

            foreach (var id in doomed.Select(ArtifactOf).OfType<string>().Distinct(StringComparer.Ordinal).Where(id => Using(id).Count == 0))
            {
                artifacts.Delete(id);
            }
        });
        return doomed.Count;
    }

    /// <summary>
    /// Moves artifacts stored per version (<c>models/v3</c>, before they were stored by content) to their content ids,
    /// one copy per content, in one transaction: an interrupted move leaves the old layout whole, and the next open
    /// moves them again. An artifact whose pages cannot be read stays under its old id, named by its version, for
    /// <c>check</c> and <c>repair</c> to find; nothing is lost, and the database opens whatever it holds.
    /// </summary>
    internal static void StoreArtifactsByContent(ShowBotDatabase database)
    {
        try
        {
            var storage = Artifacts(database);
            var perVersion = storage.Find(Query.StartsWith("_id", PerVersionPrefix)).Select(f => f.Id).ToList();
            if (perVersion.Count == 0)
            {
                return;
            }

            // Hashed before the transaction: damage met inside it would close the engine under it.
            var moves = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in perVersion)
            {
                if (ContentId(storage, id) is { } contentId)
                {
                    moves[id] = contentId;
                }
            }

            var versions = database.Collection("models");
            database.InTransaction(() =>
            {
                foreach (var id in perVersion)
                {
                    var target = moves.GetValueOrDefault(id, id);
                    if (target != id)
                    {
                        if (!storage.Exists(target))
                        {
                            using var content = storage.OpenRead(id);
                            storage.Upload(target, FileName(target), content);
                        }

                        storage.Delete(id);
                    }

                    if (versions.FindById(id[PerVersionPrefix.Length..]) is { } version)
                    {
                        version[ArtifactField] = target;
                        versions.Update(version);
                    }
                }
            });
        }
        catch (StoredDataDamagedException)
        {
            // Left for `check` and `repair`: the versions whose artifacts stayed behind are marked corrupt when they
            // are loaded, and the content model serves meanwhile, as with any damaged artifact.
        }
    }

    private static ILiteStorage<string> Artifacts(ShowBotDatabase database) => database.Database.GetStorage<string>(ArtifactFiles, ArtifactChunks);

    /// <summary>Whether <paramref name="id"/> is stored and its bytes still hash to the id.</summary>
    private static bool HoldsIntact(ILiteStorage<string> storage, string id) =>
        storage.Exists(id) && ContentId(storage, id) == id;

    /// <summary>The content id of the stored file <paramref name="id"/>, or null when its pages cannot be read.</summary>
    private static string? ContentId(ILiteStorage<string> storage, string id)
    {
        try
        {
            using var stream = storage.OpenRead(id);
            return ArtifactId(SHA256.HashData(stream));
        }
        catch (StoredDataDamagedException)
        {
            return null;
        }
    }

    private List<BsonDocument> Using(string id) => [.. versions.Find(Filter.Equal(ArtifactField, id))];

    private static string? ArtifactOf(BsonDocument? version) =>
        version?[ArtifactField] is { IsString: true } id ? id.AsString : null;

    private static string ArtifactId(byte[] sha256) => ArtifactPrefix + Convert.ToHexStringLower(sha256);

    private static string FileName(string id) => id[(id.LastIndexOf('/') + 1)..] + ".sbrm";

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
