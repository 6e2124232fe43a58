using System.Text.Json.Serialization;

using ShowBot.Discord.Interactions;

namespace ShowBot.Discord.Gateway;

/// <summary>
/// The gateway payloads (and HTTP interactions) ShowBot reads and the frames it sends, compiled ahead of time. A payload missing a member ShowBot needs, or holding null
/// or a value of the wrong kind there, fails to deserialize with a <see cref="System.Text.Json.JsonException"/>: the
/// one sign of a malformed payload. A member absent from the JSON is set to its default by the generated initializer, so a
/// non-null default is given in the getter (<c>get =&gt; field ?? []</c>), not by a property initializer.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(GatewayFrame))]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(Ready))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionEnvelope))]
[JsonSerializable(typeof(MessageReaction))]
[JsonSerializable(typeof(GatewayCommand<Identify>), TypeInfoPropertyName = "IdentifyCommand")]
[JsonSerializable(typeof(GatewayCommand<Resume>), TypeInfoPropertyName = "ResumeCommand")]
[JsonSerializable(typeof(GatewayCommand<long?>), TypeInfoPropertyName = "HeartbeatCommand")]
internal sealed partial class DiscordJson : JsonSerializerContext;
