using LiteDB;

using ShowBot.Core.Chat;
using ShowBot.Core.Requests;

using static ShowBot.Storage.Tests.Queued;

namespace ShowBot.Storage.Tests;

public sealed class LiteListFileTests : IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_file_with_the_platform_and_group_indexes_of_an_older_version_loses_them_and_its_lists_are_found_from_the_user_index()
    {
        var lists = new LiteSuggestionMessageStore(temp.Database);
        lists.Save(List("1187342600000000000", [Shows.Dark.Id], [Users.Jonas, Users.Martha]));
        lists.Save(List("1187342600000000001", [Shows.AttackOnTitan.Id], []));
        temp.Close();
        using (var older = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct }))
        {
            older.GetCollection("messages").EnsureIndex("platform");
            older.GetCollection("messages").EnsureIndex("group");
        }

        var upgraded = new LiteSuggestionMessageStore(temp.Database);
        var plan = temp.Database.Collection("messages").Query().Where(BsonExpression.Create("$.user IN @0", new BsonArray(new BsonValue(Users.Jonas.ToString())))).GetPlan();

        Assert.Equal([Shows.Dark.Id], upgraded.ShowsSuggestedTo([Users.Martha, Users.Jonas]));
        Assert.Equal([Shows.AttackOnTitan.Id], upgraded.ShowsSuggestedTo([Users.Jonas]));
        Assert.False(temp.Database.HasIndex("messages", "platform"));
        Assert.False(temp.Database.HasIndex("messages", "group"));
        Assert.StartsWith("INDEX SEEK(user", plan["index"]["mode"].AsString, StringComparison.Ordinal);
    }

    private static SuggestionMessage List(string messageId, IReadOnlyList<string> shows, IReadOnlyList<Core.Ratings.UserKey> group) =>
        new(new MessageRef("discord", "1090289135128711188", messageId), Users.Jonas, shows, "1187342523645476904", Monday) { Group = group };
}
