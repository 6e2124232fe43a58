using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Npgsql;

using ShowBot.Core.Lifecycle;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// Serves a model another node deployed as soon as its deploy commits: it listens on
/// <see cref="PostgresModelStore.DeployChannel"/>, and since a notification sent while this node was not listening is
/// lost, it also looks at the deployed version when it (re)connects and every <see cref="PollInterval"/>.
/// </summary>
public sealed partial class DeployListener(PostgresDatabase database, ModelLifecycle lifecycle, TimeProvider time, ILogger<DeployListener> logger) : BackgroundService
{
    public static TimeSpan PollInterval { get; } = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At start the lifecycle restores the deployed model itself; after a lost connection a deploy may have been missed.
        var reconnecting = false;
        for (var failures = 0; !stoppingToken.IsCancellationRequested;)
        {
            try
            {
                await using var connection = database.Open();
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresModelStore.DeployChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                failures = 0;
                if (reconnecting)
                {
                    lifecycle.ServeDeployed();
                }

                while (true)
                {
                    await connection.WaitAsync(PollInterval, stoppingToken);
                    lifecycle.ServeDeployed();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                LogListenFailed(ex.Message);
                reconnecting = true;
                failures++;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures))), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL connection that hears of deploys ({Reason}); connecting again")]
    private partial void LogListenFailed(string reason);
}
