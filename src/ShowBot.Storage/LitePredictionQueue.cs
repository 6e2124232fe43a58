using LiteDB;

using ShowBot.Core.Chat;
using ShowBot.Core.Groups;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage;

/// <summary>
/// The durable request queue in the <c>requests</c> collection, keyed by the platform's command id.
/// Answered and failed requests stay as a record, so a redelivered command is recognised and not answered twice,
/// until <see cref="Prune"/> deletes them after the retention.
/// An outstanding request (pending or in flight) also carries <c>queued</c>, its accepted time, in the one index besides
/// <c>_id</c>: a claim reads the outstanding requests oldest first from it and stops at the first it may take, and the
/// queue depth and the recovery of requests in flight at a start read only them. <c>queued</c> is set when a request is
/// accepted and removed when it is answered or fails, so a request changes an index node once in its life.
/// A claim is held in memory (<see cref="ShowBotDatabase.ClaimedRequests"/>) and writes nothing: only this process opens
/// the file (<see cref="DatabaseLock"/>), and a request it had in flight when it stopped is pending in the file, so the
/// next start answers it, as it would a claim written and recovered. The claim is let go once the request's answer,
/// release or failure is written. Every other query is rare (forget-me, the daily retention, a copy) and reads the collection.
/// </summary>
public sealed class LitePredictionQueue : IPredictionQueue
{
    private const string Queued = "queued";

    /// <summary>
    /// Indexes an older file has and no query needs: each cost every request index nodes, written when it was accepted,
    /// claimed and answered.
    /// </summary>
    private static readonly string[] Unused = ["state", "user"];

    /// <summary>Every outstanding request, oldest first: the optimizer takes the order from the index and sorts nothing.</summary>
    private static readonly BsonExpression Outstanding = BsonExpression.Create("$.queued >= 0");

    private readonly ShowBotDatabase database;
    private readonly ILiteCollection<BsonDocument> requests;
    private readonly Lock claimGate;
    private readonly Dictionary<string, BsonDocument> claimed;

    public LitePredictionQueue(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        requests = database.Collection("requests");
        claimGate = database.QueueGate;
        claimed = database.ClaimedRequests;
        requests.EnsureIndex(Queued);
        lock (claimGate)
        {
            if (database.HasIndex(requests.Name, Unused[0]))
            {
                QueueOlderOutstanding();
            }

            database.DropIndexes(requests.Name, Unused);
        }
    }

    /// <summary>
    /// Outstanding requests of a file written before every one carried <c>queued</c> get it, so they are claimed,
    /// counted and recovered like the rest; done before the <c>state</c> index goes, so a stop between the two does it again.
    /// </summary>
    private void QueueOlderOutstanding()
    {
        foreach (var document in requests.Find(Query.In("state", nameof(RequestState.Pending), nameof(RequestState.InFlight))).Where(d => !d.ContainsKey(Queued)).ToList())
        {
            document[Queued] = document["accepted"];
            requests.Update(document);
        }
    }

    public int CountOutstanding(string? platform = null) =>
        requests.Find(Outstanding).Count(d => platform is null || d["platform"].AsString == platform);

