using Npgsql;

using ShowBot.Core.Chat;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// The <see cref="IShardLease"/> every node on one database shares: a shard's lease is a session-level advisory lock
/// (<c>pg_try_advisory_lock</c>) on a connection of its own, outside the pool, that the hold keeps open; disposing the
/// hold closes it, and when the holder's process dies its connection closes all the same, so PostgreSQL frees the lock
/// for another node either way. The hold runs a query on that connection every <see cref="CheckInterval"/>; when one
/// fails the lease is lost.
/// </summary>
public sealed class PostgresShardLease(PostgresDatabase database, TimeProvider time) : IShardLease
{
    /// <summary>How often a hold checks that its connection, and with it the lock, is still there.</summary>
    public static TimeSpan CheckInterval { get; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc/>
    public async Task<IShardHold?> TryTakeAsync(int shardId, int shardCount, CancellationToken cancellationToken)
    {
        var connection = await database.OpenUnpooledAsync(cancellationToken);
        try
        {
            // The two-key form is a key space apart from the schema migration's one-key lock; the schema's hash keeps
            // ShowBots in other schemas of the same database apart, since advisory locks are per database.
            await using var take = connection.Command("SELECT pg_try_advisory_lock(hashtext(current_schema()), $1)", Key(shardId, shardCount));
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new Hold(connection, time);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Shard ids and counts are at most 65,536 (Discord's limit, which the settings enforce): both fit in one key.</summary>
    private static int Key(int shardId, int shardCount) => unchecked((int)(((uint)(shardCount - 1) << 16) | (uint)shardId));

    private sealed class Hold : IShardHold
    {
        private readonly NpgsqlConnection connection;
        private readonly TimeProvider time;
        private readonly CancellationTokenSource lost = new();
        private readonly CancellationTokenSource ending = new();
        private readonly Task checking;
        private int ended;

        public Hold(NpgsqlConnection connection, TimeProvider time)
        {
            this.connection = connection;
            this.time = time;
            checking = CheckAsync();
        }

        public CancellationToken Lost => lost.Token;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref ended, 1) == 1)
            {
                return;
            }

            await ending.CancelAsync();
            await checking;
            await connection.DisposeAsync();
            ending.Dispose();
            lost.Dispose();
        }

        private async Task CheckAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(CheckInterval, time, ending.Token);
                    await using var check = connection.Command("SELECT 1");
                    check.CommandTimeout = (int)CheckInterval.TotalSeconds;
                    await check.ExecuteScalarAsync(ending.Token);
                }
            }
            catch (OperationCanceledException) when (ending.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                await lost.CancelAsync();
            }
        }
    }
}
