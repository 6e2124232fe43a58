using Npgsql;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage.Postgres;

/// <summary>Posted suggestion lists in <c>messages</c>, keyed by platform/channel/message.</summary>
public sealed class PostgresSuggestionMessageStore(PostgresDatabase database) : ISuggestionMessageStore
{
    public void Save(SuggestionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var connection = database.Open();
        Save(connection, message);
    }

    internal static void Save(NpgsqlConnection connection, SuggestionMessage message) =>
        connection.Execute(
            """
            INSERT INTO messages (ref, user_key, shows, request, posted, group_key, members) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (ref) DO UPDATE SET user_key = excluded.user_key, shows = excluded.shows, request = excluded.request,
                posted = excluded.posted, group_key = excluded.group_key, members = excluded.members
            """,
            message.Message.ToString(),
            message.RequestedBy.ToString(),
            message.ShowIds.ToArray(),
            message.RequestKey,
            message.PostedAt.UtcTicks,
            message.Group.Count == 0 ? null : GroupKey(message.Group),
            message.Group.Select(m => m.ToString()).ToArray());

    public SuggestionMessage? Find(MessageRef message)
    {
        using var connection = database.Open();
        return connection.Query(
            "SELECT user_key, shows, request, posted, members FROM messages WHERE ref = $1",
            r => new SuggestionMessage(message, UserKey.Parse(r.GetString(0)), r.GetFieldValue<string[]>(1), r.GetString(2), Sql.Time(r.GetInt64(3)))
            {
                Group = [.. r.GetFieldValue<string[]>(4).Select(UserKey.Parse)],
            },
            message.ToString()).SingleOrDefault();
    }

    public IReadOnlyCollection<string> ShowsSuggestedTo(IReadOnlyCollection<UserKey> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        using var connection = database.Open();
        return connection.Query(
                "SELECT shows FROM messages WHERE group_key = $1 OR ($2::text IS NOT NULL AND group_key IS NULL AND user_key = $2)",
                r => r.GetFieldValue<string[]>(0),
                GroupKey(group), group.Count == 1 ? group.Single().ToString() : null)
            .SelectMany(shows => shows)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public int Prune(DateTimeOffset postedBefore)
    {
        using var connection = database.Open();
        return connection.Execute("DELETE FROM messages WHERE posted < $1", postedBefore.UtcTicks);
    }

    /// <summary>The lists posted for the person, alone or in a group (a group's list names its members).</summary>
    private const string ListsOfUser = "user_key = $1 OR $1 = ANY(members)";

    /// <summary>Deletes the person's lists, and the lists for a group they were in.</summary>
    internal static int EraseUser(NpgsqlConnection connection, UserKey user) =>
        connection.Execute($"DELETE FROM messages WHERE {ListsOfUser}", user.ToString());

    internal static int CountOf(NpgsqlConnection connection, UserKey user) =>
        connection.Scalar<int>($"SELECT count(*) FROM messages WHERE {ListsOfUser}", user.ToString());

    /// <summary>One key for a group whatever the order its members were named in.</summary>
    private static string GroupKey(IEnumerable<UserKey> group) =>
        string.Join('\n', group.Select(m => m.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
