using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Damage;

namespace ShowBot.Core.Retention;

/// <summary>
/// Runs <see cref="DataRetention"/> at start and then every <see cref="RetentionOptions.Interval"/>. A failed run is
/// logged and tried again at the next interval: serving does not depend on it.
/// </summary>
public sealed partial class DataRetentionService(
    DataRetention retention,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<DataRetentionService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await Task.Run(retention.Run, stoppingToken);
            }
            catch (StoredDataDamagedException ex)
            {
                // The damage itself is logged once where it is found; a stack trace here would only repeat it.
                LogSkippedForDamage(ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Data retention skipped this run: {Damage}")]
    private partial void LogSkippedForDamage(string damage);

    [LoggerMessage(EventId = 601, Level = LogLevel.Error, Message = "Data retention failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
