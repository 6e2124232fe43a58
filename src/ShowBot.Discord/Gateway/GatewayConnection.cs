using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ShowBot.Discord.Gateway;

/// <summary>
/// One socket's sending side (one send at a time, as <see cref="ClientWebSocket"/> requires) and its heartbeat ACK
/// state. An ACK can only be seen when the read loop reads; while it waits for room in the dispatch queue, an
/// unread ACK is not a missing one, so the connection is judged a zombie only after a whole interval of reading.
/// </summary>
internal sealed class GatewayConnection(ClientWebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim sendGate = new(1, 1);
    private int awaitingAck;
    private int zombie;
    private int readerWaitingNow;
    private int readerWaitedSinceHeartbeat;
    private int readerWaits;

    /// <summary>True once a heartbeat went unanswered for an interval in which the read loop was free to read it.</summary>
    public bool IsZombie => Volatile.Read(ref zombie) == 1;

    /// <summary>False (and the connection marked a zombie) when the previous heartbeat is still unanswered.</summary>
    public bool TryStartHeartbeat()
    {
        var readerHeldUp = (Interlocked.Exchange(ref readerWaitedSinceHeartbeat, 0) | Volatile.Read(ref readerWaitingNow)) == 1;
        if (Interlocked.Exchange(ref awaitingAck, 1) == 1 && !readerHeldUp)
        {
            Volatile.Write(ref zombie, 1);
            return false;
        }

        return true;
    }

    /// <summary>The read loop starts waiting for room in the dispatch queue; returns how many times it has on this connection.</summary>
    public int ReaderWaitStarted()
    {
        Volatile.Write(ref readerWaitingNow, 1);
        Volatile.Write(ref readerWaitedSinceHeartbeat, 1);
        return Interlocked.Increment(ref readerWaits);
    }

    public void ReaderWaitEnded() => Volatile.Write(ref readerWaitingNow, 0);

    public void AckReceived() => Volatile.Write(ref awaitingAck, 0);

    public void Dispose() => sendGate.Dispose();

    public async Task SendAsync<T>(GatewayCommand<T> frame, JsonTypeInfo<GatewayCommand<T>> type, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, type);
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
