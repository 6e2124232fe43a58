using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Discord.Rest;

namespace ShowBot.Discord.Gateway;

/// <summary>
/// One shard's Gateway v10 session over <see cref="ClientWebSocket"/>: Hello → jittered heartbeats with ACK tracking →
/// Identify (or Resume) → dispatches. Reconnects by the close-code table: resume when the session survives,
/// identify again when it does not, stop on codes reconnecting cannot fix. The connection, the handshake and Hello each
/// get <see cref="DiscordOptions.HelloTimeout"/>. The read loop only reads: each frame is read once into its record
/// (<see cref="DiscordJson"/>), every dispatch ShowBot handles goes to the bounded <see cref="Dispatches"/> for handlers
/// that run elsewhere, and heartbeats have their own loop, so a slow handler never delays a heartbeat.
/// </summary>
internal sealed partial class DiscordGateway(DiscordRestClient rest, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordGateway> logger)
{
    private const int ReceiveChunkSize = 16 * 1024;
    private const int MaxMessageSize = 8 * 1024 * 1024;
    private const WebSocketCloseStatus KeepSessionCloseStatus = (WebSocketCloseStatus)4000;

    /// <summary>
    /// Dispatches read but not yet handled. Handlers take a millisecond or two (a reaction is one small write), so a
    /// full queue means they are stuck or far behind: the read loop then waits for room instead of holding ever more
    /// payloads in memory, and what it has not read stays with Discord (on the socket, and in the session's replay
    /// buffer should the connection drop meanwhile). Nothing is dropped.
    /// </summary>
    internal const int DispatchQueueCapacity = 1024;

    /// <summary>Failed connects in a row, while resuming, after which the session is given up and the bot identifies again.</summary>
    internal const int FailedResumesBeforeNewSession = 5;

    private readonly DiscordOptions settings = options.Value;
    private readonly Channel<GatewayDispatch> dispatches = Channel.CreateBounded<GatewayDispatch>(
        new BoundedChannelOptions(DispatchQueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });

    private Uri? gatewayUrl;
    private string? sessionId;
    private Uri? resumeUrl;
    private long lastSequence;
    private int identifies;
    private bool connectionReady;

    /// <summary>Every dispatch ShowBot handles, in order, each once (a replayed sequence number is dropped, a malformed one logged and skipped).</summary>
    public ChannelReader<GatewayDispatch> Dispatches => dispatches.Reader;

    /// <summary>Identify calls made by this process; Discord allows 1000 a day across all shards.</summary>
    public int IdentifyCount => Volatile.Read(ref identifies);

    /// <summary>Runs sessions until <paramref name="stoppingToken"/> is cancelled; throws <see cref="GatewayFatalException"/> when Discord refuses the bot for good.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var end = await ConnectOnceAsync(stoppingToken);
                failures = connectionReady ? 0 : failures + 1;
                if (end == SessionEnd.Resume && failures >= FailedResumesBeforeNewSession)
                {
                    // A resume URL that never answers would keep the bot away for good; a new session only loses what was missed.
                    LogResumeAbandoned(failures);
                    ForgetSession();
                    end = SessionEnd.Identify;
                }

