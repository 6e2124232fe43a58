using ShowBot.Core.Chat;
using ShowBot.Core.Damage;
using ShowBot.Core.Groups;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;

namespace ShowBot.Core.Requests;

/// <summary>
/// Answers one queued request: records its shows as likes, recommends, replies, remembers the list (while it is being
/// posted and stored, a reaction on it waits: <see cref="ListsBeingPosted"/>).
/// </summary>
public sealed class PredictionAnswerer(
    ShowRecommender recommender,
    GroupRecommender groups,
    IRatingStore ratings,
    ChatPlatforms chat,
    ISuggestionMessageStore messages,
    ListsBeingPosted posting,
    StorageFailures storage,
    TimeProvider time)
{
    /// <summary>Answers the request; throws when the reply could not be delivered, so the worker retries or gives up.</summary>
    public async Task AnswerAsync(PredictionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var likesSaved = request.MoreLikeThis || await TryRecordLikesAsync(request);

        var ask = new SuggestionAsk(request.ShowIds, request.Count)
        {
            Genre = request.Genre,
            Wanted = request.Wanted,
            FromYear = request.FromYear,
            ToYear = request.ToYear,
            Description = request.Description,
            Exclude = request.MoreLikeThis ? [.. request.ShownBefore, .. messages.ShowsSuggestedTo([request.User])] : [],
        };
        var suggestions = (request.Members.Count > 0 ? groups.Recommend(request.Members, request.Count) : recommender.Recommend(request.User, ask)) with { Notes = likesSaved ? request.Notes : [.. request.Notes, LikesNotSavedNote] };
        if (suggestions.Items.Count == 0)
        {
            await chat.SendAsync(request.Target, new TextReply("I have nothing new to suggest for that — try other shows or another genre."), cancellationToken);
            return;
        }

        using var beingPosted = posting.Begin();
        var posted = await chat.SendAsync(request.Target, suggestions, cancellationToken);
        try
        {
            await messages.SaveAsync(new SuggestionMessage(posted, request.User, suggestions.Items.Select(s => s.Show.Id).ToList(), request.Key, time.GetUtcNow())
            {
                Group = [.. request.Members.Select(m => m.User)],
            });
        }
        catch (Exception ex) when (storage.IsStorageFailure(ex))
        {
            // The list is out: sending it again on a retry would repeat it, so the person learns what it cannot do.
            await chat.SendAsync(request.Target, new TextReply($"I couldn't save that list ({StorageFailures.Explain(ex)}), so reactions to it won't count. Please ask again later."), cancellationToken);
        }
    }

    /// <summary>Records the request's shows as likes; with the ratings damaged, the request is answered all the same.</summary>
    private async Task<bool> TryRecordLikesAsync(PredictionRequest request)
    {
        var now = time.GetUtcNow();
        try
        {
            await ratings.UpsertManyAsync(request.ShowIds.Select(id => new Rating(request.User, id, RatingKind.Like, RatingSource.RequestInput, now)));
            return true;
        }
        catch (StoredDataDamagedException)
        {
            return false;
        }
    }

    private const string LikesNotSavedNote =
        "Your ratings can't be read or saved right now (part of the database is damaged), so this list may include shows you rated.";

    /// <summary>Tells the person their request could not be answered; best effort.</summary>
    public Task ApologizeAsync(PredictionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return chat.SendAsync(request.Target, new TextReply("Sorry — I couldn't work out suggestions for that request. Please try again."), cancellationToken);
    }

    /// <summary>Tells the person their request waits, kept, because storage keeps failing; best effort.</summary>
    public Task TellWaitingOnStorageAsync(PredictionRequest request, Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        return chat.SendAsync(request.Target, new TextReply($"Your request is kept, but I can't work on it just now ({StorageFailures.Explain(failure)}). You'll get your suggestions once that is fixed."), cancellationToken);
    }

    /// <summary>Tells the person their request could not be answered because storage kept failing; best effort.</summary>
    public Task TellStorageFailedAsync(PredictionRequest request, Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        return chat.SendAsync(request.Target, new TextReply($"Sorry — I couldn't save your request ({StorageFailures.Explain(failure)}). Please try again later."), cancellationToken);
    }
}
