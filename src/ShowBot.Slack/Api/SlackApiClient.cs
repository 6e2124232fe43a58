using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ShowBot.Slack.Api;

/// <summary>
/// The Slack Web API over one <see cref="HttpClient"/>: JSON bodies with the bot token as a Bearer header, Slack's
/// <c>ok:false</c> turned into <see cref="SlackApiException"/>, 429 answered by waiting <c>Retry-After</c>, and
/// per-method pacing. Tokens only ever travel in the Authorization header; nothing here logs a header or a body.
/// </summary>
internal sealed partial class SlackApiClient : IDisposable
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient http;
    private readonly SlackOptions settings;
    private readonly SlackPacer pacer;
    private readonly TimeProvider time;
    private readonly ILogger<SlackApiClient> logger;

    public SlackApiClient(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApiClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        this.time = time;
        this.logger = logger;
        pacer = new SlackPacer(time);
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary><c>auth.test</c>: who the bot token belongs to.</summary>
    public async Task<(string UserId, string TeamId)> AuthTestAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("auth.test", new JsonObject(), cancellationToken);
        return (result.GetProperty("user_id").GetString() ?? "", result.TryGetProperty("team_id", out var team) ? team.GetString() ?? "" : "");
    }

    /// <summary><c>apps.connections.open</c> with the app-level token: a fresh Socket Mode URL, used for one connection only.</summary>
    public async Task<Uri> OpenSocketModeUrlAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync("apps.connections.open", body: null, settings.AppToken, paceKey: null, TimeSpan.Zero, cancellationToken);
        return result.TryGetProperty("url", out var url) && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : throw new SlackApiException("apps.connections.open", "no_url_in_response");
    }

    /// <summary><c>chat.postMessage</c>, paced per channel; returns the posted message's channel and ts.</summary>
    public async Task<(string Channel, string Ts)> PostMessageAsync(string channel, JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message["channel"] = channel;
        var result = await SendAsync("chat.postMessage", message, settings.BotToken, "chat.postMessage:" + channel, settings.PostMessageInterval, cancellationToken);
        return (result.GetProperty("channel").GetString() ?? channel, result.GetProperty("ts").GetString() ?? "");
    }

    /// <summary><c>chat.postEphemeral</c>: a message only <paramref name="user"/> sees; returns its ts.</summary>
    public async Task<string> PostEphemeralAsync(string channel, string user, JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message["channel"] = channel;
        message["user"] = user;
        var result = await CallAsync("chat.postEphemeral", message, cancellationToken);
        return result.TryGetProperty("message_ts", out var ts) ? ts.GetString() ?? "" : "";
    }

    /// <summary><c>reactions.add</c>, paced workspace-wide.</summary>
    public Task AddReactionAsync(string channel, string ts, string name, CancellationToken cancellationToken) =>
        SendAsync("reactions.add", new JsonObject { ["channel"] = channel, ["timestamp"] = ts, ["name"] = name }, settings.BotToken, "reactions.add", settings.ReactionInterval, cancellationToken);

    /// <summary>Any bot-token method.</summary>
    public Task<JsonElement> CallAsync(string method, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(method, body, settings.BotToken, paceKey: null, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Posts a message to a slash command's <c>response_url</c>. That URL is itself the credential, so no token is
    /// sent with it (the bot token must never reach a host other than the API's).
    /// </summary>
    public async Task PostToResponseUrlAsync(Uri responseUrl, JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, responseUrl) { Content = JsonBody(message) };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException("response_url", $"http_{(int)response.StatusCode}");
        }
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject? body, string token, string? paceKey, TimeSpan interval, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (paceKey is not null)
            {
                await pacer.WaitTurnAsync(paceKey, interval, cancellationToken);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.ApiBaseUrl, method));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = body is null ? null : JsonBody(body);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter(response);
                if (attempt >= settings.RateLimitRetries)
                {
                    throw new SlackApiException(method, "ratelimited");
                }

                LogRateLimited(method, wait, attempt + 1);
                if (paceKey is not null)
                {
                    pacer.Defer(paceKey, wait);
                }
                else
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            JsonElement result;
            try
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
                result = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new SlackApiException(method, "invalid_json_response", ex);
            }

            if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
            {
                var error = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown_error" : "unknown_error";
                throw new SlackApiException(method, error);
            }

            return result;
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : DefaultRetryAfter);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static StringContent JsonBody(JsonObject body)
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = Json;
        return content;
    }

    public void Dispose() => http.Dispose();

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Slack rate-limited {Method}; waiting {Wait} before retry {Retry}")]
    private partial void LogRateLimited(string method, TimeSpan wait, int retry);
}
