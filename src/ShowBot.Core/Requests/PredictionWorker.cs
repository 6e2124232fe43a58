using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;

namespace ShowBot.Core.Requests;

/// <summary>
/// Works off the durable queue with bounded parallelism. At start, requests a dead process left in flight are
/// pending again, so everything accepted is answered. On shutdown, a request being answered has a moment to finish
/// (its reply may already be on its way) and is put back if it cannot.
/// Storage that fails (a full disk) never stops a lane: it backs off, and each request is retried or its person told.
/// </summary>
public sealed partial class PredictionWorker(
    IPredictionQueue queue,
    PredictionSignal signal,
    PredictionAnswerer answerer,
    ChatPlatforms platforms,
    StorageFailures storage,
    IOptions<PredictionWorkerOptions> options,
    TimeProvider time,
    ILogger<PredictionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan LongestStorageBackoff = TimeSpan.FromMinutes(1);
    private readonly PredictionWorkerOptions settings = options.Value;
    private readonly StorageFailureSpell storageSpell = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (TryStore(queue.RecoverInFlight, out var recovered) && recovered > 0)
        {
            LogRecovered(recovered);
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Parallelism).Select(_ => RunLaneAsync(stoppingToken)));
    }

    private async Task RunLaneAsync(CancellationToken stoppingToken)
    {
        var failedClaims = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!TryStore(() => queue.TryClaimNext(time.GetUtcNow(), platforms.Names), out var request))
            {
                failedClaims++;
                if (failedClaims == settings.MaxAttempts)
                {
                    await TellWaitingAsync(stoppingToken);
                }

                if (!await PauseAsync(StorageBackoff(failedClaims), stoppingToken))
                {
                    return;
                }

                continue;
            }

            failedClaims = 0;
            if (request is not null)
            {
                try
                {
                    await AnswerAsync(request, stoppingToken);
                }
                finally
                {
                    signal.Finished(request.Key);
                }

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

    /// <summary>
    /// Storage kept failing, so no request can even be claimed: the people whose requests this process accepted are
    /// told, once, that theirs waits (it is kept, and answered once storage works).
    /// </summary>
    private async Task TellWaitingAsync(CancellationToken stoppingToken)
    {
        foreach (var request in signal.Waiting)
        {
            if (storageSpell.Current is not { } failure || !signal.Settled(request.Key))
            {
                continue;
            }

            try
            {
                await answerer.TellWaitingOnStorageAsync(request, failure, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogApologyFailed(ex, request.Key);
            }
        }
    }

    private async Task AnswerAsync(PredictionRequest request, CancellationToken stoppingToken)
    {
        // Claimed, the request is this lane's to answer or to tell about.
        signal.Settled(request.Key);
        using var answering = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stopping = stoppingToken.Register(() => answering.CancelAfter(settings.ShutdownGrace));
        var attempts = request.Attempts;
        while (true)
        {
            Exception? failure = null;
            try
            {
                // Cut off mid-reply, a list could be out and yet be posted again after the restart, with reactions on the first lost.
                await answerer.AnswerAsync(request, answering.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // If the queue cannot take it back now, it stays in flight, and the next start answers it all the same.
                TryStore(() => queue.Release(request.Key, error: null));
                LogRequeuedOnShutdown(request.Key);
                return;
            }
            catch (UndeliverableReplyException ex)
            {
                LogUndeliverable(request.Key, ex.Message);
                await SettleAsync(() => queue.MarkFailed(request.Key, ex.Message), stoppingToken);
                return;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (failure is null)
            {
                LogAnswered(request.Key, time.GetUtcNow() - request.AcceptedAt);
                await SettleAsync(() => queue.MarkAnsweredAsync(request.Key, time.GetUtcNow()), stoppingToken);
                return;
            }

            attempts++;
            var storageFailed = storage.IsStorageFailure(failure);
            if (storageFailed)
            {
                ReportStorageFailure(failure);
            }

            if (attempts >= settings.MaxAttempts)
            {
                await GiveUpAsync(request, failure, storageFailed, attempts, stoppingToken);
                return;
            }

            var retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Pow(2, attempts));
            if (storageFailed)
            {
                LogRetryingAfterStorageFailure(request.Key, attempts, retryAt);
            }
            else
            {
                LogRetrying(failure, request.Key, attempts, retryAt);
            }

            if (TryStore(() => queue.Release(request.Key, failure.Message, retryAt)))
            {
                return;
            }

            // The queue cannot take the request back, so this lane keeps it (still in flight in the file) and retries it itself.
            if (!await PauseAsync(retryAt - time.GetUtcNow(), stoppingToken))
            {
                return;
            }
        }
    }

    private async Task GiveUpAsync(PredictionRequest request, Exception failure, bool storageFailed, int attempts, CancellationToken stoppingToken)
    {
        LogGaveUp(storageFailed ? null : failure, request.Key, attempts);
        try
        {
            await (storageFailed
                ? answerer.TellStorageFailedAsync(request, failure, stoppingToken)
                : answerer.ApologizeAsync(request, stoppingToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogApologyFailed(ex, request.Key);
        }

        await SettleAsync(() => queue.MarkFailed(request.Key, failure.Message), stoppingToken);
    }

    private Task SettleAsync(Action write, CancellationToken stoppingToken) => SettleAsync(() =>
    {
        write();
        return Task.CompletedTask;
    }, stoppingToken);

    /// <summary>
    /// Records how a request ended, waiting out failing storage. Stopped first, the request stays in flight and the
    /// next start answers it again: a repeated reply, never a lost one.
    /// </summary>
    private async Task SettleAsync(Func<Task> write, CancellationToken stoppingToken)
    {
        for (var failures = 1; !await TryStoreAsync(write); failures++)
        {
            if (!await PauseAsync(StorageBackoff(failures), stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>While storage keeps failing, a lane waits twice as long each time (from the poll interval), at most a minute.</summary>
    private TimeSpan StorageBackoff(int failures) =>
        TimeSpan.FromTicks((long)Math.Min(settings.PollInterval.Ticks * Math.Pow(2, failures), LongestStorageBackoff.Ticks));

    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs one queue write that completes later; a storage failure is reported and answered false.</summary>
    private async Task<bool> TryStoreAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex) when (storage.IsStorageFailure(ex))
        {
            ReportStorageFailure(ex);
            return false;
        }

        ReportStorageWorks();
        return true;
    }

    private bool TryStore(Action write) => TryStore(() =>
    {
        write();
        return true;
    }, out _);

    /// <summary>Runs one queue operation; a storage failure is reported and answered false, a bug propagates and stops the bot.</summary>
    private bool TryStore<T>(Func<T> operation, out T? result)
    {
        try
        {
            result = operation();
        }
        catch (Exception ex) when (storage.IsStorageFailure(ex))
        {
            ReportStorageFailure(ex);
            result = default;
            return false;
        }

        ReportStorageWorks();
        return true;
    }

    private void ReportStorageFailure(Exception exception)
    {
        if (storageSpell.Begins(exception))
        {
            LogStorageFailing(exception);
        }
    }

    private void ReportStorageWorks()
    {
        if (storageSpell.Ends())
        {
            LogStorageWorks();
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
    private partial void LogGaveUp(Exception? exception, string requestKey, int attempts);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Request {RequestKey} can never be delivered: {Reason}")]
    private partial void LogUndeliverable(string requestKey, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Could not tell the requester of {RequestKey} that it failed")]
    private partial void LogApologyFailed(Exception exception, string requestKey);

    [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "Request {RequestKey} could not be stored (attempt {Attempt}); retrying at {RetryAt}")]
    private partial void LogRetryingAfterStorageFailure(string requestKey, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Storage is failing; requests wait and are retried, and their people are told if it lasts")]
    private partial void LogStorageFailing(Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Storage works again")]
    private partial void LogStorageWorks();
}
