using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

using Microsoft.Extensions.Logging;

using ShowBot.Core.Chat;
using ShowBot.Discord.Rest;

namespace ShowBot.Discord.Gateway;

/// <summary>
/// One shard's Gateway v10 session over <see cref="ClientWebSocket"/>: Hello → jittered heartbeats with ACK tracking →
/// Identify (or Resume) → dispatches. Reconnects by the close-code table: resume when the session survives,
/// identify again when it does not, stop on codes reconnecting cannot fix. A new session waits for its turn at the
/// <see cref="IIdentifyGate"/> in the shard's bucket (<c>shard_id % max_concurrency</c>), held from the connect until
/// Discord answers the Identify; a resume takes no turn. The connection, the handshake and Hello each get
/// <see cref="DiscordOptions.HelloTimeout"/>. The read loop only reads: each frame is read once into its record
/// (<see cref="DiscordJson"/>), every dispatch ShowBot handles goes to the bounded queue the shards share for handlers
/// that run elsewhere, and heartbeats have their own loop, so a slow handler never delays a heartbeat. All of it runs
/// only while the shard holds its <see cref="IShardLease"/>: while another node holds it the shard tries again every
/// <see cref="DiscordOptions.ShardLeaseRetry"/>, and a lease lost ends the session until the lease is taken again.
/// </summary>
internal sealed partial class GatewayShard(
    int shardId,
    DiscordOptions settings,
    DiscordRestClient rest,
    IIdentifyGate identifyGate,
    IShardLease shardLease,
    ChannelWriter<GatewayDispatch> dispatches,
    Func<int> countIdentify,
    TimeProvider time,
    ILogger logger)
{
    private const int ReceiveChunkSize = 16 * 1024;
    private const int MaxMessageSize = 8 * 1024 * 1024;
    private const WebSocketCloseStatus KeepSessionCloseStatus = (WebSocketCloseStatus)4000;

    private readonly string shard = $"{shardId}/{settings.ShardCount}";
    private Uri? gatewayUrl;
    private int maxConcurrency = 1;
    private string? sessionId;
    private Uri? resumeUrl;
    private long lastSequence;
    private bool connectionReady;
    private IAsyncDisposable? identifyTurn;

    /// <summary>Runs sessions until <paramref name="stoppingToken"/> is cancelled; throws <see cref="GatewayFatalException"/> when Discord refuses the bot for good.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            for (var lost = false; !stoppingToken.IsCancellationRequested; lost = true)
            {
                if (lost)
                {
                    // Having lost the lease and given its hold back, this node tries again only after ShardLeaseRetry, as
                    // after finding the shard held: a node standing by, which tries that often, takes the freed lease first.
                    await Task.Delay(settings.ShardLeaseRetry, time, stoppingToken);
                }

                await using var lease = await TakeLeaseAsync(stoppingToken);
                using var leased = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                try
                {
                    await RunSessionsAsync(leased.Token);
                }
                catch (OperationCanceledException) when (leased.IsCancellationRequested)
                {
                }

                if (!stoppingToken.IsCancellationRequested)
                {
                    // The session was closed as on a shutdown: another node may hold the lease by now and start its own.
                    LogLeaseLost(shard);
                    ForgetSession();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The shard's lease, once no other node holds it: tried every <see cref="DiscordOptions.ShardLeaseRetry"/>.</summary>
    private async Task<IShardHold> TakeLeaseAsync(CancellationToken stoppingToken)
    {
        var heldElsewhere = false;
        while (true)
        {
            try
            {
                if (await shardLease.TryTakeAsync(shardId, settings.ShardCount, stoppingToken) is { } hold)
                {
                    if (heldElsewhere)
                    {
                        LogLeaseTaken(shard);
                    }

                    return hold;
                }

                if (!heldElsewhere)
                {
                    heldElsewhere = true;
                    LogLeaseHeldElsewhere(shard, settings.ShardLeaseRetry);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogLeaseFailed(shard, ex.GetType().Name, ex.Message);
            }

            await Task.Delay(settings.ShardLeaseRetry, time, stoppingToken);
        }
    }

    /// <summary>Sessions, one after another, until <paramref name="leasedToken"/> is cancelled.</summary>
    private async Task RunSessionsAsync(CancellationToken leasedToken)
    {
        var failures = 0;
        while (true)
        {
            var end = await ConnectOnceAsync(leasedToken);
            failures = connectionReady ? 0 : failures + 1;
            if (end == SessionEnd.Resume && failures >= DiscordGateway.FailedResumesBeforeNewSession)
            {
                // A resume URL that never answers would keep the bot away for good; a new session only loses what was missed.
                LogResumeAbandoned(shard, failures);
                ForgetSession();
                end = SessionEnd.Identify;
            }

            var delay = end == SessionEnd.IdentifyAfterPause
                ? settings.ReconnectDelay * (1 + (4 * Random.Shared.NextDouble()))
                : Backoff(failures);
            LogReconnecting(shard, end, delay);
            await Task.Delay(delay, time, leasedToken);
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
            LogConnectionLost(shard, ex.GetType().Name, ex.Message);
            return sessionId is null ? SessionEnd.Identify : SessionEnd.Resume;
        }
    }

    private async Task<SessionEnd> RunConnectionAsync(CancellationToken stoppingToken)
    {
        var resuming = sessionId is not null && resumeUrl is not null;

        // Held from the connect until Discord answers the Identify (READY or an invalid session) or the connection
        // ends; a resume takes none. Discord times an identify when it receives it, before it answers, so timing the
        // bucket's interval from the answer keeps it whatever the latency of either.
        identifyTurn = resuming ? null : await TakeIdentifyTurnAsync(stoppingToken);
        try
        {
            return await ConnectAndReadAsync(resuming, stoppingToken);
        }
        finally
        {
            await EndIdentifyTurnAsync();
        }
    }

    private async Task EndIdentifyTurnAsync()
    {
        if (identifyTurn is { } turn)
        {
            identifyTurn = null;
            await turn.DisposeAsync();
        }
    }

    private async Task<SessionEnd> ConnectAndReadAsync(bool resuming, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        using var connectionCancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var connection = new GatewayConnection(socket);
        await ConnectWithinTimeoutAsync(socket, WithVersion(resuming ? resumeUrl! : gatewayUrl!), stoppingToken);
        LogConnected(shard, resuming);

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
                        LogReconnectRequested(shard);
                        return SessionEnd.Resume;
                    case GatewayOpcode.InvalidSession:
                        var resumable = frame.Data.ValueKind == JsonValueKind.True;
                        LogInvalidSession(shard, resumable);
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
            LogZombie(shard);
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
        LogClosedByServer(shard, closeCode, description, end);
        switch (end)
        {
            case SessionEnd.Fatal:
                throw new GatewayFatalException($"Discord closed the gateway with {closeCode}: {GatewayCloseCodes.Explain(closeCode!.Value)} (shard {shard}). Not reconnecting.");
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
            LogDuplicateDispatch(shard, frame.Type, sequence);
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
                await EndIdentifyTurnAsync();
                LogReady(shard, ready.Guilds.Count);
                payload = ready;
                break;
            case DispatchType.Resumed:
                connectionReady = true;
                LogResumed(shard, lastSequence);
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
        if (dispatches.TryWrite(dispatch))
        {
            return;
        }

        if (connection.ReaderWaitStarted() == 1)
        {
            LogDispatchQueueFull(shard, DiscordGateway.DispatchQueueCapacity);
        }

        try
        {
            await dispatches.WriteAsync(dispatch, connectionToken);
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

    /// <summary>The gateway URL and this shard's bucket from Discord, then this shard's turn to identify in it.</summary>
    private async Task<IAsyncDisposable> TakeIdentifyTurnAsync(CancellationToken cancellationToken)
    {
        gatewayUrl = await DiscoverGatewayAsync(cancellationToken);
        var bucket = shardId % maxConcurrency;
        LogWaitingForTurn(shard, bucket, maxConcurrency);
        return await identifyGate.WaitTurnAsync(bucket, settings.IdentifyInterval, cancellationToken);
    }

    private async Task<Uri> DiscoverGatewayAsync(CancellationToken cancellationToken)
    {
        var body = await rest.SendAsync(DiscordRoute.GatewayBot(), body: null, cancellationToken)
            ?? throw new JsonException("GET /gateway/bot returned no body");
        var limit = body.GetProperty("session_start_limit");
        var remaining = limit.GetProperty("remaining").GetInt32();
        maxConcurrency = Math.Max(1, limit.GetProperty("max_concurrency").GetInt32());
        LogGatewayDiscovered(shard, body.GetProperty("shards").GetInt32(), settings.ShardCount, remaining, limit.GetProperty("total").GetInt32());
        if (remaining <= 0)
        {
            var resetAfter = TimeSpan.FromMilliseconds(limit.GetProperty("reset_after").GetDouble());
            LogIdentifyBudgetExhausted(shard, resetAfter);
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
        LogIdentifying(shard, countIdentify());
        var identify = new Identify(
            settings.BareToken,
            GatewayIntents.ShowBot,
            new IdentifyProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "ShowBot", "ShowBot"),
            [shardId, settings.ShardCount]);
        return connection.SendAsync(new GatewayCommand<Identify>(GatewayOpcode.Identify, identify), DiscordJson.Default.IdentifyCommand, cancellationToken);
    }

    private Task SendResumeAsync(GatewayConnection connection, CancellationToken cancellationToken)
    {
        LogResuming(shard, lastSequence);
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
            LogMalformedFrame(shard, message.Length, ex.Message);
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
            LogMalformedDispatch(shard, frame.Type, frame.Sequence ?? 0, ex.Message);
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

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Gateway shard {Shard}: Discord recommends {Recommended} shard(s), running {Configured}; {Remaining} of {Total} session starts left today")]
    private partial void LogGatewayDiscovered(string shard, int recommended, int configured, int remaining, int total);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Gateway shard {Shard} connected (resuming: {Resuming})")]
    private partial void LogConnected(string shard, bool resuming);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Gateway shard {Shard}: identifying (identify #{Count} of this run)")]
    private partial void LogIdentifying(string shard, int count);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Debug, Message = "Gateway shard {Shard}: waiting for its turn to identify in bucket {Bucket} (max_concurrency {MaxConcurrency})")]
    private partial void LogWaitingForTurn(string shard, int bucket, int maxConcurrency);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Gateway shard {Shard}: ready, in {GuildCount} server(s)")]
    private partial void LogReady(string shard, int guildCount);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Gateway shard {Shard}: resuming after sequence {Sequence}")]
    private partial void LogResuming(string shard, long sequence);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Gateway shard {Shard}: resumed at sequence {Sequence}")]
    private partial void LogResumed(string shard, long sequence);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Gateway shard {Shard}: Discord asked for a reconnect")]
    private partial void LogReconnectRequested(string shard);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: invalid session (resumable: {Resumable})")]
    private partial void LogInvalidSession(string shard, bool resumable);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: no heartbeat ACK since the last heartbeat; dropping the zombie connection to resume")]
    private partial void LogZombie(string shard);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: closed by Discord with {CloseCode} {Description}; next: {Next}")]
    private partial void LogClosedByServer(string shard, int? closeCode, string? description, SessionEnd next);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: connection lost ({ErrorType}: {Error})")]
    private partial void LogConnectionLost(string shard, string errorType, string error);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Gateway shard {Shard}: reconnecting ({Next}) in {Delay}")]
    private partial void LogReconnecting(string shard, SessionEnd next, TimeSpan delay);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: skipped a malformed frame of {Length} bytes: {Error}")]
    private partial void LogMalformedFrame(string shard, long length, string error);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: skipped a malformed {Type} dispatch #{Sequence}: {Error}")]
    private partial void LogMalformedDispatch(string shard, string? type, long sequence, string error);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "Gateway shard {Shard}: dropped {Type} #{Sequence}, already handled")]
    private partial void LogDuplicateDispatch(string shard, string? type, long sequence);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: {Failures} connects in a row failed while resuming; giving the session up and identifying again")]
    private partial void LogResumeAbandoned(string shard, int failures);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: {Capacity} events are waiting for their handlers; reading paused until there is room (heartbeats go on)")]
    private partial void LogDispatchQueueFull(string shard, int capacity);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Information, Message = "Gateway shard {Shard}: another node holds it; trying again every {Retry}")]
    private partial void LogLeaseHeldElsewhere(string shard, TimeSpan retry);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Gateway shard {Shard}: took it over; connecting")]
    private partial void LogLeaseTaken(string shard);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: its lease could not be vouched for; session closed, waiting for the lease again")]
    private partial void LogLeaseLost(string shard);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "Gateway shard {Shard}: could not ask for its lease ({ErrorType}: {Error}); trying again")]
    private partial void LogLeaseFailed(string shard, string errorType, string error);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Error, Message = "Gateway shard {Shard}: no session starts left today; waiting {ResetAfter} before identifying")]
    private partial void LogIdentifyBudgetExhausted(string shard, TimeSpan resetAfter);
}
