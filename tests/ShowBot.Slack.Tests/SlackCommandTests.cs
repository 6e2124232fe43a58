using ShowBot.Core.Ratings;
using ShowBot.Slack.Tests.Fakes;

namespace ShowBot.Slack.Tests;

public sealed class SlackCommandTests : FakeSlackTest
{
    [Theory]
    [InlineData("U2", "Only ShowBot admins")]
    [InlineData("UADMIN", "catalog: ")]
    public async Task Status_is_for_admins_only(string user, string expected)
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "status", user: user));

        var (ack, _) = await socket.WaitForAckAsync("env-1");
        Assert.Contains(expected, ack["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Fake.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task An_ambiguous_title_gets_a_did_you_mean_and_queues_nothing()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "The Office"));

        var (ack, _) = await socket.WaitForAckAsync("env-1");
        var text = ack["payload"]!["text"]!.GetValue<string>();
        Assert.Contains("I couldn't place \"The Office\". Did you mean:", text, StringComparison.Ordinal);
        Assert.Contains("(2005–2013)", text, StringComparison.Ordinal);
        Assert.Contains("(2001–2003)", text, StringComparison.Ordinal);
        Assert.Equal(0, bot.Get<Core.Requests.IPredictionQueue>().CountOutstanding());
    }

    [Fact]
    public async Task Likes_and_forget_me_answer_privately_in_the_ack()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "rate Breaking Bad like"));
        await socket.WaitForAckAsync("env-1");

        await socket.SendAsync(SlackPayloads.SlashCommand("env-2", "/showbot", "likes"));
        var (likes, _) = await socket.WaitForAckAsync("env-2");
        await socket.SendAsync(SlackPayloads.SlashCommand("env-3", "/showbot", "forget-me"));
        var (forget, _) = await socket.WaitForAckAsync("env-3");

        Assert.Contains("Breaking Bad", likes["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ephemeral", forget["payload"]!["response_type"]!.GetValue<string>());
        Assert.Contains("forgot 1 rating", forget["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Get<IRatingStore>().ForUser(new UserKey("slack", "T1/U2")));
    }
}
