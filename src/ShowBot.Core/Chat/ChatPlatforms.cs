namespace ShowBot.Core.Chat;

/// <summary>Routes a reply to the adapter of the platform its target belongs to.</summary>
public sealed class ChatPlatforms(IEnumerable<IChatPlatform> platforms)
{
    private readonly Dictionary<string, IChatPlatform> byName = platforms.ToDictionary(p => p.Platform, StringComparer.OrdinalIgnoreCase);

    /// <summary>The platforms whose adapters are running in this process.</summary>
    public IReadOnlyCollection<string> Names => byName.Keys;

    /// <summary>Sends the reply through the adapter of the target's platform.</summary>
    public Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return byName.TryGetValue(target.Platform, out var platform)
            ? platform.SendAsync(target, reply, cancellationToken)
            : throw new InvalidOperationException($"No chat adapter for platform '{target.Platform}' is running.");
    }
}
