using LiteDB;

using ShowBot.Core.Ratings;

namespace ShowBot.Storage;

/// <summary>
/// Ratings in the <c>ratings</c> collection, one document per (user, show), keyed <c>user|show</c> so a person's ratings
/// are one range of the key's index; every change is also
/// appended, in the same transaction, to <c>rating_changes</c>, numbered, so any data version can be rebuilt. An
/// erasure on request removes the person's changes from the log and appends an <c>erase</c> change with no user in it.
/// </summary>
public sealed class LiteRatingStore : IRatingStore
{
    private const string SetOp = "set";
    private const string RemoveOp = "remove";
    private const string EraseOp = "erase";
    private const string LegacyForgetOp = "forget";

    private readonly ShowBotDatabase database;
    private readonly ILiteCollection<BsonDocument> collection;
    private readonly ILiteCollection<BsonDocument> changes;

    public LiteRatingStore(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        collection = database.Collection("ratings");
        changes = database.Database.GetCollection("rating_changes", BsonAutoId.Int64);
        // A person's ratings are found through the key, which starts with them, and only forget-me looks their changes
        // up, reading the whole log for it: an index on the user cost every like index nodes and pages written.
        database.DropIndexes(collection.Name, ["user"]);
        database.DropIndexes(changes.Name, ["user"]);
    }

    public long LastChange => changes.Count() == 0 ? 0 : changes.Max("_id").AsInt64;

    public int ChangesSince(long change)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var erased = 0;
        foreach (var entry in changes.Find(Filter.Greater("_id", change)))
        {
            if (entry["op"].AsString == EraseOp)
            {
                erased += entry["ratings"].AsInt32;
            }
            else if (entry["op"].AsString is SetOp or RemoveOp)
            {
                changed.Add(KeyOf(entry));
            }
        }

