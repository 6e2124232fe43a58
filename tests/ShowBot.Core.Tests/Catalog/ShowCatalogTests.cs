using ShowBot.Core.Catalog;

using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Catalog;

public class ShowCatalogTests
{
    [Fact]
    public void First_start_loads_the_built_in_catalog_into_an_empty_store()
    {
        var store = new InMemoryCatalogStore();

        var catalog = ShowCatalog.LoadSeeded(store);

        Assert.Equal(CatalogCsv.BuiltIn().Count, store.Count);
        Assert.Equal(store.Count, catalog.Shows.Count);
        Assert.Equal(CatalogCsv.BuiltInVersion, store.BuiltInVersion);
    }

    [Fact]
    public void Seeding_is_idempotent_and_never_overwrites_an_imported_show()
    {
        var imported = new Show("tt0903747", "Breaking Bad", 2008, 2013, ["Crime", "Drama", "Thriller"], 9.5, 2_064_740);
        var store = new InMemoryCatalogStore(imported);

        ShowCatalog.LoadSeeded(store);
        var callsAfterFirstStart = store.UpsertCalls;
        ShowCatalog.LoadSeeded(store);

        Assert.Equal(callsAfterFirstStart, store.UpsertCalls);
        Assert.Equal(2_064_740, store["tt0903747"].ImdbVotes);
        Assert.Equal(CatalogCsv.BuiltIn().Count, store.Count);
    }
}
