using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using NSec.Cryptography;

namespace ShowBot.Discord.Fakes;

/// <summary>
/// A Discord that speaks the documented protocol on loopback: <c>/gateway/bot</c>, gateway WebSockets (Hello, ACKs,
/// dispatches with sequence numbers, Identify → READY, Resume → replay + RESUMED, op 7, op 9, close codes) and the
/// REST routes the bot uses, with rate-limit headers and injectable 429s. Every request is recorded. Interactions go
/// over the gateway (<c>INTERACTION_CREATE</c>) or, once <see cref="InteractionsEndpoint"/> is set (the portal's
/// Interactions Endpoint URL), only as signed POSTs to it, their responses recorded. As Discord, it refuses an edit or
/// follow-up of an interaction that was never acknowledged (10015 Unknown Webhook).
/// Sharding as Discord does it: each Identify's <c>shard</c> array ([0, 1] when absent) starts a session of its own,
/// with its own session id and sequence; a dispatch goes to the session of each shard that
/// <c>(guild_id &gt;&gt; 22) % num_shards</c> picks (shard 0 for an event without a server), and an Identify within
/// <see cref="IdentifyInterval"/> of the previous one in its bucket (<c>shard_id % max_concurrency</c>) is answered
/// with Invalid Session (op 9, not resumable), as Discord's Identifying section documents. The methods that act on "the"
/// connection act on shard 0's unless told another shard.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string Token = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs";
    public const string BotUserId = "900000000000000001";
    public const string ApplicationId = "900000000000000002";
    public const string GuildId = "900000000000000003";
    public const string ChannelId = "900000000000000004";

    private readonly WebApplication app;
    private readonly SemaphoreSlim dispatchGate = new(1, 1);
    private readonly ConcurrentDictionary<int, FakeSession> sessions = new();
    private readonly Dictionary<int, long> lastIdentifyInBucket = [];
    private readonly ConcurrentDictionary<string, string> channelOfToken = new();
    private readonly ConcurrentDictionary<string, bool> acknowledged = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> tokenAcknowledged = new();
    private readonly Key interactionsKey = Key.Create(SignatureAlgorithm.Ed25519);
    private readonly HttpClient endpointClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    private long nextMessageId = 910000000000000000;
    private long nextInteractionId = 920000000000000000;
    private int reactionRateLimitsToInject;
    private int handshakesToHang;
    private int hellosToWithhold;
    private int balancerRetries;
    private TaskCompletionSource repliesReleased = Released();
    private int nextBalanced = -1;

    private FakeDiscord(WebApplication app) => this.app = app;

    public Uri ApiBase { get; private set; } = null!;

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The application's public key, as the Developer Portal shows it: 64 hex digits.</summary>
    public string PublicKey => Convert.ToHexStringLower(interactionsKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    /// <summary>The Interactions Endpoint URL: while set, interactions are posted there instead of sent over the gateway.</summary>
    public Uri? InteractionsEndpoint { get; set; }

    /// <summary>
    /// Nodes behind a load balancer at the Interactions Endpoint URL: each interaction goes to the next node in turn, and
    /// one whose connection fails (refused, or reset by a node that died) goes on to the next node, as a balancer that
    /// retries on errors does. Retrying is safe because the bot handles an interaction id once.
    /// </summary>
    public IReadOnlyList<Uri> BalancedEndpoints { get; set; } = [];

    /// <summary>How many times the original response of each interaction (by token) was edited, counting only edits applied.</summary>
    public ConcurrentDictionary<string, int> OriginalEdits { get; } = new(StringComparer.Ordinal);

    /// <summary>Interactions the balancer sent again to another node after a connection to one failed.</summary>
    public int BalancerRetries => Volatile.Read(ref balancerRetries);

    /// <summary>The bot's response to every interaction posted to its endpoint, in order.</summary>
    public ConcurrentQueue<EndpointResponse> EndpointResponses { get; } = new();

    public bool AckHeartbeats { get; set; } = true;

    /// <summary>The shard count <c>/gateway/bot</c> recommends (its <c>shards</c>).</summary>
    public int RecommendedShards { get; set; } = 1;

    /// <summary><c>session_start_limit.max_concurrency</c> of <c>/gateway/bot</c>: how many buckets identifies are spread over.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>The least time between two identifies in one bucket; a sooner one gets Invalid Session. Discord's is 5 seconds.</summary>
    public TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every Identify the bot sent, by shard, with when it arrived and whether it was refused for coming too soon in its bucket.</summary>
    public ConcurrentQueue<IdentifyAttempt> IdentifyAttempts { get; } = new();

    /// <summary>Replay on resume starts at the resumed sequence itself, re-sending one event the bot already has.</summary>
    public bool ReplayOverlapping { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>
    /// How long each REST request waits before it is answered, as Discord's API does across the internet (a PATCH of an
    /// interaction's response typically takes tens of milliseconds); none by default, as on loopback.
    /// </summary>
    public TimeSpan RestLatency { get; set; }

    /// <summary>Called with each request as it is recorded, before it is answered (the load benchmark times replies by it).</summary>
    public Action<RecordedRequest>? OnRequest { get; set; }

    /// <summary>Messages the bot posted or edited into existence, as Discord stored them.</summary>
    public ConcurrentQueue<JsonObject> Messages { get; } = new();

    public ConcurrentQueue<JsonElement> Identifies { get; } = new();

    public ConcurrentQueue<(JsonElement Payload, string Path)> Resumes { get; } = new();

    public ConcurrentQueue<(string Path, string Query)> Connections { get; } = new();

    public ConcurrentQueue<int?> CloseCodesFromBot { get; } = new();

    /// <summary>Interaction tokens whose webhook Discord no longer accepts (past 15 minutes).</summary>
    public ConcurrentDictionary<string, bool> ExpiredTokens { get; } = new();

    private int heartbeats;

    public int Heartbeats => Volatile.Read(ref heartbeats);

    /// <summary>The <c>d</c> of every heartbeat the bot sent: the last sequence number it has taken in.</summary>
    public ConcurrentQueue<long?> HeartbeatSequences { get; } = new();

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        fake.MapRoutes();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.ApiBase = new Uri(address + "/api/v10");
        return fake;
    }

    /// <summary>
    /// From now until <see cref="ReleaseReplies"/>, edits of an interaction's original response wait unanswered, as under
    /// a slow API: the bot's requests stay in flight. An edit whose connection closes while it waits is not applied.
    /// </summary>
    public void HoldReplies() => Volatile.Write(ref repliesReleased, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseReplies() => Volatile.Read(ref repliesReleased).TrySetResult();

    public void InjectReactionRateLimits(int count) => Interlocked.Exchange(ref reactionRateLimitsToInject, count);

    /// <summary>The next <paramref name="count"/> gateway connections are accepted but their WebSocket handshake is never answered.</summary>
    public void HangHandshakes(int count) => Interlocked.Exchange(ref handshakesToHang, count);

    /// <summary>The next <paramref name="count"/> gateway connections complete the handshake but never get Hello.</summary>
    public void WithholdHellos(int count) => Interlocked.Exchange(ref hellosToWithhold, count);

    public IEnumerable<RecordedRequest> RequestsTo(string method, string pathContains) =>
        Requests.Where(r => r.Method == method && r.Path.Contains(pathContains, StringComparison.Ordinal));

    /// <summary>
    /// Sends (or, while that shard's bot is disconnected, keeps for replay) a dispatch with the next sequence number of
    /// the session of each shard its <c>guild_id</c> routes to; returns the first such sequence number, 0 when no session
    /// takes it.
    /// </summary>
    public async Task<long> DispatchAsync(string type, JsonNode data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var guild = data["guild_id"] is JsonValue id && ulong.TryParse(id.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var g) ? g : (ulong?)null;
        var payload = data.ToJsonString();
        long first = 0;
        foreach (var session in sessions.Values.Where(s => s.Receives(guild)).OrderBy(s => s.ShardId))
        {
            var sequence = await DispatchToAsync(session, type, JsonNode.Parse(payload)!);
            first = first == 0 ? sequence : first;
        }

        return first;
    }

    /// <summary>A server id whose events Discord sends to shard <paramref name="shardId"/> of <paramref name="shardCount"/>.</summary>
    public static string GuildOnShard(int shardId, int shardCount)
    {
        var timestamp = (214_576_000_000L / shardCount * shardCount) + shardId;
        return (timestamp << 22).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The id of shard <paramref name="shardId"/>'s current session, or null before its first Identify.</summary>
    public string? SessionId(int shardId = 0) => sessions.TryGetValue(shardId, out var session) ? session.Id : null;

    /// <summary>The event names dispatched in shard <paramref name="shardId"/>'s current session so far, in order.</summary>
    public IReadOnlyList<string> Dispatched(int shardId = 0)
    {
        if (!sessions.TryGetValue(shardId, out var session))
        {
            return [];
        }

        dispatchGate.Wait();
        try
        {
            return [.. session.Events.Select(frame => JsonNode.Parse(frame)!["t"]!.GetValue<string>())];
        }
        finally
        {
            dispatchGate.Release();
        }
    }

    private async Task<long> DispatchToAsync(FakeSession session, string type, JsonNode data)
    {
        await dispatchGate.WaitAsync();
        try
        {
            var s = ++session.Sequence;
            var frame = new JsonObject { ["op"] = 0, ["s"] = s, ["t"] = type, ["d"] = data }.ToJsonString();
            session.Events.Add(frame);
            if (session.Live is { } connection)
            {
                await connection.TrySendAsync(frame);
            }

            return s;
        }
        finally
        {
            dispatchGate.Release();
        }
    }

    /// <summary>
    /// A slash command invocation by <paramref name="userId"/>, with what its USER options name in <paramref name="resolved"/>;
    /// returns the interaction id. Pass <paramref name="redeliver"/> to send an earlier one again with its id and token.
    /// </summary>
    public async Task<(string Id, string Token, long SentAt)> SendCommandAsync(string name, JsonArray options, string userId = "800000000000000001", string permissions = "0", int type = 2, string guildId = GuildId, JsonObject? resolved = null, (string Id, string Token)? redeliver = null)
    {
        var id = redeliver?.Id ?? Interlocked.Increment(ref nextInteractionId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = redeliver?.Token ?? Issue("interaction-token-" + id, ChannelId);
        var sentAt = Stopwatch.GetTimestamp();
        await DeliverAsync(new JsonObject
        {
            ["id"] = id,
            ["application_id"] = ApplicationId,
            ["type"] = type,
            ["token"] = token,
            ["version"] = 1,
            ["guild_id"] = guildId,
            ["channel_id"] = ChannelId,
            ["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = userId, ["username"] = "someone" },
                ["roles"] = new JsonArray(),
                ["permissions"] = permissions,
            },
            ["app_permissions"] = "442368",
            ["locale"] = "en-US",
            ["data"] = new JsonObject { ["id"] = "930000000000000001", ["name"] = name, ["type"] = 1, ["options"] = options, ["resolved"] = resolved },
        });
        return (id, token, sentAt);
    }

    /// <summary>
    /// A press of the button <paramref name="customId"/> on the bot's message <paramref name="message"/> by
    /// <paramref name="userId"/>, shaped as Discord documents a MESSAGE_COMPONENT interaction (type 3) in a server; pass
    /// <paramref name="redeliver"/> to send an earlier press again with its id and token.
    /// </summary>
    public Task<(string Id, string Token, long SentAt)> PressButtonAsync(JsonObject message, string customId, string userId = "800000000000000001", (string Id, string Token)? redeliver = null) =>
        InteractWithAsync(message, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 }, userId, redeliver);

    /// <summary>A pick of the option <paramref name="value"/> from the string select <paramref name="customId"/> (component type 3) on the bot's message.</summary>
    public Task<(string Id, string Token, long SentAt)> PickAsync(JsonObject message, string customId, string value, string userId = "800000000000000001") =>
        InteractWithAsync(message, new JsonObject { ["custom_id"] = customId, ["component_type"] = 3, ["values"] = new JsonArray(value) }, userId, redeliver: null);

    private async Task<(string Id, string Token, long SentAt)> InteractWithAsync(JsonObject message, JsonObject data, string userId, (string Id, string Token)? redeliver)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = redeliver?.Id ?? Interlocked.Increment(ref nextInteractionId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = message["channel_id"]!.GetValue<string>();
        var token = redeliver?.Token ?? Issue("interaction-token-" + id, channel);
        var sentAt = Stopwatch.GetTimestamp();
        await DeliverAsync(new JsonObject
        {
            ["id"] = id,
            ["application_id"] = ApplicationId,
            ["type"] = 3,
            ["token"] = token,
            ["version"] = 1,
            ["guild_id"] = GuildId,
            ["channel_id"] = channel,
            ["channel"] = new JsonObject { ["id"] = channel, ["type"] = 0, ["guild_id"] = GuildId },
            ["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = userId, ["username"] = "someone" },
                ["roles"] = new JsonArray(),
                ["permissions"] = "0",
            },
            ["message"] = message.DeepClone(),
            ["app_permissions"] = "442368",
            ["locale"] = "en-US",
            ["entitlements"] = new JsonArray(),
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = GuildId },
            ["context"] = 0,
            ["data"] = data,
        });
        return (id, token, sentAt);
    }

    /// <summary>Delivers an interaction the way the application is set up for: posted to its endpoint, or over the gateway.</summary>
    public async Task DeliverAsync(JsonObject interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (InteractionsEndpoint is null && BalancedEndpoints.Count == 0)
        {
            await DispatchAsync("INTERACTION_CREATE", interaction);
            return;
        }

        var body = interaction.ToJsonString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await PostBalancedAsync(body, timestamp, Sign(timestamp, body));
        var answer = await response.Content.ReadAsStringAsync();
        var id = interaction["id"]!.GetValue<string>();
        if (response.IsSuccessStatusCode && interaction["token"]?.GetValue<string>() is { } token && acknowledged.TryAdd(id, true))
        {
            // Discord has the initial response: from now on the token takes edits and follow-ups.
            Acknowledge(token);
        }

        EndpointResponses.Enqueue(new EndpointResponse(id, (int)response.StatusCode, answer, response.Content.Headers.ContentType?.ToString(), Stopwatch.GetTimestamp()));
    }

    /// <summary>Discord's check of a new Interactions Endpoint URL (and its routine ones): a signed PING.</summary>
    public Task<HttpResponseMessage> PingEndpointAsync()
    {
        var body = new JsonObject
        {
            ["id"] = Interlocked.Increment(ref nextInteractionId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["application_id"] = ApplicationId,
            ["type"] = 1,
            ["token"] = "ping-token",
            ["version"] = 1,
            ["user"] = new JsonObject { ["id"] = "643945264868098049", ["username"] = "discord", ["discriminator"] = "0000", ["system"] = true },
        }.ToJsonString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return PostToEndpointAsync(body, timestamp, Sign(timestamp, body));
    }

    /// <summary>A POST to the endpoint with these headers (null leaves one out), for requests Discord would never sign.</summary>
    public Task<HttpResponseMessage> PostToEndpointAsync(string body, string? timestamp, string? signature) =>
        PostToEndpointAsync(InteractionsEndpoint ?? throw new InvalidOperationException("No InteractionsEndpoint is set."), body, timestamp, signature);

    private async Task<HttpResponseMessage> PostBalancedAsync(string body, string timestamp, string signature)
    {
        if (BalancedEndpoints.Count == 0)
        {
            return await PostToEndpointAsync(body, timestamp, signature);
        }

        var first = Interlocked.Increment(ref nextBalanced);
        for (var attempt = 0; ; attempt++)
        {
            var endpoint = BalancedEndpoints[(int)((uint)(first + attempt) % BalancedEndpoints.Count)];
            try
            {
                return await PostToEndpointAsync(endpoint, body, timestamp, signature);
            }
            catch (HttpRequestException) when (attempt < 3 * BalancedEndpoints.Count)
            {
                Interlocked.Increment(ref balancerRetries);
            }
        }
    }

    private async Task<HttpResponseMessage> PostToEndpointAsync(Uri endpoint, string body, string? timestamp, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.ParseAdd("Discord-Interactions/1.0 (+https://discord.com)");

        // A body the endpoint may refuse by its size waits for "100 Continue": a refusal then comes before the body is sent,
        // rather than as a broken pipe halfway through it.
        request.Headers.ExpectContinue = body.Length > 64 * 1024;
        if (timestamp is not null)
        {
            request.Headers.Add("X-Signature-Timestamp", timestamp);
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Signature-Ed25519", signature);
        }

        return await endpointClient.SendAsync(request);
    }

    /// <summary>The hex Ed25519 signature of <paramref name="timestamp"/> + <paramref name="body"/> by the application's key.</summary>
    public string Sign(string timestamp, string body) =>
        Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(interactionsKey, Encoding.UTF8.GetBytes(timestamp + body)));

    /// <summary>A token for a new interaction from <paramref name="channel"/>, not yet acknowledged.</summary>
    private string Issue(string token, string channel)
    {
        channelOfToken[token] = channel;
        tokenAcknowledged.TryAdd(token, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return token;
    }

    private void Acknowledge(string token) => tokenAcknowledged.GetOrAdd(token, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Whether the interaction of <paramref name="token"/> was acknowledged, waiting a moment for an acknowledgement on
    /// its way (an HTTP response is read after the bot sent it); a token the fake never issued passes.
    /// </summary>
    private async Task<bool> AcknowledgedAsync(string token)
    {
        if (!tokenAcknowledged.TryGetValue(token, out var acknowledgement))
        {
            return true;
        }

        try
        {
            await acknowledgement.Task.WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public Task<long> SendReactionAsync(string messageId, string emoji, string userId, bool added = true, string guildId = GuildId, string channelId = ChannelId) =>
        DispatchAsync(added ? "MESSAGE_REACTION_ADD" : "MESSAGE_REACTION_REMOVE", new JsonObject
        {
            ["user_id"] = userId,
            ["channel_id"] = channelId,
            ["message_id"] = messageId,
            ["guild_id"] = guildId,
            ["emoji"] = new JsonObject { ["id"] = null, ["name"] = emoji },
            ["burst"] = false,
            ["type"] = 0,
        });

    /// <summary>Cuts shard <paramref name="shardId"/>'s TCP connection without a close frame, as a network failure does.</summary>
    public void DropConnection(int shardId = 0) => TakeLive(shardId)?.Abort();

    public Task SendOpAsync(int op, JsonNode? data, int shardId = 0) => Live(shardId)?.TrySendAsync(new JsonObject { ["op"] = op, ["d"] = data }.ToJsonString()) ?? Task.CompletedTask;

    public Task SendRawAsync(string text, int shardId = 0) => Live(shardId)?.TrySendAsync(text) ?? Task.CompletedTask;

    public Task CloseAsync(int code, string reason, int shardId = 0) => TakeLive(shardId)?.CloseAsync(code, reason) ?? Task.CompletedTask;

    private FakeGatewayConnection? Live(int shardId) => sessions.TryGetValue(shardId, out var session) ? session.Live : null;

    private FakeGatewayConnection? TakeLive(int shardId) => sessions.TryGetValue(shardId, out var session) ? session.TakeLive() : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var shardId in sessions.Keys)
        {
            DropConnection(shardId);
        }

        endpointClient.Dispose();
        interactionsKey.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void MapRoutes()
    {
        app.Use(async (context, next) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
                var body = await reader.ReadToEndAsync();
                context.Request.Body.Position = 0;
                var recorded = new RecordedRequest(
                    context.Request.Method,
                    context.Request.Path.Value ?? "",
                    context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                    body,
                    context.Request.Headers.Authorization.ToString(),
                    context.Request.Headers.UserAgent.ToString(),
                    context.Request.ContentType,
                    Stopwatch.GetTimestamp());
                Requests.Enqueue(recorded);
                OnRequest?.Invoke(recorded);
                if (RestLatency > TimeSpan.Zero)
                {
                    await Task.Delay(RestLatency, context.RequestAborted);
                }

                if (context.Request.Headers.Authorization != "Bot " + Token)
                {
                    await Error(context, 401, 0, "401: Unauthorized");
                    return;
                }
            }

            await next(context);
        });

        app.MapGet("/api/v10/gateway/bot", () => Results.Json(new
        {
            url = ApiBase.GetLeftPart(UriPartial.Authority).Replace("http", "ws", StringComparison.Ordinal) + "/gateway",
            shards = RecommendedShards,
            session_start_limit = new { total = 1000, remaining = 999, reset_after = 14_400_000, max_concurrency = MaxConcurrency },
        }));
        app.Map("/gateway", RunGatewayAsync);
        app.Map("/resume", RunGatewayAsync);

        app.MapPost("/api/v10/interactions/{id}/{token}/callback", (string id, string token) =>
        {
            if (!acknowledged.TryAdd(id, true))
            {
                return Results.Json(new { message = "Interaction has already been acknowledged.", code = 40060 }, statusCode: 400);
            }

            Acknowledge(token);
            return Results.NoContent();
        });

        app.MapMethods("/api/v10/webhooks/{application}/{token}/messages/@original", ["PATCH"], async (HttpContext context, string token) =>
        {
            if (ExpiredTokens.ContainsKey(token) || !await AcknowledgedAsync(token))
            {
                await Error(context, 404, 10015, "Unknown Webhook");
                return;
            }

            await Volatile.Read(ref repliesReleased).Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            OriginalEdits.AddOrUpdate(token, 1, (_, edits) => edits + 1);
            await Message(context, channelOfToken.GetValueOrDefault(token, ChannelId));
        });

        app.MapPost("/api/v10/webhooks/{application}/{token}", async (HttpContext context, string token) =>
        {
            if (ExpiredTokens.ContainsKey(token))
            {
                await Error(context, 401, 50027, "Invalid Webhook Token");
                return;
            }

            if (!await AcknowledgedAsync(token))
            {
                await Error(context, 404, 10015, "Unknown Webhook");
                return;
            }

            if (context.Request.Query["wait"] != "true")
            {
                context.Response.StatusCode = 204;
                return;
            }

            await Message(context, channelOfToken.GetValueOrDefault(token, ChannelId));
        });

        app.MapPost("/api/v10/channels/{channel}/messages", (HttpContext context, string channel) => Message(context, channel));

        app.MapPut("/api/v10/channels/{channel}/messages/{message}/reactions/{emoji}/@me", (HttpContext context) =>
        {
            if (Interlocked.Decrement(ref reactionRateLimitsToInject) >= 0)
            {
                context.Response.Headers["X-RateLimit-Scope"] = "user";
                context.Response.Headers["Retry-After"] = "1";
                return Error(context, 429, 0, "You are being rate limited.", retryAfter: 0.05);
            }

            context.Response.Headers["X-RateLimit-Limit"] = "1";
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            context.Response.Headers["X-RateLimit-Reset-After"] = "0.02";
            context.Response.Headers["X-RateLimit-Bucket"] = "reactions-bucket";
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });

        app.MapPut("/api/v10/applications/{application}/commands", async (HttpContext context) => await Echo(context));
        app.MapPut("/api/v10/applications/{application}/guilds/{guild}/commands", async (HttpContext context) => await Echo(context));
    }

    private async Task Message(HttpContext context, string channel)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var id = Interlocked.Increment(ref nextMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = JsonNode.Parse(body.RootElement.GetRawText())!.AsObject();
        message["id"] = id;
        message["channel_id"] = channel;
        message["author"] = new JsonObject { ["id"] = BotUserId, ["bot"] = true };
        Messages.Enqueue(message);
        await Results.Text(message.ToJsonString(), "application/json").ExecuteAsync(context);
    }

    private static async Task Echo(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        await Results.Text(await reader.ReadToEndAsync(), "application/json").ExecuteAsync(context);
    }

    private static Task Error(HttpContext context, int status, int code, string message, double? retryAfter = null)
    {
        var body = new JsonObject { ["message"] = message, ["code"] = code };
        if (retryAfter is { } seconds)
        {
            body["retry_after"] = seconds;
            body["global"] = false;
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: status).ExecuteAsync(context);
    }

    private async Task RunGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            return;
        }

        Connections.Enqueue((context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? ""));
        if (TakeOne(ref handshakesToHang))
        {
            // The upgrade request was read; the 101 never comes, until the client gives up or the fake stops.
            using var hung = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
            await Task.Delay(Timeout.Infinite, hung.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new FakeGatewayConnection(socket);
        if (!TakeOne(ref hellosToWithhold))
        {
            await connection.TrySendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatInterval.TotalMilliseconds } }.ToJsonString());
        }

        while (await connection.ReceiveAsync(context.RequestAborted) is { } text)
        {
            using var frame = JsonDocument.Parse(text);
            var root = frame.RootElement;
            switch (root.GetProperty("op").GetInt32())
            {
                case 1:
                    Interlocked.Increment(ref heartbeats);
                    HeartbeatSequences.Enqueue(root.GetProperty("d").ValueKind == JsonValueKind.Number ? root.GetProperty("d").GetInt64() : null);
                    if (AckHeartbeats)
                    {
                        await connection.TrySendAsync("{\"op\":11}");
                    }

                    break;
                case 2:
                    Identifies.Enqueue(root.GetProperty("d").Clone());
                    await StartSessionAsync(connection, root.GetProperty("d"));
                    break;
                case 6:
                    Resumes.Enqueue((root.GetProperty("d").Clone(), context.Request.Path.Value ?? ""));
                    await ResumeAsync(connection, root.GetProperty("d"));
                    break;
            }
        }

        CloseCodesFromBot.Enqueue((int?)socket.CloseStatus);
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private static bool TakeOne(ref int remaining)
    {
        var left = Volatile.Read(ref remaining);
        while (left > 0)
        {
            var seen = Interlocked.CompareExchange(ref remaining, left - 1, left);
            if (seen == left)
            {
                return true;
            }

            left = seen;
        }

        return false;
    }

    private async Task StartSessionAsync(FakeGatewayConnection connection, JsonElement identify)
    {
        var (shardId, shardCount) = identify.TryGetProperty("shard", out var shard) ? (shard[0].GetInt32(), shard[1].GetInt32()) : (0, 1);
        if (!TakeIdentifyTurn(shardId, shardCount))
        {
            await connection.TrySendAsync("{\"op\":9,\"d\":false}");
            return;
        }

        // A new session of a shard replaces the one before it, whose connection then gets nothing more.
        var session = new FakeSession(Guid.NewGuid().ToString("N"), shardId, shardCount);
        session.SetLive(connection);
        sessions.AddOrUpdate(shardId, session, (_, previous) =>
        {
            previous.TakeLive();
            return session;
        });
        await DispatchToAsync(session, "READY", new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = "ShowBot", ["bot"] = true },
            ["guilds"] = session.Receives(ulong.Parse(GuildId, System.Globalization.CultureInfo.InvariantCulture))
                ? new JsonArray(new JsonObject { ["id"] = GuildId, ["unavailable"] = true })
                : new JsonArray(),
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = ApiBase.GetLeftPart(UriPartial.Authority).Replace("http", "ws", StringComparison.Ordinal) + "/resume",
            ["application"] = new JsonObject { ["id"] = ApplicationId, ["flags"] = 0 },
            ["shard"] = new JsonArray(shardId, shardCount),
        });
    }

    /// <summary>Whether an Identify of this shard may start a session now: none other in its bucket within <see cref="IdentifyInterval"/>.</summary>
    private bool TakeIdentifyTurn(int shardId, int shardCount)
    {
        var at = Stopwatch.GetTimestamp();
        bool allowed;
        lock (lastIdentifyInBucket)
        {
            var bucket = shardId % MaxConcurrency;
            allowed = !lastIdentifyInBucket.TryGetValue(bucket, out var previous) || Stopwatch.GetElapsedTime(previous, at) >= IdentifyInterval;
            if (allowed)
            {
                lastIdentifyInBucket[bucket] = at;
            }
        }

        IdentifyAttempts.Enqueue(new IdentifyAttempt(shardId, shardCount, at, Refused: !allowed));
        return allowed;
    }

    private async Task ResumeAsync(FakeGatewayConnection connection, JsonElement resume)
    {
        var session = sessions.Values.FirstOrDefault(s => s.Id == resume.GetProperty("session_id").GetString());
        if (session is null)
        {
            await connection.TrySendAsync("{\"op\":9,\"d\":false}");
            return;
        }

        await dispatchGate.WaitAsync();
        try
        {
            var from = resume.GetProperty("seq").GetInt64() + (ReplayOverlapping ? 0 : 1);
            foreach (var frame in session.Events.Skip((int)from - 1))
            {
                await connection.TrySendAsync(frame);
            }

            session.SetLive(connection);
        }
        finally
        {
            dispatchGate.Release();
        }

        await DispatchToAsync(session, "RESUMED", new JsonObject());
    }

    /// <summary>One shard's session: its events kept for replay, its sequence, and the connection it is live on.</summary>
    private sealed class FakeSession(string id, int shardId, int shardCount)
    {
        private FakeGatewayConnection? live;

        public string Id => id;

        public int ShardId => shardId;

        public List<string> Events { get; } = [];

        public long Sequence { get; set; }

        public FakeGatewayConnection? Live => Volatile.Read(ref live);

        public void SetLive(FakeGatewayConnection connection) => Volatile.Write(ref live, connection);

        public FakeGatewayConnection? TakeLive() => Interlocked.Exchange(ref live, null);

        /// <summary>Discord's sharding formula; events without a server go to shard 0.</summary>
        public bool Receives(ulong? guild) => guild is { } g ? (int)((g >> 22) % (ulong)shardCount) == shardId : shardId == 0;
    }
}