        return changed.Count + erased;
    }

    public IReadOnlyList<Rating> AsOf(long change)
    {
        var state = new Dictionary<string, Rating>(StringComparer.Ordinal);
        foreach (var entry in ChangesUpTo(change))
        {
            switch (entry["op"].AsString)
            {
                case SetOp:
                    state[KeyOf(entry)] = ToRating(entry);
                    break;
                case RemoveOp:
                    state.Remove(KeyOf(entry));
                    break;
                case LegacyForgetOp:
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

    public IReadOnlyList<RatingErasure> ErasuresAfter(long change) =>
        changes.Find(BsonExpression.Create("$._id > @0 AND $.op = @1", change, EraseOp))
            .Select(e => new RatingErasure(e["_id"].AsInt64, e["ratings"].AsInt32, ErasedAt(e)))
            .OrderBy(e => e.Change)
            .ToList();

    public int Compact(IReadOnlyCollection<long> keepExact, long upTo)
    {
        ArgumentNullException.ThrowIfNull(keepExact);
        var removed = 0;
        database.InTransaction(() =>
        {
            EraseLegacyForgets();
            var last = LastChange;
            var end = Math.Min(upTo, last);
            var log = new ChangeLogCompaction(keepExact.Where(n => n > 0 && n < end).Append(end), last);
            foreach (var entry in ChangesUpTo(end))
            {
                if (entry["op"].AsString is SetOp or RemoveOp)
                {
                    log.Add(entry["_id"].AsInt64, KeyOf(entry), entry["op"].AsString == SetOp ? ValueOf(entry) : null);
                }
            }

            foreach (var id in log.Superseded())
            {
                changes.Delete(id);
                removed++;
            }
        });
        return removed;
    }

    public int Count => collection.Count();

    /// <summary>
    /// The whole change log, oldest first, each change with its number, for copying it to another store. The
    /// forget-me changes of an old file first become the erasures a compaction makes of them.
    /// </summary>
    public IEnumerable<RatingChange> Changes()
    {
        database.InTransaction(EraseLegacyForgets);
        return ChangesUpTo(long.MaxValue).Select(ToChange);
    }

    /// <summary>
    /// The changes numbered up to <paramref name="change"/>, oldest first, read along the <c>_id</c> index one at a time:
    /// the log can hold hundreds of thousands of changes, and sorting them would hold them all in memory at once.
    /// </summary>
    private IEnumerable<BsonDocument> ChangesUpTo(long change)
    {
        foreach (var entry in changes.Find(Query.All("_id", Query.Ascending)))
        {
            if (entry["_id"].AsInt64 > change)
            {
                yield break;
            }

            yield return entry;
        }
    }

    public bool Upsert(Rating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        var changed = false;
        database.Write(() => changed = Set(rating));
        return changed;
    }

    public int UpsertMany(IEnumerable<Rating> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var list = ratings.ToList();
        var changed = 0;
        database.Write(() => changed = list.Count(Set));
        return changed;
    }

    public async Task<int> UpsertManyAsync(IEnumerable<Rating> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var list = ratings.ToList();
        var changed = 0;
        await database.WriteAsync(() => changed = list.Count(Set));
        return changed;
    }

    /// <summary>
    /// Stores the rating unless it is stored as it is, in the caller's transaction: the rating is read there, so whether
    /// it is inserted or updated holds when it is written (LiteDB's upsert would look the key up a second time).
    /// </summary>
    private bool Set(Rating rating)
    {
        var existing = collection.FindById(KeyOf(rating.User, rating.ShowId));
        if (existing is not null && existing["kind"].AsInt32 == (int)rating.Kind && existing["source"].AsInt32 == (int)rating.Source)
        {
            return false;
        }

        var document = ToDocument(rating);
        if (existing is null)
        {
            collection.Insert(document);
        }
        else
        {
            collection.Update(document);
        }

        changes.Insert(Change(SetOp, document));
        return true;
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
            changes.Insert(Change(RemoveOp, existing));
        });
        return true;
    }

    public IReadOnlyList<Rating> ForUser(UserKey user) =>
        collection.Find(RatingsOf(user)).Select(ToRating).OrderByDescending(r => r.At).ToList();

    public IEnumerable<Rating> All() => collection.FindAll().Select(ToRating);

    /// <summary>
    /// Deletes the user's ratings and every change of theirs, so no data version holds them any more, and logs an
    /// erasure (count and time, no user) that gives the data a new version. Returns how many ratings they had.
    /// </summary>
    internal int CountOf(UserKey user) => collection.Count(RatingsOf(user));

    internal int EraseUser(UserKey user, DateTimeOffset at)
    {
        var current = 0;
        database.InTransaction(() =>
        {
            current = collection.DeleteMany(RatingsOf(user));
            var history = EraseHistory(user.ToString(), before: long.MaxValue);
            if (history > 0 || current > 0)
            {
                changes.Insert(new BsonDocument { ["op"] = EraseOp, ["ratings"] = Math.Max(history, current), ["at"] = at.UtcTicks });
            }
        });
        return current;
    }

    /// <summary>Deletes the user's changes before <paramref name="before"/>; returns how many shows they touched.</summary>
    private int EraseHistory(string user, long before)
    {
        var theirs = changes.Find(Filter.Equal("user", user)).Where(c => c["_id"].AsInt64 < before).ToList();
        foreach (var change in theirs)
        {
            changes.Delete(change["_id"]);
        }

        return theirs.Where(c => c["op"].AsString is SetOp or RemoveOp).Select(c => c["show"].AsString).Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>
    /// Forget-me used to log a "forget" that kept the person's history; each becomes an erasure of everything of
    /// theirs before it (their ratings after it are new, given after they asked).
    /// </summary>
    private void EraseLegacyForgets()
    {
        foreach (var forget in changes.Find(Query.EQ("op", LegacyForgetOp)).ToList())
        {
            var erased = EraseHistory(forget["user"].AsString, before: forget["_id"].AsInt64);
            changes.Update(new BsonDocument { ["_id"] = forget["_id"], ["op"] = EraseOp, ["ratings"] = erased, ["at"] = BsonValue.Null });
        }
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

    /// <summary>
    /// The person's ratings: the keys from <c>user|</c> up to <c>user}</c> (the character after <c>|</c>) through the key's
    /// index, and of those the ones that are theirs, as a user key may itself hold a <c>|</c>.
    /// </summary>
    private static BsonExpression RatingsOf(UserKey user) => Filter.KeyRangeOf("user", user.ToString(), $"{user}|", $"{user}}}");

    private static string KeyOf(BsonDocument change) => $"{change["user"].AsString}|{change["show"].AsString}";

    private static BsonDocument ToDocument(Rating rating) => new()
    {
        ["_id"] = KeyOf(rating.User, rating.ShowId),
        ["user"] = rating.User.ToString(),
        ["show"] = rating.ShowId,
        ["kind"] = (int)rating.Kind,
        ["source"] = (int)rating.Source,
        ["at"] = rating.At.UtcTicks,
    };

    private static RatingChange ToChange(BsonDocument entry)
    {
        var number = entry["_id"].AsInt64;
        return entry["op"].AsString switch
        {
            SetOp => new RatingChange(number, RatingChangeKind.Set, ToRating(entry)),
            RemoveOp => new RatingChange(number, RatingChangeKind.Remove, ToRating(entry)),
            EraseOp => new RatingChange(number, RatingChangeKind.Erase, null, entry["ratings"].AsInt32, ErasedAt(entry)),
            var op => throw new InvalidDataException($"Rating change {number} is of an unknown kind, '{op}'."),
        };
    }

    /// <summary>When an erasure happened; null for one made before times were recorded.</summary>
    private static DateTimeOffset? ErasedAt(BsonDocument erasure) => erasure["at"].IsInt64 ? new DateTimeOffset(erasure["at"].AsInt64, TimeSpan.Zero) : null;

    private static RatingValue ValueOf(BsonDocument change) =>
        new((RatingKind)change["kind"].AsInt32, (RatingSource)change["source"].AsInt32, change["at"].AsInt64);

    private static Rating ToRating(BsonDocument d) => new(
        UserKey.Parse(d["user"].AsString),
        d["show"].AsString,
        (RatingKind)d["kind"].AsInt32,
        (RatingSource)d["source"].AsInt32,
        new DateTimeOffset(d["at"].AsInt64, TimeSpan.Zero));
}
