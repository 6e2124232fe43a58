using System.Text.Json;
using System.Text.Json.Serialization;

using ShowBot.Core.Chat;

namespace ShowBot.Slack.Outbound;

/// <summary>Where a Slack reply goes; serialized into <see cref="ReplyTarget.Payload"/> and stored with a queued request.</summary>
internal sealed record SlackReplyTarget(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("team")] string Team,
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("response_url")] string? ResponseUrl)
{
    public ReplyTarget ToReplyTarget() => new(SlackPlatform.Name, JsonSerializer.Serialize(this));

    public static SlackReplyTarget Parse(ReplyTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            return JsonSerializer.Deserialize<SlackReplyTarget>(target.Payload) is { Channel.Length: > 0 } parsed
                ? parsed
                : throw new UndeliverableReplyException("The Slack reply target names no channel.");
        }
        catch (JsonException ex)
        {
            throw new UndeliverableReplyException("The Slack reply target is not valid JSON.", ex);
        }
    }
}
