using System.Globalization;
using System.Text.Json;

using ShowBot.Core.Chat;

namespace ShowBot.Discord;

/// <summary>
/// What the Discord adapter stores in <see cref="ReplyTarget.Payload"/>: enough to answer the interaction while its
/// token lives (edit the deferred response, or, with <paramref name="FollowUp"/>, post a follow-up message after the
/// response was already given), and the channel to post in after it expired.
/// </summary>
/// <param name="ApplicationId"></param>
/// <param name="InteractionToken"></param>
/// <param name="ChannelId"></param>
/// <param name="IssuedAt">When ShowBot received the interaction, by its own clock; the token lasts 15 minutes from about then.</param>
/// <param name="FollowUp">
/// Deliver as a follow-up message (<c>POST /webhooks/{app}/{token}</c>) rather than by editing the original response:
/// for a second answer to a command that was already answered, such as the outcome of <c>/showbot retrain</c>.
/// </param>
/// <param name="Public">
/// With <paramref name="FollowUp"/>, a follow-up everyone in the channel sees (a further list after "More like this");
/// otherwise it is seen only by the person who ran the command.
/// </param>
internal sealed record DiscordReplyTarget(string ApplicationId, string InteractionToken, string ChannelId, DateTimeOffset IssuedAt, bool FollowUp = false, bool Public = false)
{
    /// <summary>How long an interaction token is good for, less a margin for the request in flight and clock drift.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(30);

    public bool TokenValidAt(DateTimeOffset now) => now - IssuedAt < TokenLifetime;

    public ReplyTarget ToReplyTarget()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("application_id", ApplicationId);
            writer.WriteString("token", InteractionToken);
            writer.WriteString("channel_id", ChannelId);
            writer.WriteString("issued_at", IssuedAt.ToString("O", CultureInfo.InvariantCulture));
            if (FollowUp)
            {
                writer.WriteBoolean("follow_up", true);
            }

            if (Public)
            {
                writer.WriteBoolean("public", true);
            }

            writer.WriteEndObject();
        }

        return new ReplyTarget(DiscordChatPlatform.PlatformName, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static DiscordReplyTarget Parse(ReplyTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var document = JsonDocument.Parse(target.Payload);
        var root = document.RootElement;
        return new DiscordReplyTarget(
            root.GetProperty("application_id").GetString()!,
            root.GetProperty("token").GetString()!,
            root.GetProperty("channel_id").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("issued_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            root.TryGetProperty("follow_up", out var followUp) && followUp.ValueKind == JsonValueKind.True,
            root.TryGetProperty("public", out var isPublic) && isPublic.ValueKind == JsonValueKind.True);
    }
}
