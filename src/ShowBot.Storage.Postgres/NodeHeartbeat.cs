using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Npgsql;

using ShowBot.Core.Commands;
using ShowBot.Core.Requests;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// Keeps this node's row in <c>nodes</c> fresh, with the roles it runs, and hands the requests of nodes that stopped beating back to the queue,
/// waking this node's worker for them. On a clean stop the node leaves, after the worker has released what it held.
/// </summary>
public sealed partial class NodeHeartbeat(
    PostgresDatabase database, ThisNode node, IPredictionQueue queue, PredictionSignal signal, TimeProvider time, ILogger<NodeHeartbeat> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A third of the time after which the others take this node's requests.
        using var timer = new PeriodicTimer(database.NodeTimeout / 3, time);
        do
        {
            try
            {
                database.Heartbeat(node.Roles);
                if (queue.RecoverInFlight() is var recovered and > 0)
                {
                    LogRecovered(recovered);
                    signal.Notify();
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogBeatFailed(ex.Message);
            }
        }
        while (await Tick(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            database.Leave();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogBeatFailed(ex.Message);
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answering {Count} requests that a node which stopped left in flight")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This node could not reach PostgreSQL to beat: {Reason}")]
    private partial void LogBeatFailed(string reason);
}
