namespace ShowBot.Slack.Tests.Fakes;

/// <summary>Waits for a condition with a timeout, polling briefly: tests wait on outcomes, never on fixed sleeps.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task<T> ValueAsync<T>(Func<T?> probe, TimeSpan? timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    public static async Task<T> StructAsync<T>(Func<T?> probe, TimeSpan? timeout, string what)
        where T : struct
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        await StructAsync(() => condition() ? (bool?)true : null, timeout, what);
}
