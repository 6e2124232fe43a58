namespace ShowBot.Discord.Tests.Fakes;

public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the timeout.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>The last of at least <paramref name="count"/> recorded requests matching, once there are that many.</summary>
    public static async Task<RecordedRequest> LastAsync(FakeDiscord discord, string method, string pathContains, int count)
    {
        await TrueAsync(() => discord.RequestsTo(method, pathContains).Count() >= count, $"{count} × {method} …{pathContains}");
        return discord.RequestsTo(method, pathContains).Last();
    }
}
