using Npgsql;

namespace ShowBot.Storage.Postgres;

/// <summary>Commands with positional parameters (<c>$1</c>, <c>$2</c>…): the values never become part of the SQL text.</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg as NpgsqlParameter ?? new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }

        return command;
    }

    public static int Execute(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        using var command = connection.Command(sql, args);
        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(this NpgsqlConnection connection, string sql, params object?[] args)
    {
        using var command = connection.Command(sql, args);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static List<T> Query<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, params object?[] args)
    {
        using var command = connection.Command(sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The rows one at a time, on a connection of their own held until the enumeration ends.</summary>
    public static IEnumerable<T> Stream<T>(this PostgresDatabase database, string sql, Func<NpgsqlDataReader, T> map, params object?[] args)
    {
        using var connection = database.Open();
        using var command = connection.Command(sql, args);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return map(reader);
        }
    }

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? NullableInt(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static long? NullableLong(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
