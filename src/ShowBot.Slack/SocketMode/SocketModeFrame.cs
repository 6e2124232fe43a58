using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ShowBot.Slack.SocketMode;

/// <summary>A Socket Mode frame: <c>hello</c>, <c>disconnect</c>, or an envelope carrying a delivery to ack by its id.</summary>
internal sealed record SocketModeFrame
{
    public const string Hello = "hello";
    public const string Disconnect = "disconnect";
    public const string EventsApi = "events_api";
    public const string SlashCommands = "slash_commands";
    public const string Interactive = "interactive";

    public string Type { get => field ?? ""; init; }

    /// <summary>Set on an envelope, which is acked with it.</summary>
    public string? EnvelopeId { get; init; }

    /// <summary>An envelope's delivery, read by its <see cref="Type"/>.</summary>
    public JsonElement Payload { get; init; }

    /// <summary>How many times Slack delivered this envelope before (0 the first time).</summary>
    public int RetryAttempt { get; init; }

    /// <summary>Why Slack sends a <c>disconnect</c>: <c>warning</c>, <c>refresh_requested</c> or <c>link_disabled</c>.</summary>
    public string Reason { get => field ?? ""; init; }

    /// <summary>A <c>hello</c>'s count of this app's open connections.</summary>
    public int? NumConnections { get; init; }
}

/// <summary>The ack of an envelope; a slash command's carries its immediate message.</summary>
internal sealed record SocketModeAck(string EnvelopeId, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Payload);
