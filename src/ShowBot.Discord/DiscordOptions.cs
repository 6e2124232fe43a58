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

    private static bool IsSnowflakeOrEmpty(string? id) => string.IsNullOrWhiteSpace(id) || ulong.TryParse(id.Trim(), out _);

    [GeneratedRegex("^[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{16,}$")]
    private static partial Regex TokenShape();
}
