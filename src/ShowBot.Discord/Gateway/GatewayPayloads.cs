using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShowBot.Discord.Gateway;

/// <summary>A gateway frame as Discord sends it: the opcode, its payload, and for a dispatch its sequence number and event name.</summary>
internal sealed record GatewayFrame
{
    public required int Op { get; init; }

    /// <summary>Left as JSON until the opcode and event name say which record it is; absent on some frames (a heartbeat ACK).</summary>
    [JsonPropertyName("d")]
    public JsonElement Data { get; init; }

    [JsonPropertyName("s")]
    public long? Sequence { get; init; }

    [JsonPropertyName("t")]
    public string? Type { get; init; }
}

/// <summary>The event names of the dispatches ShowBot reads.</summary>
internal static class DispatchType
{
    public const string Ready = "READY";
    public const string Resumed = "RESUMED";
    public const string InteractionCreate = "INTERACTION_CREATE";
    public const string ReactionAdd = "MESSAGE_REACTION_ADD";
    public const string ReactionRemove = "MESSAGE_REACTION_REMOVE";
}

/// <summary>The payload of a dispatch a handler receives.</summary>
internal abstract record GatewayEvent;

/// <summary>Hello (op 10): Discord's first message on a connection.</summary>
internal sealed record Hello
{
    /// <summary>Milliseconds.</summary>
    public required double HeartbeatInterval { get; init; }
}

/// <summary>READY: the new session and who the bot is.</summary>
internal sealed record Ready : GatewayEvent
{
    public required string SessionId { get; init; }

    public required string ResumeGatewayUrl { get; init; }

    public required DiscordUser User { get; init; }

    public required PartialApplication Application { get; init; }

    public required IReadOnlyList<UnavailableGuild> Guilds { get; init; }
}

internal sealed record DiscordUser
{
    public required string Id { get; init; }
}

internal sealed record PartialApplication
{
    public required string Id { get; init; }
}

internal sealed record UnavailableGuild
{
    public required string Id { get; init; }
}

/// <summary>MESSAGE_REACTION_ADD or MESSAGE_REACTION_REMOVE: someone added or took back an emoji on a message.</summary>
internal sealed record MessageReaction : GatewayEvent
{
    public required string UserId { get; init; }

    public required string ChannelId { get; init; }

    public required string MessageId { get; init; }

    public string? GuildId { get; init; }

    public required PartialEmoji Emoji { get; init; }
}

/// <summary>A reaction's emoji: a Unicode emoji has a name and no id; a custom one has both, a deleted custom one may have no name.</summary>
internal sealed record PartialEmoji
{
    public string? Id { get; init; }

    public string? Name { get; init; }
}
