using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ShowBot.Slack.Tests.Fakes;

/// <summary>A Web API call the fake received.</summary>
internal sealed record RecordedCall(string Method, string? Authorization, JsonObject Body, long At);

/// <summary>
/// Slack on loopback: the Web API methods the bot calls (recorded, with 429s on demand), <c>apps.connections.open</c>
/// handing out one-use socket URLs, and the Socket Mode WebSocket (hello, envelopes, disconnects; acks recorded).
/// </summary>
internal sealed class FakeSlack : IAsyncDisposable
{
    public const string BotToken = "xoxb-1111-2222-fakebotsecret";
    public const string AppToken = "xapp-1-A1-3333-fakeappsecret";
    public const string BotUserId = "UBOT";
    public const string TeamId = "T1";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedCall> calls = new();
    private readonly ConcurrentDictionary<string, bool> tickets = new();
    private readonly ConcurrentDictionary<(string Method, string Channel), string> rejected = new();
    private readonly ConcurrentDictionary<string, bool> expiredResponseUrls = new();
    private readonly List<FakeSocket> sockets = [];
    private readonly Lock gate = new();
    private int messageCount;
    private int rateLimitedReactions;

    private FakeSlack(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    public IReadOnlyList<RecordedCall> Calls => calls.ToList();

    /// <summary>Sockets opened so far, in order.</summary>
    public IReadOnlyList<FakeSocket> Sockets
    {
        get
        {
            lock (gate)
            {
                return sockets.ToList();
            }
        }
    }

    /// <summary>Where the socket URLs handed out by <c>apps.connections.open</c> point; the fake itself unless a test puts a proxy in between.</summary>
    public int SocketPort { get; set; }

    /// <summary>The first frame each new socket gets; <c>hello</c> unless a test says otherwise.</summary>
    public Func<int, string> FirstFrame { get; set; } = _ => """{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"},"debug_info":{"host":"fake","approximate_connection_time":18060}}""";

    /// <summary>Makes the next <paramref name="count"/> <c>reactions.add</c> calls answer 429 with <c>Retry-After: 1</c>.</summary>
    public void RateLimitReactions(int count) => Interlocked.Exchange(ref rateLimitedReactions, count);

    /// <summary>Makes <c>chat.postMessage</c> to <paramref name="channel"/> fail with <paramref name="error"/> (e.g. <c>not_in_channel</c>).</summary>
    public void RejectPostsTo(string channel, string error) => Reject("chat.postMessage", channel, error);

    /// <summary>Makes every <paramref name="method"/> call for <paramref name="channel"/> fail with <paramref name="error"/>.</summary>
    public void Reject(string method, string channel, string error) => rejected[(method, channel)] = error;

    /// <summary>Makes the response_url <paramref name="id"/> answer as an expired one does: 404 <c>expired_url</c> (the call is still recorded).</summary>
    public void ExpireResponseUrl(string id) => expiredResponseUrls[id] = true;

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlack(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", fake.HandleApiAsync);
        app.MapPost("/response/{id}", fake.HandleResponseUrlAsync);
        app.Map("/link", fake.HandleSocketAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        fake.SocketPort = fake.BaseUrl.Port;
        return fake;
    }

    public IReadOnlyList<RecordedCall> CallsTo(string method) => calls.Where(c => c.Method == method).ToList();

    public Task<RecordedCall> WaitForCallAsync(string method, Func<RecordedCall, bool>? match = null, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => calls.FirstOrDefault(c => c.Method == method && (match is null || match(c))), $"a {method} call", timeout);

    public Task<FakeSocket> WaitForSocketAsync(int number, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => Sockets.ElementAtOrDefault(number - 1), $"socket #{number}", timeout);

    public Uri ResponseUrl(string id) => new(BaseUrl, $"response/{id}");

    private async Task HandleApiAsync(HttpContext context, string method)
    {
        var at = Stopwatch.GetTimestamp();
        var body = context.Request.ContentLength is > 0 ? (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [] : [];
        var authorization = context.Request.Headers.Authorization.ToString();
        calls.Enqueue(new RecordedCall(method, authorization, body, at));
        var expected = method == "apps.connections.open" ? AppToken : BotToken;
        if (authorization != "Bearer " + expected)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" });
            return;
        }

        if (method == "reactions.add" && Interlocked.Decrement(ref rateLimitedReactions) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            return;
        }

        if (rejected.TryGetValue((method, body["channel"]?.GetValue<string>() ?? ""), out var error))
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = error });
            return;
        }

