using System.Net;
using System.Net.Sockets;

namespace ShowBot.Slack.Tests.Fakes;

/// <summary>
/// A TCP relay on loopback that can stop relaying while keeping every connection open: to the client, the link is
/// half-open (no close, no reset, just silence), which only a ping watchdog can notice.
/// </summary>
internal sealed class PausableProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<TcpClient> connections = [];
    private readonly Lock gate = new();
    private readonly Task accepting;
    private readonly int targetPort;
    private volatile TaskCompletionSource resumed = CompletedSource();

    public PausableProxy(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Stops relaying bytes in both directions on every connection, open or future.</summary>
    public void Pause() => resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
                lock (gate)
                {
                    connections.Add(client);
                    connections.Add(upstream);
                }

                _ = RelayAsync(client.GetStream(), upstream.GetStream());
                _ = RelayAsync(upstream.GetStream(), client.GetStream());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                await resumed.Task.WaitAsync(stopping.Token);
                var read = await from.ReadAsync(buffer, stopping.Token);
                if (read == 0)
                {
                    to.Socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                // Bytes read just before a pause are held back too, so nothing gets through once paused.
                await resumed.Task.WaitAsync(stopping.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // A side went away, or the proxy stopped.
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        lock (gate)
        {
            connections.ForEach(c => c.Dispose());
        }

        stopping.Dispose();
    }
}
