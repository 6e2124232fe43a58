using LiteDB;

using ShowBot.Core.Ratings;

namespace ShowBot.Storage;

/// <summary>Ratings in the <c>ratings</c> collection, one document per (user, show), indexed by user.</summary>
public sealed class LiteRatingStore : IRatingStore
{
    private readonly ShowBotDatabase database;
    private readonly ILiteCollection<BsonDocument> collection;

    public LiteRatingStore(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        collection = database.Collection("ratings");
        collection.EnsureIndex("user");
    }

    public int Count => collection.Count();

    public bool Upsert(Rating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        var existing = collection.FindById(KeyOf(rating.User, rating.ShowId));
        if (existing is not null && existing["kind"].AsInt32 == (int)rating.Kind && existing["source"].AsInt32 == (int)rating.Source)
        {
            return false;
        }

        collection.Upsert(ToDocument(rating));
        return true;
    }

    public int UpsertMany(IEnumerable<Rating> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var db = database.Database;
        db.BeginTrans();
        try
        {
            var changed = ratings.Count(Upsert);
            db.Commit();
            return changed;
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source)
    {
        var key = KeyOf(user, showId);
        var existing = collection.FindById(key);
        return existing is not null
            && existing["kind"].AsInt32 == (int)kind
            && existing["source"].AsInt32 == (int)source
            && collection.Delete(key);
    }

    public IReadOnlyList<Rating> ForUser(UserKey user) =>
        collection.Find(Query.EQ("user", user.ToString())).Select(ToRating).OrderByDescending(r => r.At).ToList();

    public IEnumerable<Rating> All() => collection.FindAll().Select(ToRating);

    public int ForgetUser(UserKey user) => collection.DeleteMany(Query.EQ("user", user.ToString()));

    private static string KeyOf(UserKey user, string showId) => $"{user}|{showId}";

    private static BsonDocument ToDocument(Rating rating) => new()
    {
        ["_id"] = KeyOf(rating.User, rating.ShowId),
        ["user"] = rating.User.ToString(),
        ["show"] = rating.ShowId,
        ["kind"] = (int)rating.Kind,
        ["source"] = (int)rating.Source,
        ["at"] = rating.At.UtcTicks,
    };

    private static Rating ToRating(BsonDocument d) => new(
        UserKey.Parse(d["user"].AsString),
        d["show"].AsString,
        (RatingKind)d["kind"].AsInt32,
        (RatingSource)d["source"].AsInt32,
        new DateTimeOffset(d["at"].AsInt64, TimeSpan.Zero));
}
