using Npgsql;

using NpgsqlTypes;

using ShowBot.Core.Ratings;

namespace ShowBot.Storage.Postgres;

/// <summary>
/// Ratings in <c>ratings</c>, one row per (user, show); every change is appended to <c>rating_changes</c> in the same
/// transaction. Change numbers come from the one row of <c>rating_change_counter</c>, whose row lock each writing
/// transaction holds until it commits: numbers are handed out in commit order, so once <see cref="LastChange"/> reads
/// <i>n</i>, no change numbered below <i>n</i> can still appear, and <see cref="AsOf"/> of a data version never changes.
/// </summary>
public sealed class PostgresRatingStore(PostgresDatabase database) : IRatingStore
{
    private const string SetOp = "set";
    private const string RemoveOp = "remove";
    private const string EraseOp = "erase";

    /// <summary>Ratings per round trip when many are stored at once.</summary>
    private const int Batch = 2_000;

    public long LastChange
    {
        get
        {
            using var connection = database.Open();
            return connection.Scalar<long>("SELECT last FROM rating_change_counter");
        }
    }

    public int Count
    {
        get
        {
            using var connection = database.Open();
            return connection.Scalar<int>("SELECT count(*) FROM ratings");
        }
    }

    public int ChangesSince(long change)
    {
        using var connection = database.Open();
        return connection.Scalar<int>(
            """
            SELECT (SELECT count(*) FROM (SELECT DISTINCT user_key, show_id FROM rating_changes WHERE id > $1 AND op IN ('set', 'remove')) changed)
                 + (SELECT coalesce(sum(ratings), 0) FROM rating_changes WHERE id > $1 AND op = 'erase')
            """,
            change);
    }

    public IReadOnlyList<Rating> AsOf(long change)
    {
        var state = new Dictionary<(string User, string Show), Rating>();
        foreach (var (op, user, show, rating) in database.Stream(
            "SELECT user_key, show_id, kind, source, at, op FROM rating_changes WHERE id <= $1 AND op <> 'erase' ORDER BY id", ReadChange, change))
        {
            if (op == SetOp)
            {
                state[(user, show)] = rating!;
            }
            else
            {
                state.Remove((user, show));
            }
        }

        return [.. state.Values];
    }

    public IReadOnlyList<RatingErasure> ErasuresAfter(long change)
    {
        using var connection = database.Open();
        return connection.Query(
            "SELECT id, ratings, at FROM rating_changes WHERE id > $1 AND op = 'erase' ORDER BY id",
            r => new RatingErasure(r.GetInt64(0), r.GetInt32(1), r.NullableLong(2) is { } at ? Sql.Time(at) : null),
            change);
    }

