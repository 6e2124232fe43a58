namespace ShowBot.Slack.SocketMode;

/// <summary>
/// Exponential backoff with jitter: the n-th consecutive failure waits a random time between half and all of
/// <c>min · 2^(n-1)</c>, capped at max, so many bots that lost Slack together do not come back in step.
/// </summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(int failures, TimeSpan min, TimeSpan max, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }
}
