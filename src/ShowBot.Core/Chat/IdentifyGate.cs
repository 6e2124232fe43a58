using System.Collections.Concurrent;

namespace ShowBot.Core.Chat;

/// <summary>
/// Turns at starting a gateway session (Discord's Identify), shared by every connection of every node on one store:
/// in each bucket a turn begins no sooner than the interval after the previous turn in that bucket ended, so
/// connections in one bucket never start sessions closer together than the platform allows, whichever node runs them.
/// </summary>
public interface IIdentifyGate
{
    /// <summary>
    /// Waits for this caller's turn in <paramref name="bucket"/>. The caller starts its session while it holds the
    /// turn and disposes it once the platform has answered (or the attempt failed); the next turn in the bucket begins
    /// <paramref name="interval"/> after that. Disposing a turn again does nothing; a wait given up leaves no trace.
    /// </summary>
    /// <param name="bucket">The rate-limit bucket, e.g. Discord's <c>shard_id % max_concurrency</c>.</param>
    /// <param name="interval">The least time between the end of one turn in the bucket and the start of the next.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    Task<IAsyncDisposable> WaitTurnAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken);
}

/// <summary>
/// The <see cref="IIdentifyGate"/> of a single node (the LiteDB provider: one process owns the data): turns are
/// handed out in memory, one bucket at a time, by <see cref="TimeProvider"/>.
/// </summary>
public sealed class InProcessIdentifyGate(TimeProvider time) : IIdentifyGate
{
    private readonly ConcurrentDictionary<int, Bucket> buckets = new();

    /// <inheritdoc/>
    public async Task<IAsyncDisposable> WaitTurnAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken)
    {
        var state = buckets.GetOrAdd(bucket, _ => new Bucket());
        await state.Holder.WaitAsync(cancellationToken);
        try
        {
            if (state.LastEnded is { } ended && IdentifyGateWait.Rounded(ended + interval - time.GetUtcNow()) is { } wait)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            return new Turn(state, time);
        }
        catch
        {
            state.Holder.Release();
            throw;
        }
    }

    private sealed class Bucket
    {
        public SemaphoreSlim Holder { get; } = new(1, 1);

        public DateTimeOffset? LastEnded { get; set; }
    }

    private sealed class Turn(Bucket bucket, TimeProvider time) : IAsyncDisposable
    {
        private int ended;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                bucket.LastEnded = time.GetUtcNow();
                bucket.Holder.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>How long a gate waits for the rest of an interval.</summary>
public static class IdentifyGateWait
{
    /// <summary>
    /// What a wait adds to the rest of the interval: .NET's timers on Linux count a coarse clock, whose ticks are a few
    /// milliseconds, so a timer may fire up to a tick early (a turn began 399 ms after one that ended with a 400 ms
    /// interval), and a turn must never begin inside the interval. Beside Discord's 5 seconds it costs nothing.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(20);

    /// <summary><paramref name="remaining"/> rounded up to the next whole millisecond plus <see cref="Margin"/>, or null when nothing remains.</summary>
    public static TimeSpan? Rounded(TimeSpan remaining) =>
        remaining > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)) + Margin : null;
}
