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

    /// <summary>How many shards the bot runs in all, over every node: Discord sends a server's events to shard <c>(server id &gt;&gt; 22) % ShardCount</c>.</summary>
    [Range(1, 65536)]
    public int ShardCount { get; set; } = 1;

    /// <summary>
    /// The shards this node runs, each on a gateway connection of its own: ids and ranges below <see cref="ShardCount"/>
    /// separated by commas (<c>0-3</c>, <c>2</c>, <c>0,2</c>, <c>0-1,4</c>); empty runs every shard.
    /// </summary>
    public string Shards { get; set; } = "";

    /// <summary>
    /// Discord's least time between two identifies in one bucket (<c>shard_id % max_concurrency</c>). Not a setting:
    /// only tests against a fake Discord shorten it.
    /// </summary>
    internal TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);

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

    /// <summary>
    /// How often a shard whose lease another node holds tries to take it (on PostgreSQL; see <c>IShardLease</c>): at
    /// most this long after the holder's process dies, another node configured with the shard runs it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ShardLeaseRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Discord user ids that may use <c>/showbot</c> in any server, whatever their permissions there.</summary>
    public IList<string> AdminUserIds { get; } = [];

    /// <summary>Servers in which Manage Server makes a member a ShowBot admin; when set, Manage Server elsewhere does not.</summary>
    public IList<string> AdminGuildIds { get; } = [];

    public const string GatewayInteractions = "Gateway";
    public const string HttpInteractions = "Http";

    /// <summary>
    /// How Discord delivers interactions: <c>Gateway</c> (the default; <c>INTERACTION_CREATE</c> on the gateway) or
    /// <c>Http</c> (Discord posts them to <see cref="HttpUrl"/>, the Developer Portal's Interactions Endpoint URL, signed
    /// with the key <see cref="PublicKey"/> checks). Reactions arrive over the gateway either way.
    /// </summary>
    public string Interactions { get; set; } = GatewayInteractions;

    /// <summary>HTTP interactions: the application's public key (Developer Portal → General Information), 64 hex digits.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>
    /// HTTP interactions: where ShowBot listens (plain HTTP; TLS ends at a proxy or tunnel in front, as Discord posts only
    /// to https://). Its path is the Interactions Endpoint URL's path.
    /// </summary>
    public Uri HttpUrl { get; set; } = new("http://0.0.0.0:3001/discord/interactions");

    /// <summary>Whether interactions arrive over HTTP (<see cref="Interactions"/> <c>Http</c>) rather than the gateway.</summary>
    public bool HttpInteractionsEnabled => string.Equals(Interactions, HttpInteractions, StringComparison.OrdinalIgnoreCase);

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

        if (!TryParseShards(out _))
        {
            yield return new ValidationResult(
                $"must name shard ids below ShardCount ({ShardCount}), each once, as single ids and ranges separated by commas (e.g. 0-3, 2 or 0,2), or be empty for all of them", [nameof(Shards)]);
        }

        if (!ApiBaseUrl.IsAbsoluteUri || ApiBaseUrl.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(ApiBaseUrl)]);
        }

        if (!HttpInteractionsEnabled && !string.Equals(Interactions, GatewayInteractions, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"must be {GatewayInteractions} or {HttpInteractions}", [nameof(Interactions)]);
        }
        else if (HttpInteractionsEnabled)
        {
            foreach (var error in HttpErrors())
            {
                yield return error;
            }
        }
    }

    private IEnumerable<ValidationResult> HttpErrors()
    {
        if (string.IsNullOrWhiteSpace(PublicKey))
        {
            yield return new ValidationResult(
                "is missing: HTTP interactions are verified with the application's public key (Developer Portal → General Information → Public Key)", [nameof(PublicKey)]);
        }
        else if (!PublicKeyShape().IsMatch(PublicKey.Trim()))
        {
            // The bot token pasted here by mistake must not be printed, so the value is described, never echoed.
            yield return new ValidationResult(
                "is not a Discord public key (expected the 64 hex digits shown under General Information → Public Key; the bot token is another setting)", [nameof(PublicKey)]);
        }

        if (!HttpUrl.IsAbsoluteUri || HttpUrl.Scheme != Uri.UriSchemeHttp || HttpUrl.AbsolutePath.Length <= 1 || HttpUrl.Query.Length > 0)
        {
            yield return new ValidationResult(
                "must be an absolute http:// URL with a path, e.g. http://0.0.0.0:3001/discord/interactions (put TLS in a proxy in front)", [nameof(HttpUrl)]);
        }
    }

    internal string BareToken => Token.Trim();

    /// <summary>The ids of the shards this node runs, ascending; only once validated.</summary>
    internal IReadOnlyList<int> ShardIds => TryParseShards(out var ids) ? ids : throw new InvalidOperationException($"{nameof(Shards)} is not valid.");

    private bool TryParseShards(out IReadOnlyList<int> ids)
    {
        ids = [];
        if (string.IsNullOrWhiteSpace(Shards))
        {
            ids = Enumerable.Range(0, Math.Max(ShardCount, 0)).ToList();
            return true;
        }

        var found = new SortedSet<int>();
        foreach (var part in Shards.Split(','))
        {
            var bounds = part.Split('-');
            if (bounds.Length > 2 || !TryParseShardId(bounds[0], out var first) || !TryParseShardId(bounds[^1], out var last) || last < first)
            {
                return false;
            }

            for (var id = first; id <= last; id++)
            {
                if (!found.Add(id))
                {
                    return false;
                }
            }
        }

        ids = [.. found];
        return true;
    }

    private bool TryParseShardId(string text, out int id) =>
        int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id < ShardCount;

    /// <summary>The public key's 32 bytes; only once validated.</summary>
    internal byte[] PublicKeyBytes => Convert.FromHexString(PublicKey.Trim());

    private static bool IsSnowflakeOrEmpty(string? id) => string.IsNullOrWhiteSpace(id) || IsSnowflake(id.Trim());

    private static bool IsSnowflake(string id) => id.Length > 0 && id.All(char.IsAsciiDigit) && ulong.TryParse(id, out _);

    // An entry is named by its position, not its value: a token pasted into the wrong setting must not be printed.
    private static IEnumerable<ValidationResult> SnowflakeListErrors(IList<string> ids, string setting, string what) =>
        ids.Select((id, index) => (id, index))
            .Where(entry => !IsSnowflake((entry.id ?? "").Trim()))
            .Select(entry => new ValidationResult($"entry {entry.index} is not a numeric Discord {what}", [setting]));

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex PublicKeyShape();

    [GeneratedRegex("^[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{16,}$")]
    private static partial Regex TokenShape();
}
