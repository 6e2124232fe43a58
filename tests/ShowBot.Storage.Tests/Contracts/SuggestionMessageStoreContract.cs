using ShowBot.Core.Chat;
using ShowBot.Core.Requests;

using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

public abstract class SuggestionMessageStoreContract(StorageUnderTest storage) : StorageContract(storage)
{
    private static readonly DateTimeOffset Posted = new DateTimeOffset(2026, 11, 23, 19, 30, 4, TimeSpan.Zero).AddTicks(5_678_901);

    private ISuggestionMessageStore messages => Storage.Messages;

    [SkippableFact]
    public void A_saved_list_is_found_by_its_message()
    {
        var posted = DiscordList("1187342600000000000", Users.Jonas);

        messages.Save(posted);

        AssertSameMessage(posted, messages.Find(posted.Message));
    }

    [SkippableFact]
    public void A_saved_list_is_found_after_a_restart()
    {
        var posted = DiscordList("1187342600000000000", Users.Jonas);
        messages.Save(posted);

        var restarted = Storage.AfterRestart(s => s.Messages);

        AssertSameMessage(posted, restarted.Find(posted.Message));
    }

    [SkippableFact]
    public void A_message_that_is_not_a_saved_list_is_not_found()
    {
        messages.Save(DiscordList("1187342600000000000", Users.Jonas));

        Assert.Null(messages.Find(new MessageRef("discord", "1090289135128711188", "1187342600000000001")));
        Assert.Null(messages.Find(new MessageRef("discord", "1090289135128711999", "1187342600000000000")));
        Assert.Null(messages.Find(new MessageRef("slack", "1090289135128711188", "1187342600000000000")));
    }

    [SkippableFact]
    public void Saving_a_list_for_the_same_message_again_replaces_it()
    {
        var first = DiscordList("1187342600000000000", Users.Jonas);
        messages.Save(first);
        var edited = first with { ShowIds = [Shows.RickAndMorty.Id], RequestKey = "1187342523645476999" };

        messages.Save(edited);

        AssertSameMessage(edited, messages.Find(first.Message));
    }

    [SkippableFact]
    public void Erasing_a_user_removes_the_lists_posted_for_that_user_only()
    {
        var forJonas = DiscordList("1187342600000000001", Users.Jonas);
        var alsoForJonas = DiscordList("1187342600000000002", Users.Jonas);
        var forMartha = DiscordList("1187342600000000003", Users.Martha);
        messages.Save(forJonas);
        messages.Save(alsoForJonas);
        messages.Save(forMartha);

        Assert.Equal(2, Storage.Eraser.Erase(Users.Jonas, Posted).Lists);

        Assert.Null(messages.Find(forJonas.Message));
        Assert.Null(messages.Find(alsoForJonas.Message));
        AssertSameMessage(forMartha, messages.Find(forMartha.Message));
    }

    private static SuggestionMessage DiscordList(string messageId, Core.Ratings.UserKey requestedBy) => new(
        new MessageRef("discord", "1090289135128711188", messageId),
        requestedBy,
        [Shows.Dark.Id, Shows.BreakingBad.Id, Shows.AttackOnTitan.Id],
        "1187342523645476904",
        Posted);

    private static SuggestionMessage ConsoleList(string messageId) => new(
        new MessageRef("console", "terminal", messageId),
        new Core.Ratings.UserKey("console", "alice"),
        [Shows.MoneyHeist.Id],
        $"console-{messageId}",
        Posted);

    private static SuggestionMessage SlackList(string ts) => new(
        new MessageRef("slack", "C024BE91L", ts),
        Users.Ulrich,
        [Shows.RickAndMorty.Id, Shows.Dark.Id],
        "1-a1b2c3d4-slack",
        Posted);

    private static void AssertSameMessage(SuggestionMessage expected, SuggestionMessage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.RequestedBy, actual.RequestedBy);
        Assert.Equal(expected.ShowIds, actual.ShowIds);
        Assert.Equal(expected.RequestKey, actual.RequestKey);
        Assert.Equal(expected.PostedAt.UtcTicks, actual.PostedAt.UtcTicks);
    }
}

public sealed class LiteSuggestionMessageStoreTests() : SuggestionMessageStoreContract(new LiteStorage());

public sealed class PostgresSuggestionMessageStoreTests() : SuggestionMessageStoreContract(new PostgresStorage());
