namespace ShowBot.Core.Chat;

/// <summary>
/// One holder per gateway shard among every node on one store: a connection runs its shard only while it holds the
/// shard's lease, so two nodes configured with the same shard never both receive its events, and when the holder's
/// process dies the lease becomes free for another node configured with it.
/// </summary>
public interface IShardLease
{
    /// <summary>
    /// Takes the lease on shard <paramref name="shardId"/> of <paramref name="shardCount"/> at once, or returns null
    /// when another holder has it. The caller runs the shard until it disposes the hold or <see cref="IShardHold.Lost"/>
    /// is cancelled.
    /// </summary>
    Task<IShardHold?> TryTakeAsync(int shardId, int shardCount, CancellationToken cancellationToken);
}

/// <summary>A lease held on one shard; disposing it gives the lease back. Disposing it again does nothing.</summary>
public interface IShardHold : IAsyncDisposable
{
    /// <summary>Cancelled when the lease can no longer be vouched for (its store connection failed): the shard must stop.</summary>
    CancellationToken Lost { get; }
}

/// <summary>
/// The <see cref="IShardLease"/> of a single node (the LiteDB provider: one process owns the data, and each shard is
/// configured once in it): always granted, never lost.
/// </summary>
public sealed class InProcessShardLease : IShardLease
{
    /// <inheritdoc/>
    public Task<IShardHold?> TryTakeAsync(int shardId, int shardCount, CancellationToken cancellationToken) =>
        Task.FromResult<IShardHold?>(Granted.Hold);

    private sealed class Granted : IShardHold
    {
        public static readonly Granted Hold = new();

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
