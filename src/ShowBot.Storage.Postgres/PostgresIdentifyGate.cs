using Npgsql;

using ShowBot.Core.Chat;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// The <see cref="IIdentifyGate"/> every node on one database shares: a bucket's row in <c>identify_buckets</c> is
/// locked (<c>FOR UPDATE</c>) for the whole turn, so the nodes queue on it, and the wait is what remains of the
/// interval by the database server's clock, so nodes whose own clocks disagree still keep it. The row records when the
/// turn ended only as it is given back, after the session was started.
/// </summary>
public sealed class PostgresIdentifyGate(PostgresDatabase database) : IIdentifyGate
{
    /// <inheritdoc/>
    public async Task<IAsyncDisposable> WaitTurnAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var insert = connection.Command("INSERT INTO identify_buckets (bucket) VALUES ($1) ON CONFLICT (bucket) DO NOTHING", bucket))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var remaining = connection.Command(
                """
                SELECT COALESCE(extract(epoch FROM last_turn_ended + $2 - clock_timestamp())::float8 * 1000, 0)
                FROM identify_buckets WHERE bucket = $1 FOR UPDATE
                """,
                bucket,
                interval);
            var milliseconds = (double)(await remaining.ExecuteScalarAsync(cancellationToken))!;
            if (IdentifyGateWait.Rounded(TimeSpan.FromMilliseconds(milliseconds)) is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            return new Turn(connection, transaction, bucket);
        }
        catch
        {
            // Rolled back: the lock goes to the next node in the queue, and the bucket's time stays as it was.
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Turn(NpgsqlConnection connection, NpgsqlTransaction transaction, int bucket) : IAsyncDisposable
    {
        private int ended;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref ended, 1) == 1)
            {
                return;
            }

            try
            {
                await using (var end = connection.Command("UPDATE identify_buckets SET last_turn_ended = clock_timestamp() WHERE bucket = $1", bucket))
                {
                    await end.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // The session has started whatever the database says; a lost end time only lets the next turn come
                // sooner, which the platform answers with an invalid session and the connection tries again.
            }
            finally
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
