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
/// accepted and removed when it is answered or fails, so a request changes an index node once in its life: a claim
/// changes no indexed value. Every other query is rare (forget-me, the daily retention, a copy) and reads the collection.
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

    private readonly ILiteCollection<BsonDocument> requests;
    private readonly Lock claimGate;
    private readonly Dictionary<string, BsonDocument> claimed;

    public LitePredictionQueue(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
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
        lock (claimGate)
        {
            // The key is the document's id, so a repeat is refused by the insert itself, without reading first.
            try
            {
                requests.Insert(ToDocument(request));
                return true;
            }
            catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                return false;
            }
        }
    }

    public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        lock (claimGate)
        {
            // The requests in flight are among the oldest outstanding, and there are no more of them than lanes.
            var next = requests.Query().Where(Outstanding).OrderBy(Queued).ToEnumerable()
                .FirstOrDefault(d => IsPending(d) && d["notBefore"].AsInt64 <= now.UtcTicks && platforms.Contains(d["platform"].AsString));
            if (next is null)
            {
                return null;
            }

            next["state"] = nameof(RequestState.InFlight);
            next["claimed"] = now.UtcTicks;
            requests.Update(next);
            claimed[next["_id"].AsString] = next;
            return ToRequest(next);
        }
    }

    public void MarkAnswered(string key, DateTimeOffset now) => Change(key, d =>
    {
        d["state"] = nameof(RequestState.Answered);
        d.Remove(Queued);
        d["answered"] = now.UtcTicks;
    });

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

    public int RecoverInFlight()
    {
        lock (claimGate)
        {
            var stranded = requests.Find(Outstanding).Where(d => !IsPending(d)).ToList();
            foreach (var document in stranded)
            {
                requests.Update(Pending(document));
                claimed.Remove(document["_id"].AsString);
            }

            return stranded.Count;
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
            return requests.DeleteMany(ErasableOf(user));
        }
    }

    internal int CountErasable(UserKey user) => requests.Count(ErasableOf(user));

    /// <summary>What forget-me deletes: the person's requests and the group requests naming them, but not one being answered.</summary>
    private static BsonExpression ErasableOf(UserKey user) => BsonExpression.Create(
        "($.user = @0 OR $.members[*].user ANY = @0) AND $.state != @1",
        new BsonValue(user.ToString()),
        new BsonValue(nameof(RequestState.InFlight)));

    /// <summary>Every request kept, in any state, for copying the queue to another store.</summary>
    public IEnumerable<StoredRequest> All() => requests.FindAll().Select(d => new StoredRequest(
        ToRequest(d),
        Enum.Parse<RequestState>(d["state"].AsString),
        d["notBefore"] is { IsInt64: true } retry && retry.AsInt64 > 0 ? new DateTimeOffset(retry.AsInt64, TimeSpan.Zero) : null,
        d["error"] is { IsString: true } error ? error.AsString : null,
        d["answered"] is { IsInt64: true } answered ? new DateTimeOffset(answered.AsInt64, TimeSpan.Zero) : null));

    public PredictionRequest? Find(string key) => requests.FindById(key) is { } document ? ToRequest(document) : null;

    public RequestState? StateOf(string key) =>
        requests.FindById(key) is { } document ? Enum.Parse<RequestState>(document["state"].AsString) : null;

    private static BsonArray Finished => [nameof(RequestState.Answered), nameof(RequestState.Failed)];

    private static bool IsPending(BsonDocument document) => document["state"].AsString == nameof(RequestState.Pending);

    /// <summary>Makes the document pending, waiting in the order it was accepted in.</summary>
    private static BsonDocument Pending(BsonDocument document)
    {
        document["state"] = nameof(RequestState.Pending);
        document[Queued] = document["accepted"];
        return document;
    }

    /// <summary>
    /// Changes a request, usually one this process claimed, whose document the claim already read. It leaves the claimed
    /// ones first: should the write fail, the next attempt reads the request as stored.
    /// </summary>
    private void Change(string key, Action<BsonDocument> change)
    {
        lock (claimGate)
        {
            var document = claimed.Remove(key, out var held) ? held : requests.FindById(key);
            if (document is null)
            {
                throw NotQueued(key);
            }

            change(document);
            if (!requests.Update(document))
            {
                throw NotQueued(key);
            }
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
