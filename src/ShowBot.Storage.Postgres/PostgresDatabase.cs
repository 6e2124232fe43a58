using Npgsql;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// ShowBot's tables in one PostgreSQL database, shared by every node. Opening it creates or migrates the schema under
/// an advisory lock, so nodes that start together migrate it once. Each node has an id of its own for this process's
/// life, and a row in <c>nodes</c> that <see cref="NodeHeartbeat"/> keeps fresh: requests claimed by a node whose row
/// went stale are handed to the others.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    /// <summary>The advisory lock key the schema migration holds ("ShowBot" in ASCII).</summary>
    private const long MigrationLock = 0x53686f77426f74;

    private readonly NpgsqlDataSource dataSource;
    private readonly NpgsqlDataSource unpooled;

    /// <param name="connectionString">An Npgsql connection string; its <c>Search Path</c> picks the schema.</param>
    /// <param name="nodeName">What this node is called in logs and in the <c>nodes</c> table (the host name by default).</param>
    /// <param name="nodeTimeout">How long a node may go without beating before its claimed requests go to the others.</param>
    public PostgresDatabase(string connectionString, string? nodeName = null, TimeSpan? nodeTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NodeTimeout = nodeTimeout ?? TimeSpan.FromSeconds(15);
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            // Every statement ShowBot sends is one of a few dozen, so the server plans each once per connection, not per call.
            connection.MaxAutoPrepare = 64;
        }

        dataSource = NpgsqlDataSource.Create(connection);
        unpooled = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false });
        NodeId = $"{nodeName ?? Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            Migrate();
            Heartbeat(NoRoles);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// The roles a process stores until its heartbeat says its own: a verb's process never does. A node of a ShowBot
    /// from before roles were stored has its row's default, empty, instead.
    /// </summary>
    private const string NoRoles = "-";

    /// <summary>This process's id among the nodes: its name, process id and a random part, never reused.</summary>
    public string NodeId { get; }

    /// <summary>How long a node's row may go without a heartbeat before its claimed requests go to the others.</summary>
    public TimeSpan NodeTimeout { get; }

    /// <summary>The schema version this code creates; a database already at a later one was migrated by a newer ShowBot.</summary>
    public static int SchemaVersion => Migrations.Length;

    internal NpgsqlConnection Open() => dataSource.OpenConnection();

    internal ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>A connection outside the pool: disposing it ends its server session, and whatever the session held (an advisory lock) with it.</summary>
    internal ValueTask<NpgsqlConnection> OpenUnpooledAsync(CancellationToken cancellationToken) => unpooled.OpenConnectionAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction; a deadlock or serialization failure runs it again from the start.</summary>
    internal T InTransaction<T>(Func<NpgsqlConnection, T> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            try
            {
                var result = work(connection);
                transaction.Commit();
                return result;
            }
            catch (PostgresException ex) when (attempt < 5 && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Rolled back by disposal; the next attempt starts over on fresh state.
            }
        }
    }

    internal void InTransaction(Action<NpgsqlConnection> work) => InTransaction(connection =>
    {
        work(connection);
        return true;
    });

    /// <summary>
    /// Marks this node alive now, running <paramref name="roles"/> (in words); the liveness of
    /// nodes is judged by the database server's clock alone. Rows of nodes gone for a day (and of verb processes, which
    /// never beat again) are deleted.
    /// </summary>
    internal void Heartbeat(string roles)
    {
        using var connection = Open();
        connection.Execute(
            "INSERT INTO nodes (id, seen, roles) VALUES ($1, now(), $2) ON CONFLICT (id) DO UPDATE SET seen = now(), roles = excluded.roles", NodeId, roles);
        connection.Execute("DELETE FROM nodes WHERE seen < now() - interval '1 day'");
    }

    /// <summary>
    /// The nodes that beat within <see cref="NodeTimeout"/>, by name, with the roles they run in words: what the cluster
    /// runs now. A node of an older ShowBot, which stores no roles, has them empty.
    /// </summary>
    public IReadOnlyList<(string Name, string Roles)> RunningNodes()
    {
        using var connection = Open();
        using var command = connection.Command("SELECT id, roles FROM nodes WHERE seen > now() - $1 AND roles <> $2 ORDER BY id", NodeTimeout, NoRoles);
        using var reader = command.ExecuteReader();
        var nodes = new List<(string, string)>();
        while (reader.Read())
        {
            nodes.Add((NameOf(reader.GetString(0)), reader.GetString(1)));
        }

        return nodes;
    }

    // A node's id is its name, process id and random part, joined by colons; the name may hold colons of its own.
    private static string NameOf(string nodeId) => nodeId[..nodeId.LastIndexOf(':', nodeId.LastIndexOf(':') - 1)];

    /// <summary>Takes this node out of <c>nodes</c> when it stops: what it had claimed was released by then.</summary>
    internal void Leave()
    {
        using var connection = Open();
        connection.Execute("DELETE FROM nodes WHERE id = $1", NodeId);
    }

    /// <summary>
    /// Whether a node called <paramref name="nodeName"/> beat within <paramref name="timeout"/>: a container's health
    /// check. Reads only; a database that cannot be reached, or has no schema yet, is a node not alive.
    /// </summary>
    public static async Task<bool> NodeAliveAsync(string connectionString, string nodeName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.Command(
                "SELECT EXISTS (SELECT 1 FROM nodes WHERE left(id, length($1) + 1) = $1 || ':' AND seen > now() - $2)", nodeName, timeout);
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ArgumentException or OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        dataSource.Dispose();
        unpooled.Dispose();
    }

    private void Migrate()
    {
        InTransaction(connection =>
        {
            connection.Execute("SELECT pg_advisory_xact_lock($1)", MigrationLock);
            connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version int NOT NULL)");
            var current = connection.Scalar<int?>("SELECT version FROM schema_version") ?? 0;
            if (current > Migrations.Length)
            {
                throw new InvalidOperationException(
                    $"The database's schema is at version {current}, newer than this ShowBot knows ({Migrations.Length}): run the newer ShowBot.");
            }

            for (var version = current + 1; version <= Migrations.Length; version++)
            {
                connection.Execute(Migrations[version - 1]);
            }

            connection.Execute(
                "INSERT INTO schema_version (only_row, version) VALUES (true, $1) ON CONFLICT (only_row) DO UPDATE SET version = excluded.version",
                Migrations.Length);
        });
    }

    /// <summary>Each entry takes the schema from the version before it to its own; entries are only ever appended.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE shows (
            id text PRIMARY KEY, title text NOT NULL, start_year int, end_year int, genres text[] NOT NULL,
            rating double precision, votes bigint, aliases text[] NOT NULL);
        CREATE TABLE meta (key text PRIMARY KEY, value text);
        CREATE TABLE ratings (
            user_key text NOT NULL, show_id text NOT NULL, kind int NOT NULL, source int NOT NULL, at bigint NOT NULL,
            PRIMARY KEY (user_key, show_id));
        CREATE TABLE rating_change_counter (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), last bigint NOT NULL);
        INSERT INTO rating_change_counter (last) VALUES (0);
        CREATE TABLE rating_changes (
            id bigint PRIMARY KEY, op text NOT NULL, user_key text, show_id text, kind int, source int, at bigint, ratings int);
        CREATE INDEX rating_changes_user ON rating_changes (user_key);
        CREATE TABLE requests (
            key text PRIMARY KEY, state text NOT NULL, user_key text NOT NULL, members text[] NOT NULL, platform text NOT NULL,
            accepted bigint NOT NULL, queued bigint, not_before bigint NOT NULL DEFAULT 0, attempts int NOT NULL DEFAULT 0,
            error text, claimed bigint, claimed_by text, answered bigint, request jsonb NOT NULL);
        CREATE INDEX requests_waiting ON requests (queued) WHERE queued IS NOT NULL;
        CREATE INDEX requests_in_flight ON requests (claimed_by) WHERE state = 'InFlight';
        CREATE INDEX requests_user ON requests (user_key);
        CREATE INDEX requests_finished ON requests (accepted) WHERE state IN ('Answered', 'Failed');
        CREATE TABLE messages (
            ref text PRIMARY KEY, user_key text NOT NULL, shows text[] NOT NULL, request text NOT NULL, posted bigint NOT NULL,
            group_key text, members text[] NOT NULL);
        CREATE INDEX messages_user ON messages (user_key);
        CREATE INDEX messages_group ON messages (group_key);
        CREATE INDEX messages_posted ON messages (posted);
        CREATE TABLE artifacts (id text PRIMARY KEY, length bigint NOT NULL);
        CREATE TABLE artifact_chunks (
            artifact text NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE, seq int NOT NULL, bytes bytea NOT NULL,
            PRIMARY KEY (artifact, seq));
        CREATE TABLE model_versions (
            version text PRIMARY KEY, number int NOT NULL UNIQUE, algorithm text NOT NULL, parameters jsonb NOT NULL,
            data jsonb NOT NULL, metrics jsonb NOT NULL, training_ticks bigint NOT NULL, created bigint NOT NULL,
            status text NOT NULL, deployed bigint, retired bigint, note text, artifact text REFERENCES artifacts (id));
        CREATE INDEX model_versions_status ON model_versions (status);
        CREATE TABLE nodes (id text PRIMARY KEY, seen timestamptz NOT NULL);
        """,
        """
        CREATE TABLE identify_buckets (bucket int PRIMARY KEY, last_turn_ended timestamptz);
        """,
        """
        ALTER TABLE nodes ADD COLUMN roles text NOT NULL DEFAULT '';
        """,
    ];
}