/// <summary>An Identify the fake received: the shard it named, when (a <see cref="Stopwatch"/> timestamp), and whether it came too soon in its bucket.</summary>
public sealed record IdentifyAttempt(int ShardId, int ShardCount, long At, bool Refused);

/// <summary>The bot's HTTP response to an interaction posted to its endpoint.</summary>
public sealed record EndpointResponse(string InteractionId, int Status, string Body, string? ContentType, long At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

public sealed record RecordedRequest(string Method, string Path, string RawTarget, string Body, string Authorization, string UserAgent, string? ContentType, long At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

internal sealed class FakeGatewayConnection(WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim sendGate = new(1, 1);

    /// <summary>
    /// Sends when the socket is open; otherwise, like a frame lost on a dropped connection, nothing. A test may still hold
    /// a connection the bot has left and the fake has closed (after a reconnect), so a closed gate means nothing is sent.
    /// </summary>
    public async Task TrySendAsync(string text)
    {
        try
        {
            await sendGate.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            ReleaseUnlessClosed();
        }
    }

    private void ReleaseUnlessClosed()
    {
        try
        {
            sendGate.Release();
        }
        catch (ObjectDisposedException)
        {
            // The connection was closed while this frame was being sent.
        }
    }

    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(message.ToArray());
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            return null;
        }
    }

    public void Abort() => socket.Abort();

    public void Dispose() => sendGate.Dispose();

    public async Task CloseAsync(int code, string reason)
    {
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
        }
    }
}

