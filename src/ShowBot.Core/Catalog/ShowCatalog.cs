using ShowBot.Core.Damage;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Catalog;

/// <summary>The catalog as served: every show by id, and the title matcher built over them. Immutable.</summary>
public sealed class ShowCatalog
{
    private readonly Dictionary<string, Show> byId;

    /// <summary>
    /// Builds the catalog and its title matcher; a repeated id keeps its first show. Text stored before imports
    /// cleaned it is cleaned here (see <see cref="Text.UntrustedText"/>); a show with nothing left of its title is left out.
    /// </summary>
    public ShowCatalog(IEnumerable<Show> shows)
    {
        Shows = shows.Select(CatalogText.Clean).OfType<Show>().DistinctBy(s => s.Id).ToList();
        byId = Shows.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        Matcher = new TitleMatcher(Shows);
        Genres = Shows.SelectMany(s => s.Genres).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every show, one per id.</summary>
    public IReadOnlyList<Show> Shows { get; }

    /// <summary>Resolves typed titles to these shows.</summary>
    public TitleMatcher Matcher { get; }

    /// <summary>Every genre that some show has, sorted.</summary>
    public IReadOnlyList<string> Genres { get; }

    /// <summary>The show with that IMDb id, or null.</summary>
    public Show? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>
    /// Loads the stored catalog, first adding the built-in shows the store lacks when this version of the built-in
    /// catalog was never merged. Shows already stored (imported, perhaps fresher) are left as they are, so
    /// this is idempotent and never loses an import.
    /// </summary>
    public static ShowCatalog LoadSeeded(ICatalogStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return LoadStored(store);
        }
        catch (StoredDataDamagedException)
        {
            // The stored catalog is damaged: the built-in one still lets people ask, and the store reports the damage.
            return new ShowCatalog(CatalogCsv.BuiltIn());
        }
    }

    private static ShowCatalog LoadStored(ICatalogStore store)
    {
        var version = CatalogCsv.BuiltInVersion;
        if (store.BuiltInVersion != version)
        {
            var stored = store.All().Select(s => s.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            store.Upsert(CatalogCsv.BuiltIn().Where(s => !stored.Contains(s.Id)));
            store.BuiltInVersion = version;
        }

        return new ShowCatalog(store.All());
    }
}
