using System.Diagnostics;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Slack.Tests.Fakes;

namespace ShowBot.Slack.Tests;

public sealed class SocketModeResilienceTests : FakeSlackTest
{
    private static readonly UserKey U3 = new("slack", "T1/U3");

    [Fact]
    public async Task A_redelivered_event_is_acked_and_handled_once()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        var ts = await PostListAsync(socket);
        var ratings = bot.Get<IRatingStore>();

        await socket.SendAsync(SlackPayloads.Reaction("env-2", "Ev1", "one", "C1", ts, user: "U3"));
        await Eventually.TrueAsync(() => ratings.ForUser(U3).Count == 1, "the like");
        await socket.SendAsync(SlackPayloads.Reaction("env-3", "Ev2", "one", "C1", ts, user: "U3", added: false));
        await Eventually.TrueAsync(() => ratings.ForUser(U3).Count == 0, "the like taken back");

        // Slack retries a late-acked event under a new envelope with retry_attempt, or resends the same envelope.
        await socket.SendAsync(SlackPayloads.Reaction("env-4", "Ev1", "one", "C1", ts, user: "U3", retryAttempt: 1));
        await socket.SendAsync(SlackPayloads.Reaction("env-2", "Ev1", "one", "C1", ts, user: "U3", retryAttempt: 2));
        await socket.WaitForAckAsync("env-4");
        await Eventually.TrueAsync(() => bot.Logs.Contains(521) && bot.Logs.Contains(522), "both redeliveries noticed");