        await context.Response.WriteAsJsonAsync(method switch
        {
            "auth.test" => new JsonObject { ["ok"] = true, ["user_id"] = BotUserId, ["team_id"] = TeamId, ["bot_id"] = "B1" },
            "apps.connections.open" => OpenConnection(),
            "chat.postMessage" => new JsonObject { ["ok"] = true, ["channel"] = body["channel"]?.GetValue<string>(), ["ts"] = NextTs() },
            "chat.postEphemeral" => new JsonObject { ["ok"] = true, ["message_ts"] = NextTs() },
            "reactions.add" => new JsonObject { ["ok"] = true },
            _ => new JsonObject { ["ok"] = false, ["error"] = "unknown_method" },
        });
    }

    private JsonObject OpenConnection()
    {
        var ticket = Guid.NewGuid().ToString("N");
        tickets[ticket] = false;
        var url = new UriBuilder(BaseUrl) { Scheme = "ws", Port = SocketPort, Path = "/link/", Query = $"ticket={ticket}&app_id=A1" };
        return new JsonObject { ["ok"] = true, ["url"] = url.Uri.ToString() };
    }

    private string NextTs() => $"1700000000.{Interlocked.Increment(ref messageCount):000000}";

    private async Task HandleResponseUrlAsync(HttpContext context, string id)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [];
        calls.Enqueue(new RecordedCall("response_url:" + id, context.Request.Headers.Authorization.ToString(), body, Stopwatch.GetTimestamp()));
        if (expiredResponseUrls.ContainsKey(id))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("expired_url");
            return;
        }

        await context.Response.WriteAsync("ok");
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        if (!context.WebSockets.IsWebSocketRequest || !tickets.TryUpdate(ticket, true, false))
        {
            // Unknown or already used: Slack's URLs are good for one connection.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        FakeSocket socket;
        lock (gate)
        {
            socket = new FakeSocket(webSocket, sockets.Count + 1);
            sockets.Add(socket);
        }

        await socket.SendAsync(FirstFrame(socket.Number));
        await socket.ReadUntilClosedAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in Sockets)
        {
            socket.Abort();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        foreach (var socket in Sockets)
        {
            socket.Dispose();
        }
    }
}

/// <summary>One Socket Mode connection as the fake sees it.</summary>
internal sealed class FakeSocket(WebSocket socket, int number) : IDisposable
{
    private readonly ConcurrentDictionary<string, (JsonObject Ack, long At)> acks = new();
    private readonly ConcurrentQueue<string> received = new();
    private readonly SemaphoreSlim sendGate = new(1, 1);

    public int Number { get; } = number;

    public bool Closed { get; private set; }

    public int AckCount => acks.Count;

    /// <summary>Sends a frame; returns the <see cref="Stopwatch"/> timestamp it went out at.</summary>
    public async Task<long> SendAsync(string text)
    {
        await sendGate.WaitAsync();
        try
        {
            var at = Stopwatch.GetTimestamp();
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            return at;
        }
        finally
        {
            sendGate.Release();
        }
    }

    public Task<long> SendAsync(JsonObject frame) => SendAsync(frame.ToJsonString());

    public Task<(JsonObject Ack, long At)> WaitForAckAsync(string envelopeId, TimeSpan? timeout = null) =>
        Eventually.StructAsync(() => acks.TryGetValue(envelopeId, out var ack) ? ack : default((JsonObject, long)?), $"an ack of {envelopeId} on socket #{Number}", timeout);

    public bool WasAcked(string envelopeId) => acks.ContainsKey(envelopeId);

    public void Abort() => socket.Abort();

    public void Dispose() => sendGate.Dispose();

    public async Task ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    break;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                received.Enqueue(text);
                if (JsonNode.Parse(text) is JsonObject frame && frame["envelope_id"]?.GetValue<string>() is { } id)
                {
                    acks.TryAdd(id, (frame, Stopwatch.GetTimestamp()));
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ConnectionAbortedException)
        {
            // The client went away.
        }
        finally
        {
            Closed = true;
        }
    }
}
