using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;

namespace ShowBot.Core.Requests;

/// <summary>A posted list of suggestions: which show each number stood for, so a reaction maps back to a show.</summary>
public sealed record SuggestionMessage(MessageRef Message, UserKey RequestedBy, IReadOnlyList<string> ShowIds, string RequestKey, DateTimeOffset PostedAt)
{
    /// <summary>Everyone a list for a group was for, the requester included; empty for one person's list.</summary>
    public IReadOnlyList<UserKey> Group { get; init; } = [];
}

/// <summary>Where suggestion messages are persisted.</summary>
public interface ISuggestionMessageStore
{
    /// <summary>Stores the list, replacing one with the same message reference.</summary>
    void Save(SuggestionMessage message);

    /// <summary><see cref="Save"/> for a list just posted: a store may commit it together with other requests' writes.</summary>
    Task SaveAsync(SuggestionMessage message)
    {
        Save(message);
        return Task.CompletedTask;
    }

    /// <summary>The list posted as that message, or null.</summary>
    SuggestionMessage? Find(MessageRef message);

    /// <summary>
    /// The shows of every list suggested to exactly this group (in any order), or for one person, every list they asked
    /// for alone, so they are not offered them again.
    /// </summary>
    IReadOnlyCollection<string> ShowsSuggestedTo(IReadOnlyCollection<UserKey> group);

    /// <summary>Deletes the lists posted before <paramref name="postedBefore"/>; returns how many went.</summary>
    int Prune(DateTimeOffset postedBefore);
}
