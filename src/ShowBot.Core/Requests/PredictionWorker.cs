using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;

namespace ShowBot.Core.Requests;

/// <summary>
/// Works off the durable queue with bounded parallelism. At start, requests a dead process left in flight are
/// pending again, so everything accepted is answered. On shutdown, a request being answered is put back.
/// </summary>
public sealed partial class PredictionWorker(
    IPredictionQueue queue,
    PredictionSignal signal,
    PredictionAnswerer answerer,
    ChatPlatforms platforms,
    IOptions<PredictionWorkerOptions> options,
    TimeProvider time,
    ILogger<PredictionWorker> logger) : BackgroundService
{
    private readonly PredictionWorkerOptions settings = options.Value;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = queue.RecoverInFlight();
        if (recovered > 0)
        {
            LogRecovered(recovered);
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Parallelism).Select(_ => RunLaneAsync(stoppingToken)));
    }

    private async Task RunLaneAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (queue.TryClaimNext(time.GetUtcNow(), platforms.Names) is { } request)
            {
                await AnswerAsync(request, stoppingToken);
                continue;
            }

            try
            {
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task AnswerAsync(PredictionRequest request, CancellationToken stoppingToken)
    {
        try
        {
            await answerer.AnswerAsync(request, stoppingToken);
            queue.MarkAnswered(request.Key, time.GetUtcNow());
            LogAnswered(request.Key, time.GetUtcNow() - request.AcceptedAt);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            queue.Release(request.Key, error: null);
            LogRequeuedOnShutdown(request.Key);
        }
        catch (UndeliverableReplyException ex)
        {
            queue.MarkFailed(request.Key, ex.Message);
            LogUndeliverable(request.Key, ex.Message);
        }
        catch (Exception ex) when (request.Attempts + 1 < settings.MaxAttempts)
        {
            var retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Pow(2, request.Attempts + 1));
            queue.Release(request.Key, ex.Message, retryAt);
            LogRetrying(ex, request.Key, request.Attempts + 1, retryAt);
        }
        catch (Exception ex)
        {
            queue.MarkFailed(request.Key, ex.Message);
            LogGaveUp(ex, request.Key, request.Attempts + 1);
            await TryApologizeAsync(request, stoppingToken);
        }
    }

    private async Task TryApologizeAsync(PredictionRequest request, CancellationToken stoppingToken)
    {
        try
        {
            await answerer.ApologizeAsync(request, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogApologyFailed(ex, request.Key);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Recovered {Count} request(s) left in flight by an earlier run")]
    private partial void LogRecovered(int count);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Answered request {RequestKey} {Elapsed} after it was accepted")]
    private partial void LogAnswered(string requestKey, TimeSpan elapsed);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Request {RequestKey} put back in the queue on shutdown")]
    private partial void LogRequeuedOnShutdown(string requestKey);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Request {RequestKey} failed (attempt {Attempt}); retrying at {RetryAt}")]
    private partial void LogRetrying(Exception exception, string requestKey, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Gave up on request {RequestKey} after {Attempts} attempt(s)")]
    private partial void LogGaveUp(Exception exception, string requestKey, int attempts);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Request {RequestKey} can never be delivered: {Reason}")]
    private partial void LogUndeliverable(string requestKey, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Could not tell the requester of {RequestKey} that it failed")]
    private partial void LogApologyFailed(Exception exception, string requestKey);
}
