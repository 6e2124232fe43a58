namespace ShowBot.Discord.Rest;

/// <summary>
/// One REST call: <see cref="Template"/> names the route without ids or tokens (safe to log, the rate-limit key),
/// <see cref="MajorParameter"/> is the top-level resource Discord scopes its limits by.
/// </summary>
internal sealed record DiscordRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool CountsTowardsGlobalLimit = true)
{
    public string Key => $"{Method} {Template}";

    public static DiscordRoute GatewayBot() => new(HttpMethod.Get, "/gateway/bot", "gateway/bot", "");

    // Interaction endpoints are exempt from the global rate limit.
    public static DiscordRoute InteractionCallback(string interactionId, string token) =>
        new(HttpMethod.Post, "/interactions/{id}/{token}/callback", $"interactions/{interactionId}/{token}/callback", interactionId, CountsTowardsGlobalLimit: false);

    public static DiscordRoute EditOriginalResponse(string applicationId, string token) =>
        new(HttpMethod.Patch, "/webhooks/{application}/{token}/messages/@original", $"webhooks/{applicationId}/{token}/messages/@original", applicationId + "/" + token, CountsTowardsGlobalLimit: false);

    // wait=true: Discord answers with the created message (its id is the MessageRef) instead of 204.
    public static DiscordRoute CreateFollowUpMessage(string applicationId, string token) =>
        new(HttpMethod.Post, "/webhooks/{application}/{token}", $"webhooks/{applicationId}/{token}?wait=true", applicationId + "/" + token, CountsTowardsGlobalLimit: false);

    public static DiscordRoute CreateMessage(string channelId) =>
        new(HttpMethod.Post, "/channels/{channel}/messages", $"channels/{channelId}/messages", channelId);

    public static DiscordRoute AddOwnReaction(string channelId, string messageId, string emoji) =>
        new(HttpMethod.Put, "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", $"channels/{channelId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}/@me", channelId);

    public static DiscordRoute OverwriteGlobalCommands(string applicationId) =>
        new(HttpMethod.Put, "/applications/{application}/commands", $"applications/{applicationId}/commands", applicationId);

    public static DiscordRoute OverwriteGuildCommands(string applicationId, string guildId) =>
        new(HttpMethod.Put, "/applications/{application}/guilds/{guild}/commands", $"applications/{applicationId}/guilds/{guildId}/commands", guildId);
}
