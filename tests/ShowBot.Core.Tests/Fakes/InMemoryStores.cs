using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Core.Tests.Fakes;

/// <summary>A rating store over a dictionary keyed by (user, show), with the real store's rule: an upsert of the same kind and source changes nothing.</summary>
internal sealed class InMemoryRatingStore : IRatingStore
{
    private readonly Dictionary<(UserKey User, string Show), Rating> ratings = [];
    private readonly List<(long Id, string Op, UserKey? User, Rating? Rating, string? Show, int Erased)> changes = [];
    private long lastChange;

    public InMemoryRatingStore(params Rating[] initial)
    {
        foreach (var rating in initial)
        {
            ratings[(rating.User, rating.ShowId)] = rating;
        }
    }

    public int Count => ratings.Count;

    public int UpsertManyCalls { get; private set; }

    public Rating? Find(UserKey user, string showId) => ratings.GetValueOrDefault((user, showId));

    public bool Upsert(Rating rating)
    {
        if (ratings.TryGetValue((rating.User, rating.ShowId), out var old) && old.Kind == rating.Kind && old.Source == rating.Source)
        {
            return false;
        }

        ratings[(rating.User, rating.ShowId)] = rating;
        changes.Add((++lastChange, "set", rating.User, rating, rating.ShowId, 0));
        return true;
    }

    public int UpsertMany(IEnumerable<Rating> batch)
    {
        UpsertManyCalls++;
        return batch.Count(Upsert);
    }

    public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source)
    {
        if (!ratings.TryGetValue((user, showId), out var r) || r.Kind != kind || r.Source != source)
        {
            return false;
        }

        ratings.Remove((user, showId));
        changes.Add((++lastChange, "remove", user, null, showId, 0));
        return true;
    }

    public IEnumerable<Rating> All() => ratings.Values.ToList();

    public IReadOnlyList<Rating> ForUser(UserKey user) =>
        ratings.Values.Where(r => r.User == user).OrderByDescending(r => r.At).ToList();

    public int Erase(UserKey user)
    {
        var removed = ratings.Keys.Where(k => k.User == user).ToList().Count(k => ratings.Remove(k));
        var history = changes.RemoveAll(c => c.User == user);
        if (removed + history > 0)
        {
            changes.Add((++lastChange, "erase", null, null, null, removed));
        }

        return removed;
    }

    public long LastChange => lastChange;

    public int ChangesSince(long change) =>
        changes.Where(c => c.Id > change && c.User is not null).Select(c => (c.User, c.Show)).Distinct().Count()
        + changes.Where(c => c.Id > change).Sum(c => c.Erased);

    public IReadOnlyList<RatingErasure> ErasuresAfter(long change) =>
        changes.Where(c => c.Id > change && c.Op == "erase").Select(c => new RatingErasure(c.Id, c.Erased, null)).ToList();

    public int Compact(IReadOnlyCollection<long> keepExact, long upTo) => 0;

    public IReadOnlyList<Rating> AsOf(long change)
    {
        var state = new Dictionary<(UserKey, string), Rating>();
        foreach (var (_, op, user, rating, show, _) in changes.Where(c => c.Id <= change))
        {
            switch (op)
            {
                case "set":
                    state[(user!.Value, show!)] = rating!;
                    break;
                case "remove":
                    state.Remove((user!.Value, show!));
                    break;
            }
        }

        return [.. state.Values];
    }

    public IReadOnlyList<Rating> Snapshot() =>
        ratings.Values.OrderBy(r => r.User.ToString(), StringComparer.Ordinal).ThenBy(r => r.ShowId, StringComparer.Ordinal).ToList();
}

/// <summary>Forget-me over the in-memory stores.</summary>
internal sealed class InMemoryPersonalDataEraser(InMemoryRatingStore ratings, InMemorySuggestionMessageStore messages) : IPersonalDataEraser
{
    public ErasedData Erase(UserKey user, DateTimeOffset at) => new(ratings.Erase(user), 0, messages.Erase(user));

    public ErasedData Held(UserKey user) => new(ratings.ForUser(user).Count, 0, messages.All.Count(m => m.RequestedBy == user));
}

/// <summary>A queue in a dictionary, keeping states like the durable one.</summary>
internal sealed class InMemoryPredictionQueue : IPredictionQueue
{
    private readonly Dictionary<string, (PredictionRequest Request, RequestState State, DateTimeOffset NotBefore)> requests = [];
    private readonly Lock gate = new();

    public IReadOnlyList<string> Errors => errors;

    private readonly List<string> errors = [];

    /// <summary>The requests waiting, in the order they were queued.</summary>
    public IReadOnlyList<PredictionRequest> Waiting()
    {
        lock (gate)
        {
            return [.. requests.Values.Where(r => r.State == RequestState.Pending).Select(r => r.Request)];
        }
    }

