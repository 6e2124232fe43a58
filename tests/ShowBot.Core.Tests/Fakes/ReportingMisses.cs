using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Core.Tests.Fakes;

/// <summary>The store, telling when a list was first looked for and not found, and how often.</summary>
internal sealed class ReportingMisses(ISuggestionMessageStore inner, TaskCompletionSource missed) : ISuggestionMessageStore
{
    private int misses;

    public int Misses => Volatile.Read(ref misses);

    public void Save(SuggestionMessage message) => inner.Save(message);

    public SuggestionMessage? Find(MessageRef message)
    {
        var found = inner.Find(message);
        if (found is null)
        {
            Interlocked.Increment(ref misses);
            missed.TrySetResult();
        }

        return found;
    }

    public IReadOnlyCollection<string> ShowsSuggestedTo(IReadOnlyCollection<UserKey> group) => inner.ShowsSuggestedTo(group);

    public int Prune(DateTimeOffset postedBefore) => inner.Prune(postedBefore);
}
