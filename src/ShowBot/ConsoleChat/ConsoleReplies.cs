using System.Collections.Concurrent;

namespace ShowBot.ConsoleChat;

/// <summary>
/// The replies the console chat waits for, by reply target: a queued request's list, or a retraining's outcome (a
/// notice, not in the queue). The chat loop expects them; <see cref="ConsoleChatPlatform"/> marks them answered.
/// </summary>
internal sealed class ConsoleReplies
{
    private readonly ConcurrentDictionary<string, OwedReply> owed = new(StringComparer.Ordinal);
    private TaskCompletionSource replied = NewSignal();

    /// <summary>Completes at the next reply sent to the console, whoever it was for.</summary>
    public Task NextReply => Volatile.Read(ref replied).Task;

    public bool IsEmpty => owed.IsEmpty;

    /// <summary>Whether a reply that is not a queued request's (a notice) is still owed.</summary>
    public bool AnyNoticeOwed => owed.Values.Any(o => o.RequestKey is null);

    /// <summary>Registered before the command runs: its reply can arrive before the command returns.</summary>
    public OwedReply Expect(string target) => owed[target] = new OwedReply();

    public void Forget(string target) => owed.TryRemove(target, out _);

    public void Answered(string target)
    {
        if (owed.TryRemove(target, out var reply))
        {
            reply.Answered.TrySetResult();
        }

        Interlocked.Exchange(ref replied, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A reply the chat waits for; with a <see cref="RequestKey"/> when it answers a request in the queue.</summary>
    internal sealed class OwedReply
    {
        public TaskCompletionSource Answered { get; } = NewSignal();

        public string? RequestKey { get; set; }
    }
}
