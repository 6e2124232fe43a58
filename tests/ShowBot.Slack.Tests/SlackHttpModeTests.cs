using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Slack.Http;
using ShowBot.Slack.Tests.Fakes;

using Xunit.Abstractions;

namespace ShowBot.Slack.Tests;

public sealed class SlackHttpModeTests(ITestOutputHelper output) : FakeSlackTest
{
    /// <summary>Slack's published example (api.slack.com/authentication/verifying-requests-from-slack).</summary>
    private const long ExampleTimestamp = 1531420618;
    private const string ExampleBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string ExampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly UserKey U3 = new("slack", "T1/U3");

    [Fact]
    public void The_verifier_accepts_Slacks_published_example_within_five_minutes_of_its_timestamp_only()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ExampleTimestamp));
        var verifier = new SlackRequestVerifier(Options.Create(new SlackOptions { SigningSecret = SlackHttp.Secret }), clock);
        var body = System.Text.Encoding.UTF8.GetBytes(ExampleBody);
        var timestamp = ExampleTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(SignatureCheck.Valid, verifier.Verify(timestamp, ExampleSignature, body));
        Assert.Equal(ExampleSignature, SlackHttp.Sign(SlackHttp.Secret, ExampleTimestamp, ExampleBody));
        Assert.Equal(SignatureCheck.Mismatch, verifier.Verify(timestamp, ExampleSignature[..^1] + "4", body));
        Assert.Equal(SignatureCheck.Mismatch, verifier.Verify(timestamp, ExampleSignature, body.AsSpan(..^1)));
        Assert.Equal(SignatureCheck.Mismatch, verifier.Verify(timestamp, "v1=" + ExampleSignature[3..], body));
        Assert.Equal(SignatureCheck.Mismatch, verifier.Verify(timestamp, ExampleSignature[..^2], body));
        Assert.Equal(SignatureCheck.MissingHeaders, verifier.Verify(null, ExampleSignature, body));
        Assert.Equal(SignatureCheck.MissingHeaders, verifier.Verify("-1531420618", ExampleSignature, body));
        Assert.Equal(SignatureCheck.Stale, verifier.Verify("99999999999999999", ExampleSignature, body));

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(SignatureCheck.Valid, verifier.Verify(timestamp, ExampleSignature, body));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SignatureCheck.Stale, verifier.Verify(timestamp, ExampleSignature, body));
    }

    [Fact]
    public async Task The_endpoint_accepts_the_published_example_and_answers_401_to_a_bad_signature_or_a_stale_timestamp()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ExampleTimestamp + 10));
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, HttpMode, services =>
            services.AddSingleton(sp => new SlackRequestVerifier(sp.GetRequiredService<IOptions<SlackOptions>>(), clock)));
        var url = await ListeningAsync(bot);

        using var accepted = await SlackHttp.PostAsync(url, ExampleBody, form: true, ExampleTimestamp, ExampleSignature);
        using var badSignature = await SlackHttp.PostAsync(url, ExampleBody, form: true, ExampleTimestamp, ExampleSignature[..^1] + "4");
        using var stale = await SlackHttp.PostAsync(url, ExampleBody, form: true, ExampleTimestamp - 301);
        using var unsigned = await SlackHttp.PostAsync(url, ExampleBody, form: true, ExampleTimestamp, signature: "");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var ack = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", ack["response_type"]!.GetValue<string>());
        Assert.Contains("I don't know the command /webhook-collect", ack["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, badSignature.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(3, bot.Logs.Lines.Count(l => l.EventId == 551));
        Assert.All(bot.Logs.Lines, l => Assert.DoesNotContain(SlackHttp.Secret, l.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recommend_over_HTTP_is_acked_in_the_response_and_answered_with_a_posted_message_and_reactions()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, HttpMode);
        var url = await ListeningAsync(bot);
        var body = SlackHttp.SlashCommandForm("/recommend", "Breaking Bad, The Wire", "trigger-1");

        var sentAt = Stopwatch.GetTimestamp();
        using var response = await SlackHttp.PostAsync(url, body, form: true, SlackHttp.Now);
        var ackedAt = Stopwatch.GetTimestamp();
        var post = await Fake.WaitForCallAsync("chat.postMessage");
        output.WriteLine($"HTTP: request → response {Stopwatch.GetElapsedTime(sentAt, ackedAt).TotalMilliseconds:F1} ms; request → chat.postMessage {Stopwatch.GetElapsedTime(sentAt, post.At).TotalMilliseconds:F1} ms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(sentAt, ackedAt) < TimeSpan.FromSeconds(3));
        var ack = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", ack["response_type"]!.GetValue<string>());
        Assert.Contains("Looking for shows like Breaking Bad, The Wire", ack["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("C1", post.Body["channel"]!.GetValue<string>());
        Assert.Equal(5, post.Body["blocks"]!.AsArray().Count(b => b!["type"]!.GetValue<string>() == "section"));
        await Eventually.TrueAsync(() => Fake.CallsTo("reactions.add").Count == 5, "five reactions");
        await Eventually.TrueAsync(() => bot.Get<ISuggestionMessageStore>().Find(new MessageRef(SlackPlatform.Name, "C1", "1700000000.000001")) is not null, "the list stored");

        // The same command again (a retry by Slack or a proxy) is acknowledged with nothing and not queued again.
        using var again = await SlackHttp.PostAsync(url, body, form: true, SlackHttp.Now, retryNum: 1);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("", await again.Content.ReadAsStringAsync());
        Assert.True(bot.Logs.Contains(553));

        Assert.Empty(Fake.CallsTo("apps.connections.open"));
        Assert.Empty(Fake.Sockets);
        Assert.Single(Fake.CallsTo("chat.postMessage"));
        await Eventually.TrueAsync(() => bot.Get<IPredictionQueue>().CountOutstanding() == 0, "the request answered (the lane marks it after storing the list)");
    }

    [Fact]
    public async Task Url_verification_is_answered_and_a_redelivered_event_with_X_Slack_Retry_Num_is_handled_once()
    {
        await using var bot = await SlackBot.StartAsync(Fake, Data.DatabasePath, HttpMode);
        var url = await ListeningAsync(bot);
        using var verification = await SlackHttp.PostAsync(url, """{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""", form: false, SlackHttp.Now);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await verification.Content.ReadAsStringAsync());

        using var recommend = await SlackHttp.PostAsync(url, SlackHttp.SlashCommandForm("/recommend", "Breaking Bad", "trigger-1"), form: true, SlackHttp.Now);
        await Fake.WaitForCallAsync("chat.postMessage");
        const string ts = "1700000000.000001";
        var ratings = bot.Get<IRatingStore>();
        var lists = bot.Get<ISuggestionMessageStore>();
        await Eventually.TrueAsync(() => lists.Find(new MessageRef("slack", "C1", ts)) is not null, "the list stored (a person reacts after seeing it)");

        var like = SlackHttp.EventJson(SlackPayloads.Reaction("-", "Ev1", "one", "C1", ts, user: "U3"));
        using var first = await SlackHttp.PostAsync(url, like, form: false, SlackHttp.Now);
        await Eventually.TrueAsync(() => ratings.ForUser(U3).Count == 1, "the like");
        using var removed = await SlackHttp.PostAsync(url, SlackHttp.EventJson(SlackPayloads.Reaction("-", "Ev2", "one", "C1", ts, user: "U3", added: false)), form: false, SlackHttp.Now);
        await Eventually.TrueAsync(() => ratings.ForUser(U3).Count == 0, "the like taken back");

        using var redelivered = await SlackHttp.PostAsync(url, like, form: false, SlackHttp.Now, retryNum: 1);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        await Eventually.TrueAsync(() => bot.Logs.Contains(522), "the redelivery noticed");
        Assert.True(bot.Logs.Contains(552));
        Assert.Empty(ratings.ForUser(U3));
    }

    [Theory]
    [InlineData("SigningSecret", "", "ShowBot:Slack:SigningSecret")]
    [InlineData("SigningSecret", "short secret", "ShowBot:Slack:SigningSecret")]
    [InlineData("HttpUrl", "https://0.0.0.0:3000/slack/events", "ShowBot:Slack:HttpUrl")]
    [InlineData("HttpUrl", "http://0.0.0.0:3000", "ShowBot:Slack:HttpUrl")]
    [InlineData("Mode", "Webhooks", "ShowBot:Slack:Mode")]
    public async Task A_missing_or_malformed_HTTP_mode_setting_refuses_to_start_naming_it_without_echoing_the_secret(string setting, string value, string named)
    {
        await using var bot = SlackBot.Create(Fake, Data.DatabasePath, s =>
        {
            HttpMode(s);
            s["ShowBot:Slack:" + setting] = value;
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(bot.StartAsync);

        var message = string.Join("\n", error.Failures);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackHttp.Secret, message, StringComparison.Ordinal);
        if (setting == "SigningSecret" && value.Length > 0)
        {
            Assert.DoesNotContain(value, message, StringComparison.Ordinal);
        }

        Assert.Empty(Fake.Calls);
    }

    /// <summary>HTTP mode on a free loopback port, with no app-level token (HTTP mode does not need one).</summary>
    private static void HttpMode(Dictionary<string, string?> settings) => SlackHttp.Mode(settings);

    private static Task<Uri> ListeningAsync(SlackBot bot) => bot.Get<SlackHttpService>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
}