    public bool TryEnqueue(PredictionRequest request)
    {
        lock (gate)
        {
            return requests.TryAdd(request.Key, (request, RequestState.Pending, DateTimeOffset.MinValue));
        }
    }

    public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms)
    {
        lock (gate)
        {
            var next = requests.Values
                .Where(r => r.State == RequestState.Pending && r.NotBefore <= now && platforms.Contains(r.Request.Target.Platform))
                .OrderBy(r => r.Request.AcceptedAt)
                .Select(r => r.Request)
                .FirstOrDefault();
            if (next is not null)
            {
                requests[next.Key] = requests[next.Key] with { State = RequestState.InFlight };
            }

            return next;
        }
    }

    public void MarkAnswered(string key, DateTimeOffset now) => Set(key, RequestState.Answered);

    public void Release(string key, string? error, DateTimeOffset? retryAt = null)
    {
        lock (gate)
        {
            var (request, _, _) = requests[key];
            if (error is not null)
            {
                errors.Add(error);
                request = request with { Attempts = request.Attempts + 1 };
            }

            requests[key] = (request, RequestState.Pending, retryAt ?? DateTimeOffset.MinValue);
        }
    }

    public void MarkFailed(string key, string error)
    {
        lock (gate)
        {
            errors.Add(error);
            Set(key, RequestState.Failed);
        }
    }

    public int RecoverInFlight()
    {
        lock (gate)
        {
            var stranded = requests.Where(r => r.Value.State == RequestState.InFlight).Select(r => r.Key).ToList();
            stranded.ForEach(key => Set(key, RequestState.Pending));
            return stranded.Count;
        }
    }

    public PredictionRequest? Find(string key)
    {
        lock (gate)
        {
            return requests.TryGetValue(key, out var r) ? r.Request : null;
        }
    }

    public RequestState? StateOf(string key)
    {
        lock (gate)
        {
            return requests.TryGetValue(key, out var r) ? r.State : null;
        }
    }

    public int CountOutstanding(string? platform = null)
    {
        lock (gate)
        {
            return requests.Values.Count(r => r.State is RequestState.Pending or RequestState.InFlight && (platform is null || r.Request.Target.Platform == platform));
        }
    }

    public int Prune(DateTimeOffset acceptedBefore)
    {
        lock (gate)
        {
            return requests.Where(r => r.Value.State is RequestState.Answered or RequestState.Failed && r.Value.Request.AcceptedAt < acceptedBefore)
                .Select(r => r.Key).ToList().Count(requests.Remove);
        }
    }

    private void Set(string key, RequestState state)
    {
        lock (gate)
        {
            requests[key] = requests[key] with { State = state };
        }
    }
}

internal sealed class InMemorySuggestionMessageStore : ISuggestionMessageStore
{
    private readonly Dictionary<MessageRef, SuggestionMessage> messages = [];

    public IReadOnlyCollection<SuggestionMessage> All => messages.Values;

    public void Save(SuggestionMessage message) => messages[message.Message] = message;

    public SuggestionMessage? Find(MessageRef message) => messages.GetValueOrDefault(message);

    public IReadOnlyCollection<string> ShowsSuggestedTo(IReadOnlyCollection<UserKey> group) =>
        messages.Values
            .Where(m => m.Group.Count > 0 ? m.Group.ToHashSet().SetEquals(group) : group.Count == 1 && group.Contains(m.RequestedBy))
            .SelectMany(m => m.ShowIds).ToHashSet();

    public int Erase(UserKey user) => messages.Where(m => m.Value.RequestedBy == user).Select(m => m.Key).ToList().Count(messages.Remove);

    public int Prune(DateTimeOffset postedBefore) => messages.Where(m => m.Value.PostedAt < postedBefore).Select(m => m.Key).ToList().Count(messages.Remove);
}

/// <summary>A chat platform that records what it was asked to send and can be told to fail or hang.</summary>
internal sealed class RecordingChatPlatform(string platform = "test") : IChatPlatform
{
    private int sent;

    public string Platform { get; } = platform;

    public List<(ReplyTarget Target, Reply Reply)> Sent { get; } = [];

    /// <summary>How many of the next sends throw a transient failure.</summary>
    public int FailNext { get; set; }

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, a send is recorded (the message is out) and then waits for it before returning the message's id.</summary>
    public TaskCompletionSource? ReturnGate { get; set; }

    /// <summary>Completes when the first message is out.</summary>
    public TaskCompletionSource FirstSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a send begins (before <see cref="Gate"/> holds it).</summary>
    public TaskCompletionSource Sending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        Sending.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (FailNext > 0)
        {
            FailNext--;
            throw new HttpRequestException("503 from the chat platform");
        }

        lock (Sent)
        {
            Sent.Add((target, reply));
        }

        FirstSent.TrySetResult();
        if (ReturnGate is { } returnGate)
        {
            await returnGate.Task.WaitAsync(cancellationToken);
        }

        return new MessageRef(Platform, "channel-1", $"{Interlocked.Increment(ref sent)}");
    }
}
