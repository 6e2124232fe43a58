using System.Collections.Concurrent;

namespace ShowBot.Core.Requests;

/// <summary>Wakes the prediction worker when a request is queued, so it need not poll fast.</summary>
public sealed class PredictionSignal : IDisposable
{
    private readonly SemaphoreSlim pending = new(0, int.MaxValue);
    private readonly ConcurrentDictionary<string, PredictionRequest> waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> watched = new(StringComparer.Ordinal);

    /// <summary>Tells one waiting worker lane that a request was queued.</summary>
    public void Notify() => pending.Release();

    /// <summary>
    /// Tells one waiting worker lane that <paramref name="accepted"/> was queued, and keeps it in memory until it is
    /// settled: while storage fails, the worker cannot read the queue, but its people can still be told they wait.
    /// </summary>
    public void Notify(PredictionRequest accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        waiting[accepted.Key] = accepted;
        Notify();
    }

    /// <summary>The requests this process accepted that are not settled yet.</summary>
    public IReadOnlyList<PredictionRequest> Waiting => [.. waiting.Values];

    /// <summary>Forgets a request claimed by a worker lane or whose person was told it waits; false when it was already.</summary>
    public bool Settled(string key) => waiting.TryRemove(key, out _);

    /// <summary>
    /// Completes once a worker lane of this process is done with the request: its list stored and the request marked,
    /// or the request given back to the queue. Ask before reading the request's state, so the lane's end cannot be
    /// missed in between, and call <see cref="StopWatching"/> after.
    /// </summary>
    public Task Done(string key) => watched.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Forgets a request <see cref="Done"/> was asked about.</summary>
    public void StopWatching(string key) => watched.TryRemove(key, out _);

    /// <summary>Called by the lane that is done with the request.</summary>
    public void Finished(string key)
    {
        if (watched.TryRemove(key, out var done))
        {
            done.TrySetResult();
        }
    }

    /// <summary>Waits for a notification or the timeout; returns true if notified.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => pending.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => pending.Dispose();
}