/// <summary>Waits on what the fake Discord records.</summary>
public static class FakeDiscordWaits
{
    /// <summary>The last of at least <paramref name="count"/> recorded requests matching, once there are that many.</summary>
    public static async Task<RecordedRequest> LastAsync(this FakeDiscord discord, string method, string pathContains, int count)
    {
        ArgumentNullException.ThrowIfNull(discord);
        await Eventually.TrueAsync(() => discord.RequestsTo(method, pathContains).Count() >= count, $"{count} × {method} …{pathContains}");
        return discord.RequestsTo(method, pathContains).Last();
    }

    /// <summary>
    /// The last of at least <paramref name="count"/> suggestion lists (messages with an embed) Discord stored, once there
    /// are that many. A request is recorded as it arrives, before it is applied, so waiting for the PATCH is not enough.
    /// </summary>
    public static async Task<JsonObject> ListAsync(this FakeDiscord discord, int count)
    {
        ArgumentNullException.ThrowIfNull(discord);
        await Eventually.TrueAsync(() => discord.Messages.Count(IsList) >= count, $"{count} suggestion list(s) stored");
        return discord.Messages.Last(IsList);
    }

    /// <summary>
    /// The last message Discord stored with this <paramref name="content"/>, once there is one: like a list, a message
    /// edited in by a PATCH is stored after the request is recorded.
    /// </summary>
    public static async Task<JsonObject> MessageAsync(this FakeDiscord discord, string? content)
    {
        ArgumentNullException.ThrowIfNull(discord);
        bool HasContent(JsonObject message) => message["content"]?.GetValue<string>() == content;
        await Eventually.TrueAsync(() => discord.Messages.Any(HasContent), $"the message \"{content}\" stored");
        return discord.Messages.Last(HasContent);
    }

    private static bool IsList(JsonObject message) => message["embeds"]?.AsArray().Count > 0;
}
