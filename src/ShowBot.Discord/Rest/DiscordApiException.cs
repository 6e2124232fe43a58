using System.Net;

namespace ShowBot.Discord.Rest;

/// <summary>Discord refused a request. <see cref="Code"/> is Discord's JSON error code (10062, 50013…) when it sent one.</summary>
internal sealed class DiscordApiException(string routeTemplate, HttpStatusCode status, int? code, string detail)
    : Exception($"Discord answered {(int)status} to {routeTemplate}: {detail}" + (code is { } c ? $" (code {c})" : ""))
{
    public HttpStatusCode Status { get; } = status;

    public int? Code { get; } = code;

    /// <summary>The interaction token is older than 15 minutes, or the interaction is unknown: its webhook can no longer be used.</summary>
    public bool InteractionTokenInvalid =>
        Code is DiscordErrorCodes.UnknownInteraction or DiscordErrorCodes.UnknownWebhook or DiscordErrorCodes.InvalidWebhookToken;
}

/// <summary>The JSON error codes ShowBot reacts to.</summary>
internal static class DiscordErrorCodes
{
    public const int UnknownChannel = 10003;
    public const int UnknownMessage = 10008;
    public const int UnknownWebhook = 10015;
    public const int UnknownInteraction = 10062;
    public const int InteractionAlreadyAcknowledged = 40060;
    public const int MissingAccess = 50001;
    public const int MissingPermissions = 50013;
    public const int InvalidWebhookToken = 50027;
}
