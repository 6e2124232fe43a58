using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace ShowBot.Discord;

/// <summary>The Discord bot's settings. Bound from <c>ShowBot:Discord</c>; the token comes from the environment, never from a file in the repo.</summary>
public sealed partial class DiscordOptions : IValidatableObject
{
    public const string Section = "ShowBot:Discord";

    /// <summary>The bot token from the Developer Portal (Bot → Reset Token), without the "Bot " prefix. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>The application id; when empty, the one in the gateway's READY is used.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>A server to register the commands in (instantly) instead of globally, for development.</summary>
    public string? DevGuildId { get; set; }

    /// <summary>The REST base; the gateway URL is discovered from it, so pointing it at a fake exercises the whole client.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://discord.com/api/v10");

    [Range(0, 65535)]
    public int ShardId { get; set; }

    [Range(1, 65536)]
    public int ShardCount { get; set; } = 1;

    /// <summary>Base of the jittered reconnect backoff; after an invalid session the bot waits 1–5 times this before identifying again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnect attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:30:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest wait for the connection and WebSocket handshake, and then again for Discord's Hello. An attempt that
    /// takes longer is a failed connect: the bot reconnects with the backoff (resuming when it has a session).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Discord user ids that may use <c>/showbot</c> in any server, whatever their permissions there.</summary>
    public IList<string> AdminUserIds { get; } = [];

    /// <summary>Servers in which Manage Server makes a member a ShowBot admin; when set, Manage Server elsewhere does not.</summary>
    public IList<string> AdminGuildIds { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The messages describe the token's shape, never its value: they are printed and logged.
        if (string.IsNullOrWhiteSpace(Token))
        {
            yield return new ValidationResult(
                "is missing: create a bot in the Discord Developer Portal (Bot → Reset Token) and set its token", [nameof(Token)]);
        }
        else if (Token.Trim().StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("must be the bare token, without the \"Bot \" prefix", [nameof(Token)]);
        }
        else if (!TokenShape().IsMatch(Token.Trim()))
        {
            yield return new ValidationResult(
                "is not a Discord bot token (expected three dot-separated parts of letters, digits, '-' and '_')", [nameof(Token)]);
        }

        if (!IsSnowflakeOrEmpty(ApplicationId))
        {
            yield return new ValidationResult("must be the numeric application id from the Developer Portal", [nameof(ApplicationId)]);
        }

        if (!IsSnowflakeOrEmpty(DevGuildId))
        {
            yield return new ValidationResult("must be a numeric server id (Developer Mode → Copy Server ID)", [nameof(DevGuildId)]);
        }

        foreach (var error in SnowflakeListErrors(AdminUserIds, nameof(AdminUserIds), "user id (Developer Mode → Copy User ID)"))
        {
            yield return error;
        }

        foreach (var error in SnowflakeListErrors(AdminGuildIds, nameof(AdminGuildIds), "server id (Developer Mode → Copy Server ID)"))
        {
            yield return error;
        }

        if (ShardId >= ShardCount)
        {
            yield return new ValidationResult($"must be less than ShardCount ({ShardCount})", [nameof(ShardId)]);
        }

        if (!ApiBaseUrl.IsAbsoluteUri || ApiBaseUrl.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(ApiBaseUrl)]);
        }
    }

    internal string BareToken => Token.Trim();

    private static bool IsSnowflakeOrEmpty(string? id) => string.IsNullOrWhiteSpace(id) || IsSnowflake(id.Trim());

    private static bool IsSnowflake(string id) => id.Length > 0 && id.All(char.IsAsciiDigit) && ulong.TryParse(id, out _);

    // An entry is named by its position, not its value: a token pasted into the wrong setting must not be printed.
    private static IEnumerable<ValidationResult> SnowflakeListErrors(IList<string> ids, string setting, string what) =>
        ids.Select((id, index) => (id, index))
            .Where(entry => !IsSnowflake((entry.id ?? "").Trim()))
            .Select(entry => new ValidationResult($"entry {entry.index} is not a numeric Discord {what}", [setting]));

    [GeneratedRegex("^[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{16,}$")]
    private static partial Regex TokenShape();
}
