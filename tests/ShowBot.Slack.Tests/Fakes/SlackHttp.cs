using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ShowBot.Slack.Tests.Fakes;

/// <summary>Slack's side of HTTP mode: signed POSTs of slash commands (form) and event callbacks (JSON).</summary>
internal static class SlackHttp
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static string Sign(string secret, long timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    /// <summary>The settings of a bot in HTTP mode on a free loopback port, signing with <see cref="Secret"/>.</summary>
    public static void Mode(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["ShowBot:Slack:Mode"] = "Http";
        settings["ShowBot:Slack:SigningSecret"] = Secret;
        settings["ShowBot:Slack:HttpUrl"] = "http://127.0.0.1:0/slack/events";
        settings["ShowBot:Slack:AppToken"] = "";
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The form body Slack posts for a slash command (the Socket Mode payload's fields).</summary>
    public static string SlashCommandForm(string command, string text, string triggerId, string user = "U2", string channel = "C1")
    {
        var payload = SlackPayloads.SlashCommand(triggerId, command, text, user, channel)["payload"]!.AsObject();
        payload["trigger_id"] = triggerId;
        return string.Join("&", payload.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!.GetValue<string>())}"));
    }

    /// <summary>The form body Slack posts for a pressed button: the block_actions JSON in the field <c>payload</c>.</summary>
    public static string InteractionForm(JsonObject payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString());

    /// <summary>The JSON body Slack posts for an event (the Socket Mode envelope's payload).</summary>
    public static string EventJson(JsonObject envelope) => envelope["payload"]!.ToJsonString();

    public static Task<HttpResponseMessage> PostAsync(Uri url, string body, bool form, long timestamp, string? signature = null, int? retryNum = null, string secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, form ? "application/x-www-form-urlencoded" : "application/json"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", signature ?? Sign(secret, timestamp, body));
        if (retryNum is { } retry)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        if (form)
        {
            // Slack sends no charset on the form.
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        return Client.SendAsync(request);
    }
}
