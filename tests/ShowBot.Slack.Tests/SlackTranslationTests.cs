using System.Text.Encodings.Web;
using System.Text.Json;

using Microsoft.Extensions.Time.Testing;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Slack.Api;
using ShowBot.Slack.Inbound;
using ShowBot.Slack.Outbound;
using ShowBot.Slack.SocketMode;

namespace ShowBot.Slack.Tests;

public sealed class SlackTranslationTests
{
    [Theory]
    [InlineData("one", 1, RatingKind.Like)]
    [InlineData("nine", 9, RatingKind.Like)]
    [InlineData("keycap_ten", 10, RatingKind.Like)]
    [InlineData("thumbsdown", null, RatingKind.Dislike)]
    [InlineData("-1", null, RatingKind.Dislike)]
    [InlineData("thumbsdown::skin-tone-4", null, RatingKind.Dislike)]
    public void Reaction_names_map_to_suggestion_numbers_or_a_dislike(string reaction, int? number, RatingKind kind) =>
        Assert.Equal((number, kind), SlackReactionTranslator.Meaning(reaction));

    [Theory]
    [InlineData("ten")]
    [InlineData("thumbsup")]
    [InlineData("zero")]
    [InlineData("")]
    public void Other_reactions_mean_nothing(string reaction) => Assert.Null(SlackReactionTranslator.Meaning(reaction));

    [Theory]
    [InlineData("<!everyone> & <!channel>", "‹!everyone› &amp; ‹!channel›")]
    [InlineData("<@U123|bob>", "‹@\u200BU123|bob›")]
    [InlineData("@here Law & Order", "@\u200Bhere Law &amp; Order")]
    [InlineData("Plain", "Plain")]
    public void Untrusted_text_is_escaped_so_it_can_never_ping(string raw, string escaped) =>
        Assert.Equal(escaped, SlackText.Escape(raw));

    [Fact]
    public void A_suggestion_list_renders_numbered_blocks_with_a_fallback_and_no_markup_from_titles()
    {
        var evil = new Show("tt0000001", "<!channel> Law & Order", 1990, 2010, ["Crime", "Drama"]);
        var liked = new Show("tt0000002", "The <@U1> Wire", 2002, 2008, ["Crime"]);
        var reply = new SuggestionsReply([new Suggestion(1, evil, liked), new Suggestion(2, liked, null)], [liked]) { Notes = ["I couldn't find \"<!here>\"."] };

        var message = SlackMessageRenderer.Render(reply).ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.DoesNotContain("<!", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", message, StringComparison.Ordinal);
        Assert.Contains("*1.* *<https://www.imdb.com/title/tt0000001/|‹!channel› Law &amp; Order>* (1990–2010) · Crime, Drama", message, StringComparison.Ordinal);
        Assert.Contains("_because you liked The ‹@\u200BU1› Wire_", message, StringComparison.Ordinal);
        Assert.Contains(":one:–:two:", message, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"Because you like", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pacing_spaces_calls_with_the_same_key_and_a_429_pushes_the_next_slot_back()
    {
        var time = new FakeTimeProvider();
        var pacer = new SlackPacer(time);
        var interval = TimeSpan.FromSeconds(1);

        Assert.True(pacer.WaitTurnAsync("chat.postMessage:C1", interval, default).IsCompleted);
        var second = pacer.WaitTurnAsync("chat.postMessage:C1", interval, default);
        Assert.True(pacer.WaitTurnAsync("chat.postMessage:C2", interval, default).IsCompleted);
        Assert.False(second.IsCompleted);
        time.Advance(interval);
        Assert.True(second.IsCompleted);

        pacer.Defer("reactions.add", TimeSpan.FromSeconds(30));
        var deferred = pacer.WaitTurnAsync("reactions.add", TimeSpan.Zero + TimeSpan.FromMilliseconds(1), default);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(deferred.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(deferred.IsCompleted);
    }

    [Fact]
    public void Deliveries_are_remembered_for_an_hour()
    {
        var time = new FakeTimeProvider();
        var deliveries = new RecentDeliveries(time);

        Assert.True(deliveries.TryRecord("event:Ev1"));
        Assert.False(deliveries.TryRecord("event:Ev1"));
        time.Advance(RecentDeliveries.Retention + TimeSpan.FromSeconds(1));
        Assert.True(deliveries.TryRecord("event:Ev1"));
    }

    [Fact]
    public void Reconnect_backoff_grows_with_jitter_and_stays_under_its_cap()
    {
        var random = new Random(7);
        var (min, max) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.Zero, ReconnectBackoff.Delay(0, min, max, random));
        var delays = Enumerable.Range(1, 12).Select(n => ReconnectBackoff.Delay(n, min, max, random)).ToList();
        Assert.InRange(delays[0], min / 2, min);
        Assert.InRange(delays[3], TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, max));
        Assert.True(delays.Skip(8).Distinct().Count() > 1, "no jitter");
    }

    [Fact]
    public void A_reply_target_round_trips_and_a_broken_one_is_undeliverable()
    {
        var target = new SlackReplyTarget("C1", "T1", "U2", "https://hooks.slack.com/commands/x").ToReplyTarget();

        Assert.Equal("slack", target.Platform);
        Assert.Equal("C1", SlackReplyTarget.Parse(target).Channel);
        Assert.Throws<UndeliverableReplyException>(() => SlackReplyTarget.Parse(new ReplyTarget("slack", "{not json")));
    }
}
