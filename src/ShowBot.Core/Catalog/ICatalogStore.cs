namespace ShowBot.Core.Catalog;

/// <summary>Where the catalog is persisted.</summary>
public interface ICatalogStore
{
    /// <summary>Number of shows stored.</summary>
    int Count { get; }

    /// <summary>Every stored show.</summary>
    IReadOnlyList<Show> All();

    /// <summary>Inserts or replaces shows by id; returns how many were written.</summary>
    int Upsert(IEnumerable<Show> shows);

    /// <summary>The version of the built-in catalog last merged into the store, or null if it never was.</summary>
    string? BuiltInVersion { get; set; }
}
