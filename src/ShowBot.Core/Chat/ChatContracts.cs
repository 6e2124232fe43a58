namespace ShowBot.Core.Chat;

/// <summary>
/// Where a reply must go, opaque to Core: the adapter of <see cref="Platform"/> wrote <see cref="Payload"/>
/// (an interaction token, a channel…) and is the only one that reads it. Stored with a queued request.
/// </summary>
public sealed record ReplyTarget(string Platform, string Payload);

/// <summary>A message the bot posted: platform + channel + message id (or Slack ts).</summary>
public readonly record struct MessageRef(string Platform, string Channel, string MessageId)
{
    /// <inheritdoc />
    public override string ToString() => $"{Platform}/{Channel}/{MessageId}";
}

/// <summary>A chat platform's outgoing side. Implemented by each adapter (console, Discord, Slack).</summary>
public interface IChatPlatform
{
    /// <summary>The platform name used in <see cref="ReplyTarget.Platform"/> and <see cref="MessageRef.Platform"/>.</summary>
    string Platform { get; }

    /// <summary>Delivers a reply and returns the reference of the posted message.</summary>
    Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken);
}

/// <summary>Thrown by an adapter when a reply can never be delivered (deleted channel, revoked access): retrying is pointless.</summary>
public sealed class UndeliverableReplyException(string message, Exception? inner = null) : Exception(message, inner);
