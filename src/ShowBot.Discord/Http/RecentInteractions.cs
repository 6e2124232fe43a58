using System.Collections.Concurrent;

namespace ShowBot.Discord.Http;

/// <summary>
/// The interactions this process received over HTTP in the last 15 minutes (an interaction token's life, after which
/// nothing about one can be answered), by id, each with its initial response: a second delivery of one gets the same
/// response and is not handled again. Over the gateway Discord itself refuses a second acknowledgement (40060); an
/// inline HTTP response has no such check.
/// </summary>
internal sealed class RecentInteractions(TimeProvider time)
{
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (InlineResponse Response, DateTimeOffset At)> seen = new(StringComparer.Ordinal);
    private long nextSweepTicks;

    /// <summary>Records <paramref name="response"/> for <paramref name="id"/>; when the id was seen already, returns the earlier response instead.</summary>
    public InlineResponse? Earlier(string id, InlineResponse response)
    {
        var now = time.GetUtcNow();
        Forget(now);
        var entry = seen.GetOrAdd(id, (response, now));
        return ReferenceEquals(entry.Response, response) ? null : entry.Response;
    }

    private void Forget(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweepTicks, (now + TimeSpan.FromMinutes(1)).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (id, (_, at)) in seen)
        {
            if (now - at > Memory)
            {
                seen.TryRemove(id, out _);
            }
        }
    }
}

/// <summary>
/// An initial response on its way into the body of the HTTP response to Discord's request: the responder hands over the
/// body and waits until it was sent (false when it could not be), so nothing edits <c>@original</c> before Discord has it.
/// </summary>
internal sealed class InlineResponse
{
    private readonly TaskCompletionSource<System.Text.Json.Nodes.JsonObject> body = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The body to send; cancelled when the interaction ended without one.</summary>
    public Task<System.Text.Json.Nodes.JsonObject> Body => body.Task;

    /// <summary>The <see cref="Interactions.InitialResponse"/> the responder calls.</summary>
    public Task<bool> RespondAsync(System.Text.Json.Nodes.JsonObject response, CancellationToken cancellationToken)
    {
        body.TrySetResult(response);
        return sent.Task.WaitAsync(cancellationToken);
    }

    public void Sent(bool delivered) => sent.TrySetResult(delivered);

    public void Unanswered() => body.TrySetCanceled();
}
