using LiteDB;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage;

/// <summary>
/// Posted suggestion lists in the <c>messages</c> collection, keyed by platform/channel/message, indexed by the person
/// who asked for the list. A group's list is asked for by one of its members, so the lists shown to a group are found
/// among its members' lists.
/// </summary>
public sealed class LiteSuggestionMessageStore : ISuggestionMessageStore
{
    /// <summary>Indexes an older file has and no query needs; each cost every list index nodes.</summary>
    private static readonly string[] Unused = ["platform", "group"];

    private readonly ShowBotDatabase database;
    private readonly ILiteCollection<BsonDocument> messages;

    public LiteSuggestionMessageStore(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        messages = database.Collection("messages");
        messages.EnsureIndex("user");
        database.DropIndexes(messages.Name, Unused);
    }

    public void Save(SuggestionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var document = ToDocument(message);
        database.Write(() => messages.Upsert(document));
    }

    public Task SaveAsync(SuggestionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var document = ToDocument(message);
        return database.WriteAsync(() => messages.Upsert(document));
    }

    private static BsonDocument ToDocument(SuggestionMessage message) => new()
    {
        ["_id"] = message.Message.ToString(),
        ["platform"] = message.Message.Platform,
        ["channel"] = message.Message.Channel,
        ["message"] = message.Message.MessageId,
        ["user"] = message.RequestedBy.ToString(),
        ["shows"] = new BsonArray(message.ShowIds.Select(id => new BsonValue(id))),
        ["request"] = message.RequestKey,
        ["posted"] = message.PostedAt.UtcTicks,
        ["group"] = message.Group.Count == 0 ? BsonValue.Null : GroupKey(message.Group),
        ["members"] = new BsonArray(message.Group.Select(m => new BsonValue(m.ToString()))),
    };

    /// <summary>The lists posted for exactly this group; for one person, also the lists they asked for alone.</summary>
    public IReadOnlyCollection<string> ShowsSuggestedTo(IReadOnlyCollection<UserKey> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var key = GroupKey(group);
        var members = new BsonArray(group.Select(m => new BsonValue(m.ToString())));
        return messages.Find(BsonExpression.Create("$.user IN @0", members))
            .Where(d => d["group"].IsNull ? group.Count == 1 : d["group"].AsString == key)
            .SelectMany(d => d["shows"].AsArray.Select(v => v.AsString))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public SuggestionMessage? Find(MessageRef message) => messages.FindById(message.ToString()) is { } d ? ToMessage(message, d) : null;

    /// <summary>Every list kept, for copying them to another store.</summary>
    public IEnumerable<SuggestionMessage> All() =>
        messages.FindAll().Select(d => ToMessage(new MessageRef(d["platform"].AsString, d["channel"].AsString, d["message"].AsString), d));

    public int Prune(DateTimeOffset postedBefore) => messages.DeleteMany(Filter.Less("posted", postedBefore.UtcTicks));

    /// <summary>Deletes the person's lists, and the lists for a group they were in (they name them).</summary>
    internal int EraseUser(UserKey user) => messages.DeleteMany(ListsOf(user));

    internal int CountOf(UserKey user) => messages.Count(ListsOf(user));

    /// <summary>The lists posted for the person, alone or in a group.</summary>
    private static BsonExpression ListsOf(UserKey user) => BsonExpression.Create("$.user = @0 OR $.members[*] ANY = @0", new BsonValue(user.ToString()));

    private static SuggestionMessage ToMessage(MessageRef message, BsonDocument d) => new(
        message,
        UserKey.Parse(d["user"].AsString),
        d["shows"].AsArray.Select(v => v.AsString).ToList(),
        d["request"].AsString,
        new DateTimeOffset(d["posted"].AsInt64, TimeSpan.Zero))
    {
        Group = d.TryGetValue("members", out var members) && members.IsArray ? members.AsArray.Select(v => UserKey.Parse(v.AsString)).ToList() : [],
    };

    /// <summary>One key for a group whatever the order its members were named in.</summary>
    private static string GroupKey(IEnumerable<UserKey> group) =>
        string.Join('\n', group.Select(m => m.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
