using ShowBot.Core.Chat;
using ShowBot.Core.Groups;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

using static ShowBot.Storage.Tests.Queued;

using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

/// <summary>What /together stores: the group travels with its request and its lists, and goes with any member's forget-me.</summary>
public abstract class GroupStorageContract(StorageUnderTest storage) : StorageContract(storage)
{
    private static readonly UserKey Hannah = new("discord", "241234567890123456");
    private static readonly IReadOnlyList<GroupMember> Group = [new(Users.Jonas, "Jonas"), new(Users.Martha, "Martha @everyone"), new(Hannah, "Hannah")];


    [SkippableFact]
    public void A_group_request_is_claimed_after_a_restart_with_every_member_and_their_names()
    {
        Storage.Queue.TryEnqueue(Discord("1187342523645476904", Monday) with { ShowIds = [], Members = Group });

        var claimed = Storage.AfterRestart(s => s.Queue).TryClaimNext(Monday.AddSeconds(1), DiscordOnly);

        Assert.Equal(Group, claimed!.Members);
    }

    [SkippableFact]
    public void The_shows_suggested_to_a_group_are_found_whatever_order_it_is_named_in_and_not_for_part_of_it_and_one_person_alone_has_only_their_own_lists()
    {
        var lists = Storage.Messages;
        lists.Save(GroupList("1187342600000000000", [Shows.Dark.Id, Shows.BreakingBad.Id], [Users.Jonas, Users.Martha, Hannah]));
        lists.Save(GroupList("1187342600000000001", [Shows.AttackOnTitan.Id], [Users.Jonas, Users.Martha]));
        lists.Save(GroupList("1187342600000000002", [Shows.RickAndMorty.Id], []));

        var restarted = Storage.AfterRestart(s => s.Messages);

        Assert.Equal(new[] { Shows.BreakingBad.Id, Shows.Dark.Id }, restarted.ShowsSuggestedTo([Hannah, Users.Martha, Users.Jonas]).Order());
        Assert.Equal([Shows.AttackOnTitan.Id], restarted.ShowsSuggestedTo([Users.Martha, Users.Jonas]));
        Assert.Equal([Shows.RickAndMorty.Id], restarted.ShowsSuggestedTo([Users.Jonas]));
        Assert.Empty(restarted.ShowsSuggestedTo([Users.Martha]));
        Assert.Equal([Users.Jonas, Users.Martha, Hannah], restarted.Find(new MessageRef("discord", "1090289135128711188", "1187342600000000000"))!.Group);
    }

    [SkippableFact]
    public void Forget_me_by_a_member_who_did_not_ask_deletes_the_group_lists_and_the_waiting_group_request_naming_them_as_it_said_it_would()
    {
        var lists = Storage.Messages;
        lists.Save(GroupList("1187342600000000000", [Shows.Dark.Id], [Users.Jonas, Users.Martha, Hannah]));
        lists.Save(GroupList("1187342600000000001", [Shows.AttackOnTitan.Id], [Users.Jonas, Users.Martha]));
        var queue = Storage.Queue;
        queue.TryEnqueue(Discord("1187342523645476904", Monday) with { ShowIds = [], Members = Group });
        var eraser = Storage.Eraser;

        var held = eraser.Held(Hannah);
        var erased = eraser.Erase(Hannah, Monday.AddHours(1));

        Assert.Equal((1, 1), (erased.Lists, erased.Requests));
        Assert.Equal(held, erased);
        Assert.Null(lists.Find(new MessageRef("discord", "1090289135128711188", "1187342600000000000")));
        Assert.NotNull(lists.Find(new MessageRef("discord", "1090289135128711188", "1187342600000000001")));
        Assert.Null(queue.StateOf("1187342523645476904"));
    }

    private static SuggestionMessage GroupList(string messageId, IReadOnlyList<string> shows, IReadOnlyList<UserKey> group) =>
        new(new MessageRef("discord", "1090289135128711188", messageId), Users.Jonas, shows, "1187342523645476904", Monday) { Group = group };
}

public sealed class LiteGroupStorageTests() : GroupStorageContract(new LiteStorage());

public sealed class PostgresGroupStorageTests() : GroupStorageContract(new PostgresStorage());
