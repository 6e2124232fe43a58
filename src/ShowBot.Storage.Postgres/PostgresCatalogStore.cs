using Npgsql;

using ShowBot.Core.Catalog;

namespace ShowBot.Storage.Postgres;

/// <summary>The catalog in <c>shows</c>, keyed by IMDb id.</summary>
public sealed class PostgresCatalogStore(PostgresDatabase database) : ICatalogStore
{
    private const int Batch = 5_000;

    public int Count
    {
        get
        {
            using var connection = database.Open();
            return connection.Scalar<int>("SELECT count(*) FROM shows");
        }
    }

    public string? BuiltInVersion
    {
        get
        {
            using var connection = database.Open();
            return connection.Scalar<string>("SELECT value FROM meta WHERE key = 'builtInCatalog'");
        }

        set
        {
            using var connection = database.Open();
            SetBuiltInVersion(connection, value);
        }
    }

    internal static void SetBuiltInVersion(NpgsqlConnection connection, string? version) =>
        connection.Execute("INSERT INTO meta (key, value) VALUES ('builtInCatalog', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", version);

    public IReadOnlyList<Show> All()
    {
        using var connection = database.Open();
        return connection.Query("SELECT id, title, start_year, end_year, genres, rating, votes, aliases FROM shows", ReadShow);
    }

    public int Upsert(IEnumerable<Show> shows)
    {
        ArgumentNullException.ThrowIfNull(shows);
        return database.InTransaction(connection => Upsert(connection, shows));
    }

    /// <summary>Inserts or replaces the shows by id on <paramref name="connection"/>, a batch per round trip; returns how many were written.</summary>
    internal static int Upsert(NpgsqlConnection connection, IEnumerable<Show> shows)
    {
        var written = 0;
        foreach (var batch in shows.Chunk(Batch))
        {
            // Arrays of arrays do not pass as parameters, so genres and aliases travel as one line-separated text each.
            connection.Execute(
                """
                INSERT INTO shows (id, title, start_year, end_year, genres, rating, votes, aliases)
                SELECT DISTINCT ON (i) i, t, sy, ey, coalesce(string_to_array(g, E'\n'), '{}'), r, v, coalesce(string_to_array(a, E'\n'), '{}')
                FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::float8[], $7::bigint[], $8::text[]) WITH ORDINALITY AS x(i, t, sy, ey, g, r, v, a, n)
                ORDER BY i, n DESC
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, start_year = excluded.start_year, end_year = excluded.end_year,
                    genres = excluded.genres, rating = excluded.rating, votes = excluded.votes, aliases = excluded.aliases
                """,
                batch.Select(s => s.Id).ToArray(),
                batch.Select(s => s.Title).ToArray(),
                batch.Select(s => s.StartYear).ToArray(),
                batch.Select(s => s.EndYear).ToArray(),
                batch.Select(s => Lines(s.Genres)).ToArray(),
                batch.Select(s => s.ImdbRating).ToArray(),
                batch.Select(s => s.ImdbVotes).ToArray(),
                batch.Select(s => Lines(s.Aliases)).ToArray());
            written += batch.Length;
        }

        return written;
    }

    /// <summary>The items one per line (catalog text is one clean line per item); null for none.</summary>
    private static string? Lines(IReadOnlyList<string> items) => items.Count == 0 ? null : string.Join('\n', items);

    private static Show ReadShow(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.NullableInt(2),
        r.NullableInt(3),
        r.GetFieldValue<string[]>(4),
        r.IsDBNull(5) ? null : r.GetDouble(5),
        r.NullableLong(6))
    {
        Aliases = r.GetFieldValue<string[]>(7),
    };
}
