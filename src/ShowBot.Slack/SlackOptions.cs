using System.ComponentModel.DataAnnotations;

namespace ShowBot.Slack;

/// <summary>
/// The Slack adapter. Bound from <c>ShowBot:Slack</c>. The tokens come from the environment or a secret store,
/// never from a committed file; validation messages name the setting and never echo its value.
/// </summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string Section = "ShowBot:Slack";

    /// <summary>The bot token (<c>xoxb-…</c>) used for every Web API call.</summary>
    [Required(ErrorMessage = "The Slack bot token (xoxb-…) is missing.")]
    [RegularExpression(@"^xoxb-[A-Za-z0-9-]+$", ErrorMessage = "The Slack bot token must look like xoxb-… (a user token xoxp- or an app-level token xapp- was given, or it has stray characters).")]
    public string BotToken { get; set; } = "";

    /// <summary>The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>) that opens Socket Mode connections.</summary>
    public string AppToken { get; set; } = "";

    /// <summary>
    /// How Slack reaches ShowBot: <c>SocketMode</c> (the default; ShowBot connects out, no public URL) or <c>Http</c>
    /// (Slack posts slash commands and events to <see cref="HttpUrl"/>, signed with <see cref="SigningSecret"/>).
    /// </summary>
    public string Mode { get; set; } = SocketModeName;

    /// <summary>HTTP mode: the app's signing secret (Basic Information → App Credentials), which verifies every request.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>
    /// HTTP mode: where ShowBot listens (plain HTTP; TLS ends at a proxy or tunnel in front). Its path is the request
    /// URL path for both the slash commands and the event subscriptions.
    /// </summary>
    public Uri HttpUrl { get; set; } = new("http://0.0.0.0:3000/slack/events");

    /// <summary>The Web API base; the Socket Mode URL comes from <c>apps.connections.open</c> on it, so one setting points the whole client at a fake.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Slack user ids (<c>U…</c>) allowed to use the admin subcommands of <c>/showbot</c>.</summary>
    public IList<string> AdminUserIds { get; } = [];

    /// <summary>Least time between two <c>chat.postMessage</c> calls to one channel (Slack allows about one per second).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PostMessageInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Least time between two <c>reactions.add</c> calls (Tier 3, about 50 a minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReactionInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an incoming slash command may take to produce its answer before the ack goes out with a "working on it".</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:02.500")]
    public TimeSpan AckBudget { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How often a WebSocket ping goes to Slack; together with <see cref="PingTimeout"/> it notices a half-open socket.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A socket whose pong does not come back within this time is dropped and replaced.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for Slack's <c>hello</c> after the socket opens.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// After a refresh, how long the old socket stays open beside the new one (Slack may still deliver on it) before
    /// ShowBot closes it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RefreshOverlap { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay after a failure; it doubles, with jitter, up to <see cref="ReconnectMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times one Web API call is retried after a 429 before it fails.</summary>
    [Range(0, 20)]
    public int RateLimitRetries { get; set; } = 5;

    public const string SocketModeName = "SocketMode";
    public const string HttpName = "Http";

    /// <summary>Whether Slack delivers over HTTP (<see cref="Mode"/> <c>Http</c>) rather than Socket Mode.</summary>
    public bool IsHttpMode => string.Equals(Mode, HttpName, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsHttpMode && !string.Equals(Mode, SocketModeName, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"The Slack mode must be {SocketModeName} or {HttpName}.", [nameof(Mode)]);
        }
        else if (IsHttpMode)
        {
            foreach (var result in ValidateHttp())
            {
                yield return result;
            }
        }
        else if (string.IsNullOrEmpty(AppToken))
        {
            yield return new ValidationResult("The Slack app-level token (xapp-…, scope connections:write) is missing; Socket Mode needs it.", [nameof(AppToken)]);
        }
        else if (!AppToken.StartsWith("xapp-", StringComparison.Ordinal) || AppToken.Any(char.IsWhiteSpace))
        {
            yield return new ValidationResult("The Slack app-level token must look like xapp-… (a bot token xoxb- was given, or it has stray characters).", [nameof(AppToken)]);
        }

        if (!ApiBaseUrl.IsAbsoluteUri || !ApiBaseUrl.AbsolutePath.EndsWith('/'))
        {
            yield return new ValidationResult("The Slack API base must be an absolute URL ending with '/', e.g. https://slack.com/api/.", [nameof(ApiBaseUrl)]);
        }

        if (ReconnectMaxDelay < ReconnectMinDelay)
        {
            yield return new ValidationResult("ReconnectMaxDelay must not be shorter than ReconnectMinDelay.", [nameof(ReconnectMaxDelay)]);
        }
    }

    private IEnumerable<ValidationResult> ValidateHttp()
    {
        if (string.IsNullOrEmpty(SigningSecret))
        {
            yield return new ValidationResult("The Slack signing secret (Basic Information → App Credentials → Signing Secret) is missing; HTTP mode needs it to verify requests.", [nameof(SigningSecret)]);
        }
        else if (SigningSecret.Length < 16 || SigningSecret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            yield return new ValidationResult("The Slack signing secret looks wrong (too short, or it has stray characters); copy it again from Basic Information → App Credentials.", [nameof(SigningSecret)]);
        }

        if (!HttpUrl.IsAbsoluteUri || HttpUrl.Scheme != Uri.UriSchemeHttp || HttpUrl.AbsolutePath.Length <= 1 || HttpUrl.Query.Length > 0)
        {
            yield return new ValidationResult("The Slack HTTP URL must be an absolute http:// URL with a path, e.g. http://0.0.0.0:3000/slack/events (put TLS in a proxy in front).", [nameof(HttpUrl)]);
        }
    }

    /// <summary>Whether the user id may use the admin subcommands.</summary>
    public bool IsAdmin(string userId) => AdminUserIds.Contains(userId, StringComparer.Ordinal);
}
