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

/// <summary>A frame ShowBot sends: an opcode and its payload.</summary>
internal sealed record GatewayCommand<T>(int Op, [property: JsonPropertyName("d")] T Data);

/// <summary>Identify (op 2): starts a new session.</summary>
/// <param name="Token"></param>
/// <param name="Intents"></param>
/// <param name="Properties"></param>
/// <param name="Shard">This shard's id and the shard count.</param>
internal sealed record Identify(string Token, int Intents, IdentifyProperties Properties, IReadOnlyList<int> Shard);

internal sealed record IdentifyProperties(string Os, string Browser, string Device);

/// <summary>Resume (op 6): picks a session up after the last sequence number read.</summary>
internal sealed record Resume(string Token, string? SessionId, long Seq);

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

    public required DiscordEntity User { get; init; }

    public required DiscordEntity Application { get; init; }

    public required IReadOnlyList<DiscordEntity> Guilds { get; init; }
}

/// <summary>A user, application, server or channel of which ShowBot reads only the id.</summary>
internal sealed record DiscordEntity
{
    public required string Id { get; init; }
}

/// <summary>MESSAGE_REACTION_ADD or MESSAGE_REACTION_REMOVE: someone added or took back an emoji on a message.</summary>
internal sealed record MessageReaction : GatewayEvent
{
    public required string UserId { get; init; }

    public required string ChannelId { get; init; }

    public required string MessageId { get; init; }

    public required PartialEmoji Emoji { get; init; }
}

/// <summary>A reaction's emoji: a Unicode emoji by its name; a deleted custom one may have none.</summary>
internal sealed record PartialEmoji
{
    public string? Name { get; init; }
}
