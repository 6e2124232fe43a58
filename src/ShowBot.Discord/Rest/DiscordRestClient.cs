using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ShowBot.Discord.Rest;

/// <summary>
/// Discord's REST API: bot authorization, JSON bodies, rate limits honoured per bucket and globally, 429s waited
/// out, other 4xx surfaced at once as <see cref="DiscordApiException"/> with Discord's error code. Logs route
/// templates only, never ids with tokens in them.
/// </summary>
internal sealed partial class DiscordRestClient : IDisposable
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan ServerErrorBackoff = TimeSpan.FromMilliseconds(500);

    private readonly HttpClient http;
    private readonly Uri baseUri;
    private readonly RateLimits limits;
    private readonly TimeProvider time;
    private readonly ILogger<DiscordRestClient> logger;

    public DiscordRestClient(IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        var settings = options.Value;
        var apiBase = settings.ApiBaseUrl.ToString();
        baseUri = new Uri(apiBase.EndsWith('/') ? apiBase : apiBase + "/");
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", settings.BareToken);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://github.com/showbot/showbot, 1.0)");
        limits = new RateLimits(time);
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Sends the request and returns the response body, or null for 204 No Content.</summary>
    public async Task<JsonElement?> SendAsync(DiscordRoute route, JsonNode? body, CancellationToken cancellationToken)
    {
        var bucket = limits.BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var wait = limits.DelayBefore(bucket, route);
                if (wait > TimeSpan.Zero)
                {
                    LogWaitingForBucket(route.Key, wait);
                    await Task.Delay(wait, time, cancellationToken);
                }

                using var request = new HttpRequestMessage(route.Method, new Uri(baseUri, route.Path));
                if (body is not null)
                {
                    request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                }

                using var response = await http.SendAsync(request, cancellationToken);
                limits.Update(route, bucket, response.Headers);
                if (response.IsSuccessStatusCode)
                {
                    return response.StatusCode == HttpStatusCode.NoContent ? null : await ReadJsonAsync(response, cancellationToken);
                }

                var error = await ReadErrorAsync(response, cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
                {
                    LogRateLimited(route.Key, error.RetryAfter, error.Global);
                    limits.OnTooManyRequests(bucket, error.RetryAfter, error.Global);
                    continue;
                }

                if ((int)response.StatusCode >= 500 && attempt < MaxAttempts)
                {
                    LogServerError(route.Key, (int)response.StatusCode, attempt);
                    await Task.Delay(ServerErrorBackoff * attempt, time, cancellationToken);
                    continue;
                }

                throw new DiscordApiException(route.Template, response.StatusCode, error.Code, error.Message);
            }
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    public void Dispose() => http.Dispose();

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    private static async Task<ApiError> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfterHeader = response.Headers.RetryAfter?.Delta;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : response.ReasonPhrase ?? "";
            var retryAfter = root.TryGetProperty("retry_after", out var r) && r.ValueKind == JsonValueKind.Number
                ? TimeSpan.FromSeconds(r.GetDouble())
                : retryAfterHeader ?? TimeSpan.FromSeconds(1);
            var global = (root.TryGetProperty("global", out var g) && g.ValueKind == JsonValueKind.True)
                || (response.Headers.TryGetValues("X-RateLimit-Global", out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase));
            return new ApiError(code, message, retryAfter, global);
        }
        catch (JsonException)
        {
            // Cloudflare and proxies answer with HTML; the status is all there is.
            var reason = string.Create(CultureInfo.InvariantCulture, $"{response.ReasonPhrase} (no JSON error body)");
            return new ApiError(null, reason, retryAfterHeader ?? TimeSpan.FromSeconds(1), Global: false);
        }
    }

    private readonly record struct ApiError(int? Code, string Message, TimeSpan RetryAfter, bool Global);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Waiting {Wait} for the rate limit of {Route}")]
    private partial void LogWaitingForBucket(string route, TimeSpan wait);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Rate limited on {Route}: retrying after {RetryAfter} (global: {Global})")]
    private partial void LogRateLimited(string route, TimeSpan retryAfter, bool global);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Discord answered {Status} to {Route} (attempt {Attempt}); retrying")]
    private partial void LogServerError(string route, int status, int attempt);
}
