using ShowBot.Core.Chat;
using ShowBot.Storage.Postgres;
using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

/// <summary>
/// <see cref="PostgresShardLease"/>: one holder per shard among the nodes of one database, and the shard free for
/// another node once its holder gives it back or its process dies (its connection closes).
/// </summary>
public sealed class PostgresShardLeaseTests : IDisposable
{
    private readonly PostgresStorage storage = new();
    private readonly PostgresShardLease lease;
    private readonly PostgresShardLease other;

    public PostgresShardLeaseTests()
    {
        lease = new PostgresShardLease(storage.Database, TimeProvider.System);
        other = new PostgresShardLease(storage.OtherNode(), TimeProvider.System);
    }

    public void Dispose() => storage.Dispose();

    [SkippableFact]
    public async Task A_held_shard_is_not_granted_to_another_node_until_its_holder_gives_it_back()
    {
        var held = await lease.TryTakeAsync(0, 1, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await other.TryTakeAsync(0, 1, CancellationToken.None));
        await using (var otherCount = await other.TryTakeAsync(0, 2, CancellationToken.None))
        {
            Assert.NotNull(otherCount);
        }

        await held.DisposeAsync();

        await using var taken = await other.TryTakeAsync(0, 1, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Null(await lease.TryTakeAsync(0, 1, CancellationToken.None));
    }

    [SkippableFact]
    public async Task When_the_holders_connection_dies_another_node_takes_the_shard_and_the_holder_learns_it_lost_it()
    {
        var held = await lease.TryTakeAsync(3, 4, CancellationToken.None);
        Assert.NotNull(held);

        Assert.True(TestPostgres.TerminateShardLeaseHolders(storage.ConnectionString));

        IShardHold? taken = null;
        await Eventually.TrueAsync(() => (taken = other.TryTakeAsync(3, 4, CancellationToken.None).GetAwaiter().GetResult()) is not null, "the other node's hold");
        await Eventually.TrueAsync(() => held.Lost.IsCancellationRequested, "the dead holder's lease lost");
        await held.DisposeAsync();
        await using (taken)
        {
            Assert.Null(await lease.TryTakeAsync(3, 4, CancellationToken.None));
        }
    }
}
