using Npgsql;

using Xunit;

namespace ShowBot.TestSupport;

/// <summary>
/// The PostgreSQL server the tests use: <c>SHOWBOT_TEST_POSTGRES</c>, a connection string, which `.ci/with-postgres.sh`
/// sets for a throwaway server it starts. Without it the PostgreSQL tests are skipped, saying why; with
/// <c>SHOWBOT_TEST_POSTGRES_REQUIRED=1</c> (CI) they fail instead.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SHOWBOT_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool Required => Environment.GetEnvironmentVariable("SHOWBOT_TEST_POSTGRES_REQUIRED") == "1";

    /// <summary>Skips the calling test when no server is given and none is required.</summary>
    public static string Server()
    {
        Skip.If(ConnectionString is null && !Required,
            $"The PostgreSQL tests did not run: no server was given. Run them with `bash .ci/with-postgres.sh dotnet test ShowBot.sln`, or set {Variable}.");
        return ConnectionString ?? throw new InvalidOperationException($"{Variable} is not set, and SHOWBOT_TEST_POSTGRES_REQUIRED=1 requires the PostgreSQL tests.");
    }

    /// <summary>Creates an empty schema; returns a connection string whose search path is that schema alone.</summary>
    public static string CreateSchema(string schema)
    {
        var server = Server();
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>A schema of its own for one test, dropped when disposed; <see cref="ConnectionString"/> searches only it.</summary>
    public sealed class Schema : IDisposable
    {
        private readonly string name = "test_" + Guid.NewGuid().ToString("N");

        public Schema() => ConnectionString = CreateSchema(name);

        public string ConnectionString { get; }

        public void Dispose() => DropSchema(name);
    }

    /// <summary>The first column of the first row <paramref name="sql"/> returns.</summary>
    public static T Scalar<T>(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    /// <summary>The rows of <paramref name="table"/>; none before a node has created it.</summary>
    public static long CountOrNone(string connectionString, string table)
    {
        try
        {
            return Scalar<long>(connectionString, $"SELECT count(*) FROM {table}");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns.</summary>
    public static List<string> Strings(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>
    /// Ends the server process of every connection holding a gateway shard's lease in the schema
    /// <paramref name="connectionString"/> searches, as PostgreSQL sees a holder's process die; false when none held one.
    /// </summary>
    public static bool TerminateShardLeaseHolders(string connectionString) => Scalar<bool?>(connectionString, """
        SELECT bool_or(pg_terminate_backend(pid)) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = hashtext(current_schema())::oid
        """) == true;

    public static void DropSchema(string schema)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        command.ExecuteNonQuery();
    }
}
