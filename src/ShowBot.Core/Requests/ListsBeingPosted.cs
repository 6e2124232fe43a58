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
    private int posting;

    /// <summary>
    /// The list posted as <paramref name="message"/>, or null. A person can react or press a button the moment a list
    /// appears, before the bot has stored it under the id the post returned: then this waits for the lists being posted.
    /// </summary>
    public SuggestionMessage? Find(ISuggestionMessageStore messages, MessageRef message)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Find(message) ?? (WaitUntilNone(PostingPatience) ? messages.Find(message) : null);
    }

    /// <summary>Marks a list as being posted until the returned scope is disposed (after it is stored).</summary>
    public IDisposable Begin()
    {
        lock (gate)
        {
            posting++;
        }

        return new Posting(this);
    }

    /// <summary>Waits until no list is being posted, at most <paramref name="timeout"/>; false when some still are.</summary>
    private bool WaitUntilNone(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (gate)
        {
            while (posting > 0)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(gate, TimeSpan.FromMilliseconds(left)))
                {
                    return posting == 0;
                }
            }

            return true;
        }
    }

    private void End()
    {
        lock (gate)
        {
            posting--;
            Monitor.PulseAll(gate);
        }
    }

    private sealed class Posting(ListsBeingPosted owner) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                owner.End();
            }
        }
    }
}
