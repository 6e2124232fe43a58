using ShowBot.Core.Ratings;

namespace ShowBot.Storage;

/// <summary>Forget-me over the one file: ratings with their history, requests and lists go in one transaction.</summary>
public sealed class LitePersonalDataEraser(ShowBotDatabase database) : IPersonalDataEraser
{
    private readonly LiteRatingStore ratings = new(database);
    private readonly LitePredictionQueue requests = new(database);
    private readonly LiteSuggestionMessageStore lists = new(database);

    public ErasedData Erase(UserKey user, DateTimeOffset at)
    {
        ErasedData erased = new(0, 0, 0);
        // The queue's gate first, as the queue takes it before LiteDB's locks: a transaction holding the collections
        // while waiting for the gate could deadlock with a claim.
        lock (database.QueueGate)
        {
            database.InTransaction(() => erased = new ErasedData(ratings.EraseUser(user, at), requests.EraseUser(user), lists.EraseUser(user)));
        }

        // LiteDB clears a deleted block, but the journal and the file's older page copies hold the deleted documents
        // until a checkpoint writes the journal into the file and empties it.
        database.Database.Checkpoint();
        return erased;
    }

    public ErasedData Held(UserKey user) => new(ratings.CountOf(user), requests.CountErasable(user), lists.CountOf(user));
}
