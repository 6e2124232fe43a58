namespace ShowBot.Core.Requests;

/// <summary>Wakes the prediction worker when a request is queued, so it need not poll fast.</summary>
public sealed class PredictionSignal : IDisposable
{
    private readonly SemaphoreSlim pending = new(0, int.MaxValue);

    /// <summary>Tells one waiting worker lane that a request was queued.</summary>
    public void Notify() => pending.Release();

    /// <summary>Waits for a notification or the timeout; returns true if notified.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => pending.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => pending.Dispose();
}
