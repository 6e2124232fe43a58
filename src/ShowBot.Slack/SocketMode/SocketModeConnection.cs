using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace ShowBot.Slack.SocketMode;

/// <summary>
/// One Socket Mode WebSocket. Sends are serialised (acks come from several tasks); receives are whole text messages.
/// WebSocket pings with a pong timeout notice a half-open socket: the socket is aborted and the read fails.
/// </summary>
internal sealed class SocketModeConnection(ClientWebSocket socket, int number) : IDisposable
{
    private readonly SemaphoreSlim sendGate = new(1, 1);

    /// <summary>Counts connections in this process, for logs.</summary>
    public int Number { get; } = number;

    /// <summary>
    /// Opens the socket. The handshake gets <see cref="SlackOptions.HelloTimeout"/>, like the hello after it: a link that
    /// goes silent mid-handshake has no ping watchdog yet, and would otherwise hang the connect for ever.
    /// </summary>
    public static async Task<SocketModeConnection> ConnectAsync(Uri url, int number, SlackOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = settings.PingInterval;
        socket.Options.KeepAliveTimeout = settings.PingTimeout;
        using var timeout = new CancellationTokenSource(settings.HelloTimeout, time);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(url, connecting.Token);
            return new SocketModeConnection(socket, number);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new WebSocketException($"The WebSocket handshake did not finish within {settings.HelloTimeout}.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next text message, or null once the server closed the socket.</summary>
    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
                    }

                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return result.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length) : "";
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            sendGate.Release();
        }
    }

    /// <summary>Starts a normal close; the read loop keeps reading until the server's close arrives, so nothing in flight is lost.</summary>
    public async Task CloseOutputAsync(CancellationToken cancellationToken)
    {
        if (socket.State == WebSocketState.Open)
        {
            await sendGate.WaitAsync(cancellationToken);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "refreshing", cancellationToken);
            }
            finally
            {
                sendGate.Release();
            }
        }
    }

    public void Abort() => socket.Abort();

    public void Dispose()
    {
        socket.Dispose();
        sendGate.Dispose();
    }
}
