namespace ShowBot.Slack.Tests.Fakes;

/// <summary>Waits for a condition with a timeout, polling briefly: tests wait on outcomes, never on fixed sleeps.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task<T> ValueAsync<T>(Func<T?> probe, TimeSpan? timeout, string what)
        where T : class
    {
        T? value = null;
        await TrueAsync(() => (value = probe()) is not null, what, timeout);
        return value!;
    }

    public static async Task<T> StructAsync<T>(Func<T?> probe, TimeSpan? timeout, string what)
        where T : struct
    {
        T? value = null;
        await TrueAsync(() => (value = probe()) is not null, what, timeout);
        return value!.Value;
    }

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }
}
