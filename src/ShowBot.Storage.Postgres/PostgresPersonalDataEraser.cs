using ShowBot.Core.Ratings;

namespace ShowBot.Storage.Postgres;

/// <summary>Forget-me in one transaction: ratings with their history, requests (not one being answered) and lists.</summary>
public sealed class PostgresPersonalDataEraser(PostgresDatabase database) : IPersonalDataEraser
{
    public ErasedData Erase(UserKey user, DateTimeOffset at) => database.InTransaction(connection => new ErasedData(
        PostgresRatingStore.EraseUser(connection, user, at),
        PostgresPredictionQueue.EraseUser(connection, user),
        PostgresSuggestionMessageStore.EraseUser(connection, user)));

    public ErasedData Held(UserKey user)
    {
        using var connection = database.Open();
        return new ErasedData(
            PostgresRatingStore.CountOf(connection, user),
            PostgresPredictionQueue.CountErasable(connection, user),
            PostgresSuggestionMessageStore.CountOf(connection, user));
    }
}