                var delay = end == SessionEnd.IdentifyAfterPause
                    ? settings.ReconnectDelay * (1 + (4 * Random.Shared.NextDouble()))
                    : Backoff(failures);
                LogReconnecting(end, delay);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            dispatches.Writer.TryComplete();
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var ceiling = settings.ReconnectDelay * Math.Pow(2, Math.Min(failures, 16));
        return (ceiling < settings.MaxReconnectDelay ? ceiling : settings.MaxReconnectDelay) * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private async Task<SessionEnd> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        connectionReady = false;
        try
        {
            return await RunConnectionAsync(stoppingToken);
        }
        catch (GatewayFatalException)
        {
            throw;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DiscordApiException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new GatewayFatalException($"Discord rejected the bot token ({(int)ex.Status}) when asked for the gateway URL: check ShowBot:Discord:Token.");
        }
        catch (Exception ex)
        {
            // Whatever broke this connection, the next one decides by the session it still has.
            LogConnectionLost(ex.GetType().Name, ex.Message);
            return sessionId is null ? SessionEnd.Identify : SessionEnd.Resume;
        }
    }

    private async Task<SessionEnd> RunConnectionAsync(CancellationToken stoppingToken)
    {
        var resuming = sessionId is not null && resumeUrl is not null;
        if (!resuming)
        {
            gatewayUrl = await DiscoverGatewayAsync(stoppingToken);
        }

        using var socket = new ClientWebSocket();
        using var connectionCancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var connection = new GatewayConnection(socket);
        await ConnectWithinTimeoutAsync(socket, WithVersion(resuming ? resumeUrl! : gatewayUrl!), stoppingToken);
        LogConnected(resuming);

        var heartbeats = Task.CompletedTask;
        var message = new MemoryStream();
        var chunk = new byte[ReceiveChunkSize];
        try
        {
            if (await ReceiveHelloAsync(socket, chunk, message, connectionCancellation.Token) is not { } interval)
            {
                return OnClosed((int?)socket.CloseStatus, socket.CloseStatusDescription);
            }

            heartbeats = RunHeartbeatsAsync(connection, interval, connectionCancellation);
            await (resuming ? SendResumeAsync(connection, stoppingToken) : SendIdentifyAsync(connection, stoppingToken));
            while (true)
            {
                if (!await ReceiveMessageAsync(socket, chunk, message, connectionCancellation.Token))
                {
                    return OnClosed((int?)socket.CloseStatus, socket.CloseStatusDescription);
                }

                var receivedAt = time.GetTimestamp();
                if (!TryReadFrame(message, out var frame))
                {
                    continue;
                }

                switch (frame.Op)
                {
                    case GatewayOpcode.HeartbeatAck:
                        connection.AckReceived();
                        break;
                    case GatewayOpcode.Heartbeat:
                        await SendHeartbeatAsync(connection, stoppingToken);
                        break;
                    case GatewayOpcode.Dispatch:
                        await OnDispatchAsync(connection, frame, receivedAt, connectionCancellation.Token);
                        break;
                    case GatewayOpcode.Reconnect:
                        LogReconnectRequested();
                        return SessionEnd.Resume;
                    case GatewayOpcode.InvalidSession:
                        var resumable = frame.Data.ValueKind == JsonValueKind.True;
                        LogInvalidSession(resumable);
                        if (resumable)
                        {
                            return SessionEnd.Resume;
                        }

                        ForgetSession();
                        return SessionEnd.IdentifyAfterPause;
                }
            }
        }
        catch (OperationCanceledException) when (connection.IsZombie && !stoppingToken.IsCancellationRequested)
        {
            LogZombie();
            return SessionEnd.Resume;
        }
        finally
        {
            await connectionCancellation.CancelAsync();
            await CloseQuietlyAsync(socket, ending: stoppingToken.IsCancellationRequested);
            await heartbeats;
            await message.DisposeAsync();
        }
    }

    private SessionEnd OnClosed(int? closeCode, string? description)
    {
        var end = GatewayCloseCodes.Classify(closeCode);
        LogClosedByServer(closeCode, description, end);
        switch (end)
        {
            case SessionEnd.Fatal:
                throw new GatewayFatalException($"Discord closed the gateway with {closeCode}: {GatewayCloseCodes.Explain(closeCode!.Value)}. Not reconnecting.");
            case SessionEnd.Identify:
                ForgetSession();
                break;
        }

        return end;
    }

    /// <summary>
    /// Connects and completes the WebSocket handshake within <see cref="DiscordOptions.HelloTimeout"/>: a server that
    /// accepts the connection and then says nothing would otherwise hold the bot here, deaf, for good.
    /// </summary>
    private async Task ConnectWithinTimeoutAsync(ClientWebSocket socket, Uri url, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(settings.HelloTimeout, time);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(url, connecting.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException && timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            throw new WebSocketException($"The connection and WebSocket handshake did not finish within {settings.HelloTimeout}.", ex);
        }
    }

    /// <summary>The heartbeat interval from Discord's first message, which must be Hello and come within <see cref="DiscordOptions.HelloTimeout"/>; null when the server closed instead.</summary>
    private async Task<TimeSpan?> ReceiveHelloAsync(ClientWebSocket socket, byte[] chunk, MemoryStream message, CancellationToken connectionToken)
    {
        using var timeout = new CancellationTokenSource(settings.HelloTimeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(connectionToken, timeout.Token);
        try
        {
            if (!await ReceiveMessageAsync(socket, chunk, message, waiting.Token))
            {
                return null;
            }
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !connectionToken.IsCancellationRequested)
        {
            throw new WebSocketException($"No Hello within {settings.HelloTimeout}.", ex);
        }

        return TryReadFrame(message, out var frame) && frame.Op == GatewayOpcode.Hello
            ? TimeSpan.FromMilliseconds(Read(frame.Data, DiscordJson.Default.Hello).HeartbeatInterval)
            : throw new WebSocketException("Discord's first message was not Hello (op 10).");
    }

    private async Task OnDispatchAsync(GatewayConnection connection, GatewayFrame frame, long receivedAt, CancellationToken connectionToken)
    {
        if (frame.Sequence is { } sequence && sequence <= lastSequence)
        {
            // A resume may replay what was already read; each event is handled once.
            LogDuplicateDispatch(frame.Type, sequence);
            return;
        }

        GatewayEvent? payload = null;
        switch (frame.Type)
        {
            case DispatchType.Ready:
                // Not skipped when malformed: without its session the connection is of no use, so it ends as a lost one.
                var ready = Read(frame.Data, DiscordJson.Default.Ready);
                sessionId = ready.SessionId;
                resumeUrl = new Uri(ready.ResumeGatewayUrl);
                connectionReady = true;
                LogReady(ready.Guilds.Count);
                payload = ready;
                break;
            case DispatchType.Resumed:
                connectionReady = true;
                LogResumed(lastSequence);
                break;
            case DispatchType.InteractionCreate:
                payload = TryRead(frame, DiscordJson.Default.Interaction);
                break;
            case DispatchType.ReactionAdd or DispatchType.ReactionRemove:
                payload = TryRead(frame, DiscordJson.Default.MessageReaction);
                break;
        }

        if (payload is not null)
        {
            await EnqueueAsync(connection, new GatewayDispatch(frame.Type!, frame.Sequence ?? 0, payload, receivedAt), connectionToken);
        }

        // Counted as received only once queued: if the connection ends while waiting for room, a resume replays it.
        if (frame.Sequence is { } received)
        {
            lastSequence = received;
        }
    }

    private async Task EnqueueAsync(GatewayConnection connection, GatewayDispatch dispatch, CancellationToken connectionToken)
    {
        if (dispatches.Writer.TryWrite(dispatch))
        {
            return;
        }

        if (connection.ReaderWaitStarted() == 1)
        {
            LogDispatchQueueFull(DispatchQueueCapacity);
        }

        try
        {
            await dispatches.Writer.WriteAsync(dispatch, connectionToken);
        }
        finally
        {
            connection.ReaderWaitEnded();
        }
    }

    private void ForgetSession()
    {
        sessionId = null;
        resumeUrl = null;
        lastSequence = 0;
    }

    private async Task<Uri> DiscoverGatewayAsync(CancellationToken cancellationToken)
    {
        var body = await rest.SendAsync(DiscordRoute.GatewayBot(), body: null, cancellationToken)
            ?? throw new JsonException("GET /gateway/bot returned no body");
        var limit = body.GetProperty("session_start_limit");
        var remaining = limit.GetProperty("remaining").GetInt32();
        LogGatewayDiscovered(body.GetProperty("shards").GetInt32(), settings.ShardCount, remaining, limit.GetProperty("total").GetInt32());
        if (remaining <= 0)
        {
            var resetAfter = TimeSpan.FromMilliseconds(limit.GetProperty("reset_after").GetDouble());
            LogIdentifyBudgetExhausted(resetAfter);
            await Task.Delay(resetAfter, time, cancellationToken);
        }

        return new Uri(body.GetProperty("url").GetString()!);
    }

    private async Task RunHeartbeatsAsync(GatewayConnection connection, TimeSpan interval, CancellationTokenSource connectionCancellation)
    {
        var cancellationToken = connectionCancellation.Token;
        try
        {
            // The first beat is jittered so that many clients reconnecting at once do not beat in step.
            await Task.Delay(interval * Random.Shared.NextDouble(), time, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!connection.TryStartHeartbeat())
                {
                    await connectionCancellation.CancelAsync();
                    return;
                }

                await SendHeartbeatAsync(connection, cancellationToken);
                await Task.Delay(interval, time, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The read loop sees the cancelled or broken connection and decides what comes next.
        }
    }

    private Task SendHeartbeatAsync(GatewayConnection connection, CancellationToken cancellationToken) =>
        connection.SendAsync(new GatewayCommand<long?>(GatewayOpcode.Heartbeat, lastSequence > 0 ? lastSequence : null), DiscordJson.Default.HeartbeatCommand, cancellationToken);

    private Task SendIdentifyAsync(GatewayConnection connection, CancellationToken cancellationToken)
    {
        lastSequence = 0;
        var count = Interlocked.Increment(ref identifies);
        LogIdentifying(count, settings.ShardId, settings.ShardCount);
        var identify = new Identify(
            settings.BareToken,
            GatewayIntents.ShowBot,
            new IdentifyProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "ShowBot", "ShowBot"),
            [settings.ShardId, settings.ShardCount]);
        return connection.SendAsync(new GatewayCommand<Identify>(GatewayOpcode.Identify, identify), DiscordJson.Default.IdentifyCommand, cancellationToken);
    }

    private Task SendResumeAsync(GatewayConnection connection, CancellationToken cancellationToken)
    {
        LogResuming(lastSequence);
        var resume = new Resume(settings.BareToken, sessionId, lastSequence);
        return connection.SendAsync(new GatewayCommand<Resume>(GatewayOpcode.Resume, resume), DiscordJson.Default.ResumeCommand, cancellationToken);
    }

    private bool TryReadFrame(MemoryStream message, [NotNullWhen(true)] out GatewayFrame? frame)
    {
        try
        {
            frame = JsonSerializer.Deserialize(message.GetBuffer().AsSpan(0, (int)message.Length), DiscordJson.Default.GatewayFrame)
                ?? throw new JsonException("The frame is null.");
            return true;
        }
        catch (JsonException ex)
        {
            LogMalformedFrame(message.Length, ex.Message);
            frame = null;
            return false;
        }
    }

    /// <summary>The dispatch's payload as its record; null, logged, when it is malformed.</summary>
    private T? TryRead<T>(GatewayFrame frame, JsonTypeInfo<T> type)
        where T : GatewayEvent
    {
        try
        {
            return Read(frame.Data, type);
        }
        catch (JsonException ex)
        {
            LogMalformedDispatch(frame.Type, frame.Sequence ?? 0, ex.Message);
            return null;
        }
    }

    private static T Read<T>(JsonElement data, JsonTypeInfo<T> type) =>
        data.ValueKind == JsonValueKind.Object
            ? data.Deserialize(type)!
            : throw new JsonException($"The payload of a {typeof(T).Name} is not an object but {data.ValueKind}.");

    /// <summary>Reads one whole message into <paramref name="message"/>; false when the server closed the connection.</summary>
    private static async Task<bool> ReceiveMessageAsync(ClientWebSocket socket, byte[] chunk, MemoryStream message, CancellationToken cancellationToken)
    {
        message.SetLength(0);
        while (true)
        {
            var result = await socket.ReceiveAsync(chunk.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return false;
            }

            if (message.Length + result.Count > MaxMessageSize)
            {
                throw new WebSocketException(WebSocketError.Faulted, $"A gateway message exceeded {MaxMessageSize} bytes.");
            }

            message.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return true;
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, bool ending)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            // 1000 ends the session (the bot goes offline); any other code keeps it resumable for a few minutes.
            await socket.CloseOutputAsync(ending ? WebSocketCloseStatus.NormalClosure : KeepSessionCloseStatus, ending ? "shutting down" : "reconnecting", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    private static Uri WithVersion(Uri url) => new UriBuilder(url) { Query = "v=10&encoding=json" }.Uri;

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Gateway: Discord recommends {Recommended} shard(s), running {Configured}; {Remaining} of {Total} session starts left today")]
    private partial void LogGatewayDiscovered(int recommended, int configured, int remaining, int total);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Gateway connected (resuming: {Resuming})")]
    private partial void LogConnected(bool resuming);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Gateway: identifying (identify #{Count} of this run) as shard {ShardId}/{ShardCount}")]
    private partial void LogIdentifying(int count, int shardId, int shardCount);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Gateway: ready, in {GuildCount} server(s)")]
    private partial void LogReady(int guildCount);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Gateway: resuming after sequence {Sequence}")]
    private partial void LogResuming(long sequence);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Gateway: resumed at sequence {Sequence}")]
    private partial void LogResumed(long sequence);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Gateway: Discord asked for a reconnect")]
    private partial void LogReconnectRequested();

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Gateway: invalid session (resumable: {Resumable})")]
    private partial void LogInvalidSession(bool resumable);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Gateway: no heartbeat ACK since the last heartbeat; dropping the zombie connection to resume")]
    private partial void LogZombie();

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Gateway: closed by Discord with {CloseCode} {Description}; next: {Next}")]
    private partial void LogClosedByServer(int? closeCode, string? description, SessionEnd next);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Gateway: connection lost ({ErrorType}: {Error})")]
    private partial void LogConnectionLost(string errorType, string error);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Gateway: reconnecting ({Next}) in {Delay}")]
    private partial void LogReconnecting(SessionEnd next, TimeSpan delay);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Gateway: skipped a malformed frame of {Length} bytes: {Error}")]
    private partial void LogMalformedFrame(long length, string error);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Warning, Message = "Skipped a malformed {Type} dispatch #{Sequence}: {Error}")]
    private partial void LogMalformedDispatch(string? type, long sequence, string error);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "Gateway: dropped {Type} #{Sequence}, already handled")]
    private partial void LogDuplicateDispatch(string? type, long sequence);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "Gateway: {Failures} connects in a row failed while resuming; giving the session up and identifying again")]
    private partial void LogResumeAbandoned(int failures);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Gateway: {Capacity} events are waiting for their handlers; reading paused until there is room (heartbeats go on)")]
    private partial void LogDispatchQueueFull(int capacity);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Error, Message = "Gateway: no session starts left today; waiting {ResetAfter} before identifying")]
    private partial void LogIdentifyBudgetExhausted(TimeSpan resetAfter);
}
