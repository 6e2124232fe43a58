using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Slack.Api;
using ShowBot.Slack.Inbound;

namespace ShowBot.Slack.SocketMode;

/// <summary>
/// Keeps ShowBot connected to Slack over Socket Mode. Every connect asks <c>apps.connections.open</c> for a fresh URL
/// and waits for <c>hello</c>. Each socket has its own read loop that hands envelopes to <see cref="SlackInbox"/>
/// (which acks before working). On a <c>disconnect</c> warning or refresh the replacement socket is opened first and
/// the old one is closed only afterwards, so nothing delivered in between is lost. <c>link_disabled</c> or a rejected
/// token ends the run with a <see cref="SlackFatalException"/>, which <see cref="SlackAdapterRunner"/> turns into a fatal stop; other failures reconnect with backoff and jitter.
/// </summary>
internal sealed partial class SlackSocketModeService(
    SlackAdapterRunner runner,
    SlackApiClient api,
    SlackInbox inbox,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackSocketModeService> logger) : BackgroundService
{
    /// <summary>A socket that lived shorter than this before failing counts as another failure in a row, so a flapping link backs off.</summary>
    private static readonly TimeSpan StableSession = TimeSpan.FromMinutes(1);

    private const string LinkDisabled = "link_disabled";

    private const string LinkDisabledReason = "Slack disabled this app's Socket Mode link (disconnect: link_disabled). Turn Socket Mode on in the Slack app's settings (api.slack.com/apps → Socket Mode), or set ShowBot:Slack:Mode to Http, then start ShowBot again.";

    private readonly SlackOptions settings = options.Value;
    private int connectionCount;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(RunAsync, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var session = await StartSessionAsync(failures, stoppingToken);
        while (true)
        {
            await Task.WhenAny(session.Finished, session.RefreshRequested.Task).WaitAsync(stoppingToken);
            if (!session.Finished.IsCompleted)
            {
                var replacement = await StartSessionAsync(0, stoppingToken);
                _ = RetireAsync(session, stoppingToken);
                session = replacement;
                continue;
            }

            var end = await session.Finished;
            session.Connection.Dispose();
            if (end == SessionEnd.LinkDisabled)
            {
                throw new SlackFatalException(LinkDisabledReason);
            }

            failures = time.GetUtcNow() - session.ConnectedAt < StableSession ? failures + 1 : 0;
            session = await StartSessionAsync(failures, stoppingToken);
        }
    }

    private async Task<Session> StartSessionAsync(int failures, CancellationToken stoppingToken)
    {
        for (; ; failures++)
        {
            await Task.Delay(ReconnectBackoff.Delay(failures, settings.ReconnectMinDelay, settings.ReconnectMaxDelay, Random.Shared), time, stoppingToken);
            SocketModeConnection? connection = null;
            try
            {
                var url = await api.OpenSocketModeUrlAsync(stoppingToken);
                connection = await SocketModeConnection.ConnectAsync(url, Interlocked.Increment(ref connectionCount), settings, time, stoppingToken);
                var hello = await ReceiveHelloAsync(connection, stoppingToken);
                var session = new Session(connection, time.GetUtcNow());
                session.Finished = ReadLoopAsync(session, stoppingToken);
                LogConnected(connection.Number, url.Host, hello);
                return session;
            }
            catch (SlackApiException ex) when (ex.IsAuthenticationFailure)
            {
                connection?.Dispose();
                throw new SlackFatalException($"Slack rejected the app-level token ({ex.Error}). Check ShowBot:Slack:AppToken (xapp-…, scope connections:write).", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                connection?.Dispose();
                if (ex is SlackFatalException)
                {
                    throw;
                }

                LogConnectFailed(ex, failures + 1);
            }
        }
    }

    /// <summary>Waits for Slack's first message, which must be <c>hello</c>; returns its <c>num_connections</c>.</summary>
    private async Task<int> ReceiveHelloAsync(SocketModeConnection connection, CancellationToken stoppingToken)
    {
        string? text;
        try
        {
            text = await connection.ReceiveAsync(stoppingToken).WaitAsync(settings.HelloTimeout, time, stoppingToken);
        }
        catch (TimeoutException)
        {
            connection.Abort();
            throw new WebSocketException($"No hello within {settings.HelloTimeout}.");
        }

        var frame = ReadFrame(text ?? "{}") ?? throw new WebSocketException("Expected hello, got a frame that is not a JSON object.");
        if (frame is { Type: SocketModeFrame.Disconnect, Reason: LinkDisabled })
        {
            throw new SlackFatalException(LinkDisabledReason);
        }

        return frame.Type == SocketModeFrame.Hello
            ? frame.NumConnections ?? 1
            : throw new WebSocketException($"Expected hello, got '{frame.Type}'.");
    }

    private async Task<SessionEnd> ReadLoopAsync(Session session, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var connection = session.Connection;
        try
        {
            while (await connection.ReceiveAsync(stoppingToken) is { } text)
            {
                var receivedAt = Stopwatch.GetTimestamp();
                if (await HandleFrameAsync(session, text, receivedAt, stoppingToken) is { } end)
                {
                    return end;
                }
            }

            LogClosedByServer(connection.Number);
            return SessionEnd.Closed;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return SessionEnd.Closed;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            LogSocketFailed(ex, connection.Number);
            return SessionEnd.Failed;
        }
    }

    /// <summary>Handles one frame; returns how the session ends when the frame ends it.</summary>
    private async Task<SessionEnd?> HandleFrameAsync(Session session, string text, long receivedAt, CancellationToken stoppingToken)
    {
        if (ReadFrame(text) is not { } frame)
        {
            LogMalformedFrame(session.Connection.Number, text.Length);
            return null;
        }

        if (frame.EnvelopeId is not null || frame.Type is SocketModeFrame.EventsApi or SocketModeFrame.SlashCommands)
        {
            try
            {
                await inbox.OnEnvelopeAsync(frame, payload => AckAsync(session.Connection, frame.EnvelopeId ?? "", payload, stoppingToken), receivedAt, stoppingToken);
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
            {
                LogAckFailed(ex, session.Connection.Number);
            }

            return null;
        }

        switch (frame.Type)
        {
            case SocketModeFrame.Disconnect:
                LogDisconnect(session.Connection.Number, frame.Reason);
                if (frame.Reason == LinkDisabled)
                {
                    return SessionEnd.LinkDisabled;
                }

                session.RefreshRequested.TrySetResult();
                return null;
            case SocketModeFrame.Hello:
                return null;
            default:
                LogUnknownFrame(session.Connection.Number, frame.Type);
                return null;
        }
    }

    /// <summary>The frame as its record; null when it is not a JSON object of that shape.</summary>
    private static SocketModeFrame? ReadFrame(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, SlackJson.Default.SocketModeFrame);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task AckAsync(SocketModeConnection connection, string envelopeId, JsonObject? payload, CancellationToken stoppingToken)
    {
        return connection.SendAsync(JsonSerializer.Serialize(new SocketModeAck(envelopeId, payload), SlackJson.Default.SocketModeAck), stoppingToken);
    }

    /// <summary>Keeps a replaced socket open a little longer (Slack may still deliver on it), then closes it.</summary>
    private async Task RetireAsync(Session session, CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAny(session.Finished, Task.Delay(settings.RefreshOverlap, time, stoppingToken));
            if (!session.Finished.IsCompleted)
            {
                await session.Connection.CloseOutputAsync(stoppingToken);
                if (await Task.WhenAny(session.Finished, Task.Delay(settings.HelloTimeout, time, stoppingToken)) != session.Finished)
                {
                    session.Connection.Abort();
                }
            }

            await session.Finished;
            LogRetired(session.Connection.Number);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            session.Connection.Abort();
        }
        finally
        {
            session.Connection.Dispose();
        }
    }

    private enum SessionEnd
    {
        Closed,
        Failed,
        LinkDisabled,
    }

    private sealed class Session(SocketModeConnection connection, DateTimeOffset connectedAt)
    {
        public SocketModeConnection Connection { get; } = connection;

        public DateTimeOffset ConnectedAt { get; } = connectedAt;

        public TaskCompletionSource RefreshRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SessionEnd> Finished { get; set; } = Task.FromResult(SessionEnd.Closed);
    }

    [LoggerMessage(EventId = 532, Level = LogLevel.Information, Message = "Socket Mode connection #{Connection} to {Host} is up ({Connections} connection(s) open)")]
    private partial void LogConnected(int connection, string host, int connections);

    [LoggerMessage(EventId = 533, Level = LogLevel.Warning, Message = "Could not connect to Slack Socket Mode (attempt {Attempt}); retrying")]
    private partial void LogConnectFailed(Exception exception, int attempt);

    [LoggerMessage(EventId = 534, Level = LogLevel.Information, Message = "Slack closed Socket Mode connection #{Connection}")]
    private partial void LogClosedByServer(int connection);

    [LoggerMessage(EventId = 535, Level = LogLevel.Warning, Message = "Socket Mode connection #{Connection} failed; reconnecting")]
    private partial void LogSocketFailed(Exception exception, int connection);

    [LoggerMessage(EventId = 536, Level = LogLevel.Information, Message = "Slack asks connection #{Connection} to disconnect ({Reason})")]
    private partial void LogDisconnect(int connection, string reason);

    [LoggerMessage(EventId = 537, Level = LogLevel.Warning, Message = "Skipped a malformed frame on connection #{Connection} ({Length} chars)")]
    private partial void LogMalformedFrame(int connection, int length);

    [LoggerMessage(EventId = 538, Level = LogLevel.Debug, Message = "Ignored a '{Type}' frame on connection #{Connection}")]
    private partial void LogUnknownFrame(int connection, string type);

    [LoggerMessage(EventId = 539, Level = LogLevel.Warning, Message = "Could not ack on connection #{Connection}; Slack will redeliver")]
    private partial void LogAckFailed(Exception exception, int connection);

    [LoggerMessage(EventId = 540, Level = LogLevel.Information, Message = "Socket Mode connection #{Connection} retired after its replacement came up")]
    private partial void LogRetired(int connection);
}
