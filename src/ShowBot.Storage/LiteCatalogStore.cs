using LiteDB;

using ShowBot.Core.Catalog;

namespace ShowBot.Storage;

/// <summary>The catalog in the <c>shows</c> collection, keyed by IMDb id.</summary>
public sealed class LiteCatalogStore(ShowBotDatabase database) : ICatalogStore
{
    private readonly ILiteCollection<BsonDocument> collection = database.Collection("shows");

    private readonly ILiteCollection<BsonDocument> meta = database.Collection("meta");

    public int Count => collection.Count();

    public string? BuiltInVersion
    {
        get => meta.FindById("builtInCatalog")?["version"].AsString;
        set => meta.Upsert(new BsonDocument { ["_id"] = "builtInCatalog", ["version"] = value });
    }

    public IReadOnlyList<Show> All() => collection.FindAll().Select(ToShow).ToList();

    public int Upsert(IEnumerable<Show> shows)
    {
        ArgumentNullException.ThrowIfNull(shows);
        var documents = shows.Select(ToDocument).ToList();
        collection.Upsert(documents);
        return documents.Count;
    }

    private static BsonDocument ToDocument(Show show) => new()
    {
        ["_id"] = show.Id,
        ["title"] = show.Title,
        ["start"] = show.StartYear is { } start ? start : BsonValue.Null,
        ["end"] = show.EndYear is { } end ? end : BsonValue.Null,
        ["genres"] = new BsonArray(show.Genres.Select(g => new BsonValue(g))),
        ["rating"] = show.ImdbRating is { } rating ? rating : BsonValue.Null,
        ["votes"] = show.ImdbVotes is { } votes ? votes : BsonValue.Null,
        ["aliases"] = new BsonArray(show.Aliases.Select(a => new BsonValue(a))),
    };

    private static Show ToShow(BsonDocument d) => new(
        d["_id"].AsString,
        d["title"].AsString,
        d["start"].IsNull ? null : d["start"].AsInt32,
        d["end"].IsNull ? null : d["end"].AsInt32,
        d["genres"].AsArray.Select(g => g.AsString).ToList(),
        d["rating"].IsNull ? null : d["rating"].AsDouble,
        d["votes"].IsNull ? null : d["votes"].AsInt64)
    {
        Aliases = d["aliases"].AsArray.Select(a => a.AsString).ToList(),
    };
}
