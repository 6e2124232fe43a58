using System.Text.Json.Serialization;

using ShowBot.Slack.Inbound;
using ShowBot.Slack.SocketMode;

namespace ShowBot.Slack;

/// <summary>
/// The Socket Mode frames and Slack payloads ShowBot reads, and the acks it sends, compiled ahead of time. A payload missing a member ShowBot
/// needs, or holding null or a value of the wrong kind there, fails to deserialize with a
/// <see cref="System.Text.Json.JsonException"/>: the one sign of a malformed payload. A member absent from the JSON is
/// set to its default by the generated initializer, so a non-null default is given in the getter
/// (<c>get =&gt; field ?? ""</c>), not by a property initializer.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SocketModeFrame))]
[JsonSerializable(typeof(SlashCommand))]
[JsonSerializable(typeof(EventsApiPayload))]
[JsonSerializable(typeof(BlockActionsPayload))]
[JsonSerializable(typeof(SocketModeAck))]
internal sealed partial class SlackJson : JsonSerializerContext;