    public bool TryEnqueue(PredictionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var document = ToDocument(request);
        // The key is the document's id, so a repeat is refused by the insert itself, without reading first; with nothing
        // read, the gate is not needed, and requests accepted at the same moment are committed together.
        try
        {
            database.Write(() => requests.Insert(document));
            return true;
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        lock (claimGate)
        {
            // The requests in flight are among the oldest outstanding, and there are no more of them than lanes.
            var next = requests.Query().Where(Outstanding).OrderBy(Queued).ToEnumerable()
                .FirstOrDefault(d => IsPending(d) && !claimed.ContainsKey(d["_id"].AsString) && d["notBefore"].AsInt64 <= now.UtcTicks && platforms.Contains(d["platform"].AsString));
            if (next is null)
            {
                return null;
            }

            claimed[next["_id"].AsString] = next;
            return ToRequest(next);
        }
    }

    public void MarkAnswered(string key, DateTimeOffset now) => Change(key, Answered(now));

    public Task MarkAnsweredAsync(string key, DateTimeOffset now) => ChangeClaimedAsync(key, Answered(now));

    public void Release(string key, string? error, DateTimeOffset? retryAt = null) => Change(key, d =>
    {
        Pending(d);
        d["notBefore"] = retryAt?.UtcTicks ?? 0L;
        if (error is not null)
        {
            d["attempts"] = d["attempts"].AsInt32 + 1;
            d["error"] = error;
        }
    });

    public void MarkFailed(string key, string error) => Change(key, d =>
    {
        d["state"] = nameof(RequestState.Failed);
        d.Remove(Queued);
        d["attempts"] = d["attempts"].AsInt32 + 1;
        d["error"] = error;
    });

    /// <summary>
    /// Lets go of every claim: those held in memory, and those an older version wrote into the file (a request it had
    /// in flight when it stopped). Called as the worker starts, when no lane holds a request.
    /// </summary>
    public int RecoverInFlight()
    {
        lock (claimGate)
        {
            var stranded = requests.Find(Outstanding).Where(d => !IsPending(d)).ToList();
            foreach (var document in stranded)
            {
                requests.Update(Pending(document));
            }

            // A claim is taken only of a request pending in the file, so none of them is among the stranded.
            var held = claimed.Count;
            claimed.Clear();
            return stranded.Count + held;
        }
    }

    public int Prune(DateTimeOffset acceptedBefore)
    {
        lock (claimGate)
        {
            return requests.DeleteMany(BsonExpression.Create("$.state IN @0 AND $.accepted < @1", Finished, acceptedBefore.UtcTicks));
        }
    }

    /// <summary>
    /// Deletes the user's requests, and the group requests naming them, except one being answered right now (the worker holds it); a waiting one is never
    /// answered, since answering would store a list about someone who asked to be forgotten.
    /// </summary>
    internal int EraseUser(UserKey user)
    {
        lock (claimGate)
        {
            var erasable = Erasable(user);
            foreach (var key in erasable)
            {
                requests.Delete(key);
            }

            return erasable.Count;
        }
    }

    internal int CountErasable(UserKey user)
    {
        lock (claimGate)
        {
            return Erasable(user).Count;
        }
    }

    /// <summary>The keys of the person's requests that forget-me deletes; under the gate, as the claims are read.</summary>
    private List<string> Erasable(UserKey user) =>
        requests.Find(ErasableOf(user)).Select(d => d["_id"].AsString).Where(key => !claimed.ContainsKey(key)).ToList();

    /// <summary>
    /// What forget-me deletes: the person's requests and the group requests naming them, but not one being answered (held
    /// in memory, or, in a file an older version wrote, in flight in the file).
    /// </summary>
    private static BsonExpression ErasableOf(UserKey user) => BsonExpression.Create(
        "($.user = @0 OR $.members[*].user ANY = @0) AND $.state != @1",
        new BsonValue(user.ToString()),
        new BsonValue(nameof(RequestState.InFlight)));

    /// <summary>Every request kept, in any state, for copying the queue to another store.</summary>
    public IEnumerable<StoredRequest> All() => requests.FindAll().Select(d => new StoredRequest(
        ToRequest(d),
        IsClaimed(d["_id"].AsString) ? RequestState.InFlight : Enum.Parse<RequestState>(d["state"].AsString),
        d["notBefore"] is { IsInt64: true } retry && retry.AsInt64 > 0 ? new DateTimeOffset(retry.AsInt64, TimeSpan.Zero) : null,
        d["error"] is { IsString: true } error ? error.AsString : null,
        d["answered"] is { IsInt64: true } answered ? new DateTimeOffset(answered.AsInt64, TimeSpan.Zero) : null));

    public PredictionRequest? Find(string key) => requests.FindById(key) is { } document ? ToRequest(document) : null;

    /// <summary>
    /// A claimed request is in flight (the file says so only when an older version wrote it). The claim is looked at
    /// before the document is read: a claim is let go only once its change is written, so the document read then is new.
    /// </summary>
    public RequestState? StateOf(string key)
    {
        if (IsClaimed(key))
        {
            return RequestState.InFlight;
        }

        return requests.FindById(key) is { } document ? Enum.Parse<RequestState>(document["state"].AsString) : null;
    }

    private bool IsClaimed(string key)
    {
        lock (claimGate)
        {
            return claimed.ContainsKey(key);
        }
    }

    private static BsonArray Finished => [nameof(RequestState.Answered), nameof(RequestState.Failed)];

    private static Action<BsonDocument> Answered(DateTimeOffset now) => d =>
    {
        d["state"] = nameof(RequestState.Answered);
        d.Remove(Queued);
        d["answered"] = now.UtcTicks;
    };

    private static bool IsPending(BsonDocument document) => document["state"].AsString == nameof(RequestState.Pending);

    /// <summary>Makes the document pending, waiting in the order it was accepted in.</summary>
    private static BsonDocument Pending(BsonDocument document)
    {
        document["state"] = nameof(RequestState.Pending);
        document[Queued] = document["accepted"];
        return document;
    }

    /// <summary>
    /// Changes a request, usually one this process claimed, whose document the claim already read. The claim is let go
    /// once the change is written: should the write fail, the request stays this lane's, and no other lane takes it.
    /// </summary>
    private void Change(string key, Action<BsonDocument> change)
    {
        lock (claimGate)
        {
            var stored = claimed.TryGetValue(key, out var held) ? held : requests.FindById(key);
            if (stored is null)
            {
                throw NotQueued(key);
            }

            var document = new BsonDocument(stored);
            change(document);
            var updated = false;
            database.Write(() => updated = requests.Update(document));
            claimed.Remove(key);
            if (!updated)
            {
                throw NotQueued(key);
            }
        }
    }

    /// <summary>
    /// <see cref="Change"/> for a request this process claimed, written with other requests' writes: the gate is not held
    /// while the write waits, since only the claiming lane changes a claimed request and every other reader leaves it
    /// alone while it is claimed; the claim is let go once the change is written.
    /// </summary>
    private async Task ChangeClaimedAsync(string key, Action<BsonDocument> change)
    {
        BsonDocument? document = null;
        lock (claimGate)
        {
            if (claimed.TryGetValue(key, out var held))
            {
                document = new BsonDocument(held);
            }
        }

        if (document is null)
        {
            Change(key, change);
            return;
        }

        change(document);
        var updated = false;
        await database.WriteAsync(() => updated = requests.Update(document));
        lock (claimGate)
        {
            claimed.Remove(key);
        }

        if (!updated)
        {
            throw NotQueued(key);
        }
    }

    private static KeyNotFoundException NotQueued(string key) => new($"No queued request has the key '{key}'.");

    private static BsonDocument ToDocument(PredictionRequest request) => new()
    {
        ["_id"] = request.Key,
        ["state"] = nameof(RequestState.Pending),
        ["user"] = request.User.ToString(),
        ["shows"] = new BsonArray(request.ShowIds.Select(id => new BsonValue(id))),
        ["count"] = request.Count,
        ["genre"] = request.Genre is null ? BsonValue.Null : request.Genre,
        ["notes"] = new BsonArray(request.Notes.Select(n => new BsonValue(n))),
        ["wanted"] = new BsonArray(request.Wanted.Select(w => new BsonValue(w))),
        ["fromYear"] = request.FromYear is { } from ? from : BsonValue.Null,
        ["toYear"] = request.ToYear is { } to ? to : BsonValue.Null,
        ["asked"] = request.Description is null ? BsonValue.Null : request.Description,
        ["platform"] = request.Target.Platform,
        ["target"] = request.Target.Payload,
        ["accepted"] = request.AcceptedAt.UtcTicks,
        [Queued] = request.AcceptedAt.UtcTicks,
        ["notBefore"] = 0L,
        ["attempts"] = request.Attempts,
        ["members"] = new BsonArray(request.Members.Select(m => new BsonDocument { ["user"] = m.User.ToString(), ["name"] = m.Name })),
        ["shownBefore"] = new BsonArray(request.ShownBefore.Select(id => new BsonValue(id))),
    };

    private static PredictionRequest ToRequest(BsonDocument d) => new(
        d["_id"].AsString,
        UserKey.Parse(d["user"].AsString),
        d["shows"].AsArray.Select(v => v.AsString).ToList(),
        d["count"].AsInt32,
        new ReplyTarget(d["platform"].AsString, d["target"].AsString),
        new DateTimeOffset(d["accepted"].AsInt64, TimeSpan.Zero))
    {
        Genre = d["genre"].IsNull ? null : d["genre"].AsString,
        Notes = d["notes"].AsArray.Select(v => v.AsString).ToList(),
        Wanted = d.TryGetValue("wanted", out var wanted) && wanted.IsArray ? wanted.AsArray.Select(v => v.AsString).ToList() : [],
        FromYear = d.TryGetValue("fromYear", out var from) && from.IsInt32 ? from.AsInt32 : null,
        ToYear = d.TryGetValue("toYear", out var to) && to.IsInt32 ? to.AsInt32 : null,
        Description = d.TryGetValue("asked", out var asked) && asked.IsString ? asked.AsString : null,
        Attempts = d["attempts"].AsInt32,
        Members = d.TryGetValue("members", out var members) && members.IsArray
            ? members.AsArray.Select(m => new GroupMember(UserKey.Parse(m["user"].AsString), m["name"].AsString)).ToList()
            : [],
        ShownBefore = d.TryGetValue("shownBefore", out var shown) && shown.IsArray ? shown.AsArray.Select(v => v.AsString).ToList() : [],
    };
}
