using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace ShowBot.Discord.Gateway;

/// <summary>One socket's sending side (one send at a time, as <see cref="ClientWebSocket"/> requires) and its heartbeat ACK state.</summary>
internal sealed class GatewayConnection(ClientWebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim sendGate = new(1, 1);
    private int awaitingAck;
    private int zombie;

    /// <summary>True once a heartbeat went unanswered until the next one was due.</summary>
    public bool IsZombie => Volatile.Read(ref zombie) == 1;

    /// <summary>False (and the connection marked a zombie) when the previous heartbeat is still unanswered.</summary>
    public bool TryStartHeartbeat()
    {
        if (Interlocked.Exchange(ref awaitingAck, 1) == 1)
        {
            Volatile.Write(ref zombie, 1);
            return false;
        }

        return true;
    }

    public void AckReceived() => Volatile.Write(ref awaitingAck, 0);

    public void Dispose() => sendGate.Dispose();

    public async Task SendAsync(JsonObject frame, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(frame.ToJsonString());
        await sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            sendGate.Release();
        }
    }
}