        Assert.Empty(ratings.ForUser(U3));
    }

    [Fact]
    public async Task Refresh_requested_opens_a_new_socket_before_closing_the_old_and_loses_no_envelope()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var first = await Fake.WaitForSocketAsync(1);
        var ts = await PostListAsync(first);

        await first.SendAsync(SlackPayloads.Disconnect("refresh_requested"));
        await first.SendAsync(SlackPayloads.Reaction("env-old", "Ev1", "one", "C1", ts, user: "U3"));
        var second = await Fake.WaitForSocketAsync(2);
        Assert.False(first.Closed, "the old socket was closed before the new one was up");
        await second.SendAsync(SlackPayloads.Reaction("env-new", "Ev2", "two", "C1", ts, user: "U3"));

        await first.WaitForAckAsync("env-old");
        await second.WaitForAckAsync("env-new");
        await Eventually.TrueAsync(() => bot.Get<IRatingStore>().ForUser(U3).Count == 2, "both reactions handled");
        await Eventually.TrueAsync(() => first.Closed, "the old socket closed");
        Assert.Equal(2, Fake.CallsTo("apps.connections.open").Count);
    }

    [Fact]
    public async Task Link_disabled_stops_the_application_with_a_clear_message_and_no_reconnect_loop()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync(SlackPayloads.Disconnect("link_disabled"));

        await Eventually.TrueAsync(() => bot.Lifetime.ApplicationStopping.IsCancellationRequested, "the application stopping");
        var fatal = bot.Logs.Lines.Single(l => l.EventId == 541);
        Assert.Contains("link_disabled", fatal.Text, StringComparison.Ordinal);
        var reason = bot.Get<FatalStop>().Reason;
        Assert.NotNull(reason);
        Assert.Contains("link_disabled", reason, StringComparison.Ordinal);
        Assert.Contains("Socket Mode", reason, StringComparison.Ordinal);
        await bot.StoppedAsync();
        Assert.Single(Fake.CallsTo("apps.connections.open"));
    }

    [Theory]
    [InlineData("BotToken", "xoxb-9999-revoked-secret", "ShowBot:Slack:BotToken", 0)]
    [InlineData("AppToken", "xapp-1-A1-9999-revoked-secret", "ShowBot:Slack:AppToken", 1)]
    public async Task A_rejected_token_records_a_fatal_stop_naming_the_setting_and_never_the_token(string setting, string token, string named, int connectionOpens)
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, s => s["ShowBot:Slack:" + setting] = token);

        await Eventually.TrueAsync(() => bot.Lifetime.ApplicationStopping.IsCancellationRequested, "the application stopping");
        var reason = bot.Get<FatalStop>().Reason;
        Assert.NotNull(reason);
        Assert.Contains(named, reason, StringComparison.Ordinal);
        Assert.Contains("invalid_auth", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(token, reason, StringComparison.Ordinal);
        await bot.StoppedAsync();
        Assert.All(bot.Logs.Lines, l => Assert.DoesNotContain(token, l.Text, StringComparison.Ordinal));
        Assert.Equal(connectionOpens, Fake.CallsTo("apps.connections.open").Count);
    }

    [Fact]
    public async Task A_half_open_socket_is_noticed_by_the_ping_watchdog_and_replaced()
    {
        var proxy = new PausableProxy(Fake.BaseUrl.Port);
        await using var _ = proxy;
        Fake.SocketPort = proxy.Port;
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, s =>
        {
            s["ShowBot:Slack:PingInterval"] = "00:00:00.200";
            s["ShowBot:Slack:PingTimeout"] = "00:00:00.500";
        });
        await Fake.WaitForSocketAsync(1);
        Fake.SocketPort = Fake.BaseUrl.Port;

        // Paused only once the bot has its hello: a pause mid-handshake is the next test's case.
        await Eventually.TrueAsync(() => bot.Logs.Contains(532), "connection #1 up");
        proxy.Pause();

        var second = await Fake.WaitForSocketAsync(2);
        await second.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "help"));
        await second.WaitForAckAsync("env-1");
        Assert.True(bot.Logs.Contains(535), "the dead socket was not reported");
    }

    [Fact]
    public async Task A_handshake_that_goes_silent_times_out_and_the_bot_connects_again()
    {
        var proxy = new PausableProxy(Fake.BaseUrl.Port);
        await using var _ = proxy;
        proxy.Pause();
        Fake.SocketPort = proxy.Port;
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, s => s["ShowBot:Slack:HelloTimeout"] = "00:00:02");
        await Fake.WaitForCallAsync("apps.connections.open");
        Fake.SocketPort = Fake.BaseUrl.Port;

        // The first handshake never reaches the fake; the socket it sees is the second attempt, after HelloTimeout (2 s).
        var socket = await Fake.WaitForSocketAsync(1);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "help"));
        await socket.WaitForAckAsync("env-1");
        Assert.Contains(bot.Logs.Lines, l => l.EventId == 533 && l.Text.Contains("handshake did not finish", StringComparison.Ordinal));
        Assert.Equal(2, Fake.CallsTo("apps.connections.open").Count);
    }

    [Fact]
    public async Task A_429_on_reactions_add_is_waited_out_and_no_reaction_is_lost()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        Fake.RateLimitReactions(1);

        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/recommend", "Breaking Bad"));

        await Eventually.TrueAsync(() => Fake.CallsTo("reactions.add").Count == 6, "five reactions after one 429");
        var calls = Fake.CallsTo("reactions.add");
        Assert.Equal(["one", "one", "two", "three", "four", "five"], calls.Select(c => c.Body["name"]!.GetValue<string>()));
        Assert.True(Stopwatch.GetElapsedTime(calls[0].At, calls[1].At) >= TimeSpan.FromSeconds(0.95), "the retry did not wait for Retry-After");
        Assert.True(bot.Logs.Contains(500));
    }

    [Fact]
    public async Task A_reaction_on_a_list_posted_before_a_restart_becomes_a_rating()
    {
        string ts;
        await using (var before = await SlackBot.StartAsync(Fake, Data.DatabasePath))
        {
            ts = await PostListAsync(await Fake.WaitForSocketAsync(1));
        }

        await using var after = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(2);
        await socket.SendAsync(SlackPayloads.Reaction("env-9", "Ev9", "three", "C1", ts, user: "U3"));

        var list = after.Get<ISuggestionMessageStore>().Find(new MessageRef("slack", "C1", ts))!;
        Rating rating;
        try
        {
            rating = await Eventually.ValueAsync(() => after.Get<IRatingStore>().ForUser(U3).SingleOrDefault(), "the rating");
        }
        catch (TimeoutException ex)
        {
            // Seen twice in 20 runs on a busy machine, cause not yet found: the bot's log says where the reaction went.
            throw new TimeoutException($"{ex.Message} Sockets: {Fake.Sockets.Count}; the restarted bot's log:\n{after.Logs.All}", ex);
        }

        Assert.Equal(list.ShowIds[2], rating.ShowId);
    }

    [Fact]
    public async Task A_malformed_frame_or_envelope_is_logged_and_skipped()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);

        await socket.SendAsync("this is not json");
        await socket.SendAsync("""{"envelope_id":"env-x","type":"events_api"}""");
        await socket.SendAsync("""{"envelope_id":"env-y","type":"slash_commands","payload":{"command":"/recommend"}}""");
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "help"));

        await socket.WaitForAckAsync("env-1");
        Assert.True(bot.Logs.Contains(537), "the non-JSON frame was not reported");
        Assert.Equal(2, bot.Logs.Lines.Count(l => l.EventId == 520));
        Assert.Single(Fake.Sockets);
    }

    [Fact]
    public async Task A_slash_command_envelope_without_an_envelope_id_is_logged_once_as_malformed_and_skipped_and_the_next_is_answered()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        var nameless = SlackPayloads.SlashCommand("env-gone", "/recommend", "Breaking Bad");
        nameless.Remove("envelope_id");

        await socket.SendAsync(nameless);
        await socket.SendAsync(SlackPayloads.SlashCommand("env-1", "/showbot", "help"));

        await socket.WaitForAckAsync("env-1");
        var malformed = Assert.Single(bot.Logs.Lines, l => l.EventId == 520);
        Assert.Contains("slash_commands", malformed.Text, StringComparison.Ordinal);
        Assert.Equal(1, socket.AckCount);
        Assert.Empty(Fake.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task A_reaction_without_its_message_ts_is_logged_once_as_malformed_and_skipped_and_the_next_counts()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath);
        var socket = await Fake.WaitForSocketAsync(1);
        var ts = await PostListAsync(socket);
        var tsless = SlackPayloads.Reaction("env-2", "Ev1", "one", "C1", ts, user: "U3");
        tsless["payload"]!["event"]!["item"]!.AsObject().Remove("ts");

        await socket.SendAsync(tsless);
        await socket.SendAsync(SlackPayloads.Reaction("env-3", "Ev2", "two", "C1", ts, user: "U3"));

        var rating = await Eventually.ValueAsync(() => bot.Get<IRatingStore>().ForUser(U3).SingleOrDefault(), "the rating");
        var list = bot.Get<ISuggestionMessageStore>().Find(new MessageRef("slack", "C1", ts))!;
        Assert.Equal(list.ShowIds[1], rating.ShowId);
        var malformed = Assert.Single(bot.Logs.Lines, l => l.EventId == 520);
        Assert.Contains("events_api", malformed.Text, StringComparison.Ordinal);
        Assert.True(socket.WasAcked("env-2"), "the malformed event was not acked, so Slack would send it again");
    }

    /// <summary>Runs a /recommend through to its posted list and returns the list's ts.</summary>
    private async Task<string> PostListAsync(FakeSocket socket)
    {
        var envelope = "env-list-" + socket.Number;
        await socket.SendAsync(SlackPayloads.SlashCommand(envelope, "/recommend", "Breaking Bad"));
        await socket.WaitForAckAsync(envelope);
        var posted = await Fake.WaitForCallAsync("chat.postMessage", c => c.At > 0);
        return $"1700000000.{Fake.CallsTo("chat.postMessage").Count:000000}";
    }
}
