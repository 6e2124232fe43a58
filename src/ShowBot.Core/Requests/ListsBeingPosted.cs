using ShowBot.Core.Chat;

namespace ShowBot.Core.Requests;

/// <summary>
/// The suggestion lists being sent and stored right now. Discord and Slack tell the bot a message's id only when the
/// post returns, and the list is stored under that id after it; a reaction on a list that arrives in between waits for
/// the posts in flight to finish instead of being ignored as a reaction on an unknown message.
/// </summary>
public sealed class ListsBeingPosted
{
    /// <summary>How long a look-up of a list not stored yet waits for the lists being posted.</summary>
    private static readonly TimeSpan PostingPatience = TimeSpan.FromSeconds(10);

    private readonly object gate = new();

    /// <summary>The tickets of the posts not yet stored, in the order they began.</summary>
    private readonly SortedSet<long> inFlight = [];
    private long lastTicket;

    /// <summary>
    /// The list posted as <paramref name="message"/>, or null. A person can react or press a button the moment a list
    /// appears, before the bot has stored it under the id the post returned: then this waits for the posts that had
    /// begun before it looked. A list seen by a person was posted before they reacted, so posts begun later are not waited for:
    /// with many lanes posting all the time, a reaction on any other message would otherwise wait its whole patience.
    /// </summary>
    public SuggestionMessage? Find(ISuggestionMessageStore messages, MessageRef message)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var begunBefore = LastTicket();
        return messages.Find(message) ?? (WaitForPosts(upTo: begunBefore, PostingPatience) ? messages.Find(message) : null);
    }

    /// <summary>Marks a list as being posted until the returned scope is disposed (after it is stored).</summary>
    public IDisposable Begin()
    {
        lock (gate)
        {
            var ticket = ++lastTicket;
            inFlight.Add(ticket);
            return new Posting(this, ticket);
        }
    }

    private long LastTicket()
    {
        lock (gate)
        {
            return lastTicket;
        }
    }

    /// <summary>
    /// Waits until every post up to the ticket <paramref name="upTo"/> is stored, at most <paramref name="timeout"/>;
    /// false when some still are not.
    /// </summary>
    private bool WaitForPosts(long upTo, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (gate)
        {
            while (inFlight.Count > 0 && inFlight.Min <= upTo)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(gate, TimeSpan.FromMilliseconds(left)))
                {
                    return inFlight.Count == 0 || inFlight.Min > upTo;
                }
            }

            return true;
        }
    }

    private void End(long ticket)
    {
        lock (gate)
        {
            inFlight.Remove(ticket);
            Monitor.PulseAll(gate);
        }
    }

    private sealed class Posting(ListsBeingPosted owner, long ticket) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                owner.End(ticket);
            }
        }
    }
}
