namespace ShowBot.Slack.Inbound;

/// <summary>
/// Remembers the ids of recently handled deliveries (envelope ids, event ids) so a redelivery is acked but not handled
/// twice. Slack retries within minutes, so ids are forgotten after <see cref="Retention"/>, and at most
/// <see cref="Capacity"/> are kept.
/// </summary>
internal sealed class RecentDeliveries(TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    public const int Capacity = 50_000;

    private readonly Dictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> order = new();
    private readonly Lock gate = new();

    public bool Contains(string id)
    {
        lock (gate)
        {
            return seen.TryGetValue(id, out var at) && time.GetUtcNow() - at <= Retention;
        }
    }

    /// <summary>Records the id; returns false when it was seen within the retention time.</summary>
    public bool TryRecord(string id)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            while (order.TryPeek(out var oldest) && (now - oldest.At > Retention || order.Count >= Capacity))
            {
                order.Dequeue();
                if (seen.TryGetValue(oldest.Id, out var at) && at == oldest.At)
                {
                    seen.Remove(oldest.Id);
                }
            }

            if (seen.ContainsKey(id))
            {
                return false;
            }

            seen[id] = now;
            order.Enqueue((id, now));
            return true;
        }
    }
}
