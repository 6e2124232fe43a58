using LiteDB;

using ShowBot.Core.Ratings;

namespace ShowBot.Storage;

/// <summary>
/// Ratings in the <c>ratings</c> collection, one document per (user, show), indexed by user; every change is also
/// appended, in the same transaction, to <c>rating_changes</c>, numbered, so any data version can be rebuilt.
/// </summary>
public sealed class LiteRatingStore : IRatingStore
{
    private readonly ShowBotDatabase database;
    private readonly ILiteCollection<BsonDocument> collection;
    private readonly ILiteCollection<BsonDocument> changes;

    public LiteRatingStore(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        collection = database.Collection("ratings");
        collection.EnsureIndex("user");
        changes = database.Database.GetCollection("rating_changes", BsonAutoId.Int64);
    }

    public long LastChange => changes.Count() == 0 ? 0 : changes.Max("_id").AsInt64;

    public int ChangesSince(long change) => changes.Count(Query.GT("_id", change));

    public IReadOnlyList<Rating> AsOf(long change)
    {
        var state = new Dictionary<string, Rating>(StringComparer.Ordinal);
        foreach (var entry in changes.Find(Query.LTE("_id", change)).OrderBy(d => d["_id"].AsInt64))
        {
            switch (entry["op"].AsString)
            {
                case "set":
                    var rating = ToRating(entry);
                    state[KeyOf(rating.User, rating.ShowId)] = rating;
                    break;
                case "remove":
                    state.Remove(KeyOf(UserKey.Parse(entry["user"].AsString), entry["show"].AsString));
                    break;
                case "forget":
                    var prefix = entry["user"].AsString + "|";
                    foreach (var key in state.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                    {
                        state.Remove(key);
                    }

                    break;
            }
        }

        return [.. state.Values];
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

        database.InTransaction(() =>
        {
            collection.Upsert(ToDocument(rating));
            changes.Insert(Change("set", ToDocument(rating)));
        });
        return true;
    }

    public int UpsertMany(IEnumerable<Rating> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var changed = 0;
        database.InTransaction(() => changed = ratings.Count(Upsert));
        return changed;
    }

    public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source)
    {
        var key = KeyOf(user, showId);
        var existing = collection.FindById(key);
        if (existing is null || existing["kind"].AsInt32 != (int)kind || existing["source"].AsInt32 != (int)source)
        {
            return false;
        }

        database.InTransaction(() =>
        {
            collection.Delete(key);
            changes.Insert(Change("remove", existing));
        });
        return true;
    }

    public IReadOnlyList<Rating> ForUser(UserKey user) =>
        collection.Find(Query.EQ("user", user.ToString())).Select(ToRating).OrderByDescending(r => r.At).ToList();

    public IEnumerable<Rating> All() => collection.FindAll().Select(ToRating);

    public int ForgetUser(UserKey user)
    {
        var removed = 0;
        database.InTransaction(() =>
        {
            removed = collection.DeleteMany(Query.EQ("user", user.ToString()));
            if (removed > 0)
            {
                changes.Insert(new BsonDocument { ["op"] = "forget", ["user"] = user.ToString() });
            }
        });
        return removed;
    }

    private static BsonDocument Change(string op, BsonDocument rating)
    {
        var change = new BsonDocument { ["op"] = op };
        foreach (var field in rating.Where(f => f.Key != "_id"))
        {
            change[field.Key] = field.Value;
        }

        return change;
    }


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
