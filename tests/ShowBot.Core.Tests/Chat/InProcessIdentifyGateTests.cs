using Microsoft.Extensions.Time.Testing;

using ShowBot.Core.Chat;

namespace ShowBot.Core.Tests.Chat;

public sealed class InProcessIdentifyGateTests
{
    private static readonly TimeSpan DiscordInterval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_next_turn_in_a_bucket_begins_no_sooner_than_the_interval_after_the_last_one_ended()
    {
        var time = new FakeTimeProvider();
        var gate = new InProcessIdentifyGate(time);
        await (await gate.WaitTurnAsync(0, DiscordInterval, CancellationToken.None)).DisposeAsync();

        var next = gate.WaitTurnAsync(0, DiscordInterval, CancellationToken.None);
        var elsewhere = gate.WaitTurnAsync(1, DiscordInterval, CancellationToken.None);
        time.Advance(DiscordInterval);

        Assert.False(next.IsCompleted);
        Assert.True(elsewhere.IsCompletedSuccessfully);
        time.Advance(IdentifyGateWait.Margin);
        await using var turn = await next.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Ending_a_turn_twice_ends_it_once()
    {
        var time = new FakeTimeProvider();
        var gate = new InProcessIdentifyGate(time);
        var first = await gate.WaitTurnAsync(0, DiscordInterval, CancellationToken.None);
        await first.DisposeAsync();
        var second = await gate.WaitTurnAsync(0, TimeSpan.Zero, CancellationToken.None);

        await first.DisposeAsync();

        var third = gate.WaitTurnAsync(0, TimeSpan.Zero, CancellationToken.None);
        Assert.False(third.IsCompleted);
        await second.DisposeAsync();
        await (await third.WaitAsync(TimeSpan.FromSeconds(30))).DisposeAsync();
    }
}
