using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace ShowBot.Discord.Rest;

/// <summary>
/// Discord's rate limits as its headers describe them: one bucket per <c>X-RateLimit-Bucket</c> and major parameter
/// (learned from the first response of a route), plus the global pause a global 429 imposes. Nothing is hard-coded.
/// </summary>
internal sealed class RateLimits(TimeProvider time)
{
    private const int PruneAbove = 2000;

    private readonly ConcurrentDictionary<string, string> bucketOfRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> buckets = new(StringComparer.Ordinal);
    private long globalPauseUntilTicks;

    public RateLimitBucket BucketFor(DiscordRoute route)
    {
        var id = bucketOfRoute.TryGetValue(route.Key, out var hash) ? hash : route.Key;
        if (buckets.Count > PruneAbove)
        {
            Prune();
        }

        return buckets.GetOrAdd(id + "|" + route.MajorParameter, _ => new RateLimitBucket());
    }

    /// <summary>How long to wait before the request may go: the global pause, or the bucket's reset when it is used up.</summary>
    public TimeSpan DelayBefore(RateLimitBucket bucket, DiscordRoute route)
    {
        var now = time.GetUtcNow();
        var wait = bucket.Remaining <= 0 && bucket.ResetAt > now ? bucket.ResetAt - now : TimeSpan.Zero;
        var globalPause = new DateTimeOffset(Interlocked.Read(ref globalPauseUntilTicks), TimeSpan.Zero);
        if (route.CountsTowardsGlobalLimit && globalPause - now > wait)
        {
            wait = globalPause - now;
        }

        return wait;
    }

    public void Update(DiscordRoute route, RateLimitBucket bucket, HttpResponseHeaders headers)
    {
        if (Header(headers, "X-RateLimit-Bucket") is { } hash)
        {
            bucketOfRoute[route.Key] = hash;
        }

        if (double.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Float, CultureInfo.InvariantCulture, out var remaining)
            && double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
        {
            bucket.Remaining = (int)remaining;
            bucket.ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter);
        }
    }

    public void OnTooManyRequests(RateLimitBucket bucket, TimeSpan retryAfter, bool global)
    {
        var until = time.GetUtcNow() + retryAfter;
        if (global)
        {
            Interlocked.Exchange(ref globalPauseUntilTicks, until.UtcTicks);
        }
        else
        {
            bucket.Remaining = 0;
            bucket.ResetAt = until;
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, bucket) in buckets)
        {
            if (bucket.ResetAt < now && bucket.Gate.CurrentCount == 1)
            {
                buckets.TryRemove(key, out _);
            }
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>One rate-limit bucket. Requests in a bucket go one at a time, so its counters stay true.</summary>
internal sealed class RateLimitBucket
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int Remaining { get; set; } = 1;

    public DateTimeOffset ResetAt { get; set; }
}
