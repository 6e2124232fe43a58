namespace ShowBot.Core.Damage;

/// <summary>
/// A store found part of the database file damaged (a collection's pages or an artifact). Only that part is
/// unavailable: callers serve what does not need it. The message names the collection and what the operator can
/// do, never a storage engine's text, so it may be shown to a person.
/// </summary>
public sealed class StoredDataDamagedException : IOException
{
    /// <summary>Damage found in <paramref name="collection"/>, as the storage engine reported it in <paramref name="inner"/>.</summary>
    public StoredDataDamagedException(string collection, Exception? inner = null)
        : base(Describe(collection), inner)
    {
        Collection = collection;
    }

    /// <summary>The damaged collection, e.g. <c>ratings</c> or <c>_model_chunks</c>.</summary>
    public string Collection { get; }

    /// <summary>One line for an operator: what is damaged and what to do about it.</summary>
    public static string Describe(string collection) =>
        $"damage in {AreaOf(collection)} (collection '{collection}') of the database: run `showbot check`, then restore a backup or run `showbot repair`";

    /// <summary>What a person is told when their command needs the damaged part.</summary>
    public string ForPeople =>
        $"Sorry — that can't be done right now: part of the database is damaged ({AreaOf(Collection)}). Everything else still works; an admin can run `showbot check`.";

    /// <summary>What a collection holds, in words: <c>_model_chunks</c> → "the model artifacts".</summary>
    public static string AreaOf(string collection) => collection switch
    {
        "shows" => "the catalog",
        "ratings" or "rating_changes" => "the ratings",
        "models" => "the model versions",
        "_model_files" or "_model_chunks" => "the model artifacts",
        "requests" => "the request queue",
        "messages" => "the posted suggestion lists",
        _ => "a part",
    };
}
