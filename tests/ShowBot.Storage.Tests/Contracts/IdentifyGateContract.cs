using System.Diagnostics;

using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

/// <summary>
/// Discord's identify rule across nodes: turns in one bucket follow each other at least the interval apart, whichever
/// node takes them; other buckets do not wait. Times are read after the fact, so a busy machine only makes gaps longer.
/// </summary>
public abstract class IdentifyGateContract(StorageUnderTest storage) : StorageContract(storage)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);

    // Far longer than the waits below allow: a turn that waited for it would never come in time.
    private static readonly TimeSpan LongInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Turns_in_one_bucket_on_two_nodes_follow_each_other_at_least_an_interval_apart()
    {
        var gate = Storage.IdentifyGate;
        var other = Storage.OtherIdentifyGate();

        var first = await gate.WaitTurnAsync(0, Interval, CancellationToken.None);
        var second = other.WaitTurnAsync(0, Interval, CancellationToken.None);
        Assert.False(second.IsCompleted);
        var firstEnded = Stopwatch.GetTimestamp();
        await first.DisposeAsync();
        var secondTurn = await second.WaitAsync(Patience);
        var secondBegan = Stopwatch.GetElapsedTime(firstEnded);
        var secondEnded = Stopwatch.GetTimestamp();
        await secondTurn.DisposeAsync();
        await using var third = await gate.WaitTurnAsync(0, Interval, CancellationToken.None).WaitAsync(Patience);
        var thirdBegan = Stopwatch.GetElapsedTime(secondEnded);

        Assert.True(secondBegan >= Interval, $"the other node's turn began {secondBegan.TotalMilliseconds:F0} ms after the first ended");
        Assert.True(thirdBegan >= Interval, $"the third turn began {thirdBegan.TotalMilliseconds:F0} ms after the second ended");
    }

    [SkippableFact]
    public async Task A_turn_in_another_bucket_waits_neither_for_a_turn_held_nor_for_one_just_ended()
    {
        var gate = Storage.IdentifyGate;
        await (await gate.WaitTurnAsync(0, LongInterval, CancellationToken.None)).DisposeAsync();
        await using var held = await gate.WaitTurnAsync(1, LongInterval, CancellationToken.None).WaitAsync(Patience);

        await using var elsewhere = await Storage.OtherIdentifyGate().WaitTurnAsync(2, LongInterval, CancellationToken.None).WaitAsync(Patience);
    }

    [SkippableFact]
    public async Task A_wait_given_up_leaves_the_bucket_to_the_next()
    {
        var gate = Storage.IdentifyGate;
        var other = Storage.OtherIdentifyGate();
        var first = await gate.WaitTurnAsync(0, Interval, CancellationToken.None);
        using var impatient = new CancellationTokenSource();

        var givenUp = other.WaitTurnAsync(0, Interval, impatient.Token);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givenUp.WaitAsync(Patience));
        await first.DisposeAsync();

        await using var next = await other.WaitTurnAsync(0, Interval, CancellationToken.None).WaitAsync(Patience);
    }
}

public sealed class LiteIdentifyGateTests() : IdentifyGateContract(new LiteStorage());

public sealed class PostgresIdentifyGateTests() : IdentifyGateContract(new PostgresStorage());