    public int Compact(IReadOnlyCollection<long> keepExact, long upTo)
    {
        ArgumentNullException.ThrowIfNull(keepExact);
        return database.InTransaction(connection =>
        {
            var last = connection.Scalar<long>("SELECT last FROM rating_change_counter");
            var end = Math.Min(upTo, last);
            var log = new ChangeLogCompaction(keepExact.Where(n => n > 0 && n < end).Append(end), last);
            using (var command = connection.Command(
                "SELECT id, op, user_key, show_id, kind, source, at FROM rating_changes WHERE id <= $1 AND op <> 'erase' ORDER BY id", end))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var value = reader.GetString(1) == SetOp
                        ? new RatingValue((RatingKind)reader.GetInt32(4), (RatingSource)reader.GetInt32(5), reader.GetInt64(6))
                        : (RatingValue?)null;
                    log.Add(reader.GetInt64(0), reader.GetString(2) + "|" + reader.GetString(3), value);
                }
            }

            var superseded = log.Superseded().ToArray();
            return connection.Execute("DELETE FROM rating_changes WHERE id = ANY($1)", superseded);
        });
    }

    public bool Upsert(Rating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        return UpsertMany([rating]) == 1;
    }

    /// <summary>
    /// Stores the ratings in one transaction, a batch per round trip: the rows are locked, the ones that change nothing
    /// are left out, and the rest are written with their changes numbered in the order given.
    /// </summary>
    public int UpsertMany(IEnumerable<Rating> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        return database.InTransaction(connection =>
        {
            var changed = 0;
            foreach (var batch in ratings.Chunk(Batch))
            {
                changed += UpsertBatch(connection, batch);
            }

            return changed;
        });
    }

    private static int UpsertBatch(NpgsqlConnection connection, Rating[] batch)
    {
        // The counter first, as every writer takes it first: two writers never hold rows the other waits for.
        connection.Execute("SELECT last FROM rating_change_counter FOR UPDATE");
        var stored = new Dictionary<(string User, string Show), (int Kind, int Source)>();
        using (var command = connection.Command(
            "SELECT user_key, show_id, kind, source FROM ratings WHERE (user_key, show_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) FOR UPDATE",
            batch.Select(r => r.User.ToString()).ToArray(),
            batch.Select(r => r.ShowId).ToArray()))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stored[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt32(2), reader.GetInt32(3));
            }
        }

        var written = new List<Rating>();
        foreach (var rating in batch)
        {
            var key = (rating.User.ToString(), rating.ShowId);
            if (stored.TryGetValue(key, out var before) && before == ((int)rating.Kind, (int)rating.Source))
            {
                continue;
            }

            stored[key] = ((int)rating.Kind, (int)rating.Source);
            written.Add(rating);
        }

        if (written.Count == 0)
        {
            return 0;
        }

        var last = connection.Scalar<long>("UPDATE rating_change_counter SET last = last + $1 RETURNING last", (long)written.Count);
        var users = written.Select(r => r.User.ToString()).ToArray();
        var shows = written.Select(r => r.ShowId).ToArray();
        var kinds = written.Select(r => (int)r.Kind).ToArray();
        var sources = written.Select(r => (int)r.Source).ToArray();
        var times = written.Select(r => r.At.UtcTicks).ToArray();
        // A rating given twice in the batch is written once, as its last value; the log keeps both changes.
        connection.Execute(
            """
            INSERT INTO ratings (user_key, show_id, kind, source, at)
            SELECT DISTINCT ON (u, s) u, s, k, src, t FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[]) WITH ORDINALITY AS x(u, s, k, src, t, n)
            ORDER BY u, s, n DESC
            ON CONFLICT (user_key, show_id) DO UPDATE SET kind = excluded.kind, source = excluded.source, at = excluded.at
            """,
            users, shows, kinds, sources, times);
        connection.Execute(
            """
            INSERT INTO rating_changes (id, op, user_key, show_id, kind, source, at)
            SELECT $6 - $7 + n, 'set', u, s, k, src, t FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[]) WITH ORDINALITY AS x(u, s, k, src, t, n)
            """,
            users, shows, kinds, sources, times, last, (long)written.Count);
        return written.Count;
    }

    public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source) => database.InTransaction(connection =>
    {
        connection.Execute("SELECT last FROM rating_change_counter FOR UPDATE");
        var removed = connection.Query(
            "DELETE FROM ratings WHERE user_key = $1 AND show_id = $2 AND kind = $3 AND source = $4 RETURNING at",
            r => r.GetInt64(0),
            user.ToString(), showId, (int)kind, (int)source);
        if (removed.Count == 0)
        {
            return false;
        }

        connection.Execute(
            "WITH next AS (UPDATE rating_change_counter SET last = last + 1 RETURNING last) INSERT INTO rating_changes (id, op, user_key, show_id, kind, source, at) SELECT last, 'remove', $1, $2, $3, $4, $5 FROM next",
            user.ToString(), showId, (int)kind, (int)source, removed[0]);
        return true;
    });

    public IReadOnlyList<Rating> ForUser(UserKey user)
    {
        using var connection = database.Open();
        return connection.Query("SELECT user_key, show_id, kind, source, at FROM ratings WHERE user_key = $1 ORDER BY at DESC", ReadRating, user.ToString());
    }

    public IEnumerable<Rating> All() => database.Stream("SELECT user_key, show_id, kind, source, at FROM ratings", ReadRating);

    /// <summary>Writes <paramref name="ratings"/> as they are, on an empty table, without logging changes: a copy of another store's.</summary>
    internal static void Copy(NpgsqlConnection connection, IEnumerable<Rating> ratings)
    {
        using var rows = connection.BeginBinaryImport("COPY ratings (user_key, show_id, kind, source, at) FROM STDIN (FORMAT BINARY)");
        foreach (var rating in ratings)
        {
            rows.StartRow();
            WriteRating(rows, rating);
        }

        rows.Complete();
    }

    /// <summary>
    /// Writes another store's change log with its numbers, on an empty log, and moves the counter to
    /// <paramref name="lastChange"/> (or past the last number written), so the next change here is numbered after them.
    /// </summary>
    internal static void Copy(NpgsqlConnection connection, IEnumerable<RatingChange> changes, long lastChange)
    {
        var last = lastChange;
        using (var rows = connection.BeginBinaryImport("COPY rating_changes (id, op, user_key, show_id, kind, source, at, ratings) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var change in changes)
            {
                last = Math.Max(last, change.Number);
                rows.StartRow();
                rows.Write(change.Number, NpgsqlDbType.Bigint);
                rows.Write(change.Kind switch { RatingChangeKind.Set => SetOp, RatingChangeKind.Remove => RemoveOp, _ => EraseOp }, NpgsqlDbType.Text);
                if (change.Rating is { } rating)
                {
                    WriteRating(rows, rating);
                    rows.WriteNull();
                }
                else
                {
                    rows.WriteNull();
                    rows.WriteNull();
                    rows.WriteNull();
                    rows.WriteNull();
                    if (change.ErasedAt is { } at)
                    {
                        rows.Write(at.UtcTicks, NpgsqlDbType.Bigint);
                    }
                    else
                    {
                        rows.WriteNull();
                    }

                    rows.Write(change.Erased, NpgsqlDbType.Integer);
                }
            }

            rows.Complete();
        }

        connection.Execute("UPDATE rating_change_counter SET last = $1", last);
    }

    private static void WriteRating(NpgsqlBinaryImporter row, Rating rating)
    {
        row.Write(rating.User.ToString(), NpgsqlDbType.Text);
        row.Write(rating.ShowId, NpgsqlDbType.Text);
        row.Write((int)rating.Kind, NpgsqlDbType.Integer);
        row.Write((int)rating.Source, NpgsqlDbType.Integer);
        row.Write(rating.At.UtcTicks, NpgsqlDbType.Bigint);
    }

    internal static int CountOf(NpgsqlConnection connection, UserKey user) =>
        connection.Scalar<int>("SELECT count(*) FROM ratings WHERE user_key = $1", user.ToString());

    /// <summary>
    /// Deletes the user's ratings and every change of theirs, so no data version holds them any more, and logs an
    /// erasure (count and time, no user) that gives the data a new version. Returns how many ratings they had.
    /// </summary>
    internal static int EraseUser(NpgsqlConnection connection, UserKey user, DateTimeOffset at)
    {
        connection.Execute("SELECT last FROM rating_change_counter FOR UPDATE");
        var current = connection.Execute("DELETE FROM ratings WHERE user_key = $1", user.ToString());
        var history = connection.Scalar<int>(
            "WITH gone AS (DELETE FROM rating_changes WHERE user_key = $1 RETURNING show_id) SELECT count(DISTINCT show_id) FROM gone", user.ToString());
        if (history > 0 || current > 0)
        {
            connection.Execute(
                "WITH next AS (UPDATE rating_change_counter SET last = last + 1 RETURNING last) INSERT INTO rating_changes (id, op, ratings, at) SELECT last, 'erase', $1, $2 FROM next",
                Math.Max(history, current), at.UtcTicks);
        }

        return current;
    }

    private static Rating ReadRating(NpgsqlDataReader r) =>
        new(UserKey.Parse(r.GetString(0)), r.GetString(1), (RatingKind)r.GetInt32(2), (RatingSource)r.GetInt32(3), Sql.Time(r.GetInt64(4)));

    /// <summary>A change as <see cref="AsOf"/> reads it: the rating's columns as a rating row has them, then the change's kind.</summary>
    private static (string Op, string User, string Show, Rating? Rating) ReadChange(NpgsqlDataReader r)
    {
        var op = r.GetString(5);
        return (op, r.GetString(0), r.GetString(1), op == SetOp ? ReadRating(r) : null);
    }
}
