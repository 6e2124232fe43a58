using LiteDB;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage;

/// <summary>Posted suggestion lists in the <c>messages</c> collection, keyed by platform/channel/message.</summary>
public sealed class LiteSuggestionMessageStore : ISuggestionMessageStore
{
    private readonly ILiteCollection<BsonDocument> messages;

    public LiteSuggestionMessageStore(ShowBotDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        messages = database.Collection("messages");
        messages.EnsureIndex("user");
        messages.EnsureIndex("platform");
    }

    public void Save(SuggestionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        messages.Upsert(new BsonDocument
        {
            ["_id"] = message.Message.ToString(),
            ["platform"] = message.Message.Platform,
            ["channel"] = message.Message.Channel,
            ["message"] = message.Message.MessageId,
            ["user"] = message.RequestedBy.ToString(),
            ["shows"] = new BsonArray(message.ShowIds.Select(id => new BsonValue(id))),
            ["request"] = message.RequestKey,
            ["posted"] = message.PostedAt.UtcTicks,
        });
    }

    public SuggestionMessage? Find(MessageRef message) =>
        messages.FindById(message.ToString()) is { } d
            ? new SuggestionMessage(
                message,
                UserKey.Parse(d["user"].AsString),
                d["shows"].AsArray.Select(v => v.AsString).ToList(),
                d["request"].AsString,
                new DateTimeOffset(d["posted"].AsInt64, TimeSpan.Zero))
            : null;

    public int Prune(DateTimeOffset postedBefore) => messages.DeleteMany(Query.LT("posted", postedBefore.UtcTicks));

    internal int EraseUser(UserKey user) => messages.DeleteMany(Query.EQ("user", user.ToString()));
}
