namespace ShowBot.Slack.Api;

/// <summary>
/// Spaces calls that share a key (a method, or a method and a channel) at least an interval apart. A caller
/// reserves its slot under the lock and then waits outside it, so callers are served in arrival order.
/// </summary>
internal sealed class SlackPacer(TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> nextFree = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task WaitTurnAsync(string key, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        TimeSpan wait;
        lock (gate)
        {
            var now = time.GetUtcNow();
            var slot = nextFree.TryGetValue(key, out var free) && free > now ? free : now;
            nextFree[key] = slot + interval;
            wait = slot - now;
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Pushes the next free slot of <paramref name="key"/> back, after Slack said to wait.</summary>
    public void Defer(string key, TimeSpan by)
    {
        lock (gate)
        {
            var until = time.GetUtcNow() + by;
            if (!nextFree.TryGetValue(key, out var free) || free < until)
            {
                nextFree[key] = until;
            }
        }
    }
}
