using ShowBot.Core.Catalog;

using ShowBot.Storage.Tests.Contracts;

namespace ShowBot.Storage.Tests;

public abstract class CatalogStoreContract(StorageUnderTest storage) : StorageContract(storage)
{
    private ICatalogStore catalog => Storage.Catalog;

    [SkippableFact]
    public void A_new_database_has_an_empty_catalog()
    {
        Assert.Equal(0, catalog.Count);
        Assert.Empty(catalog.All());
    }

    [SkippableFact]
    public void Every_field_of_a_show_reads_back_as_it_was_written()
    {
        Show[] shows = [Shows.BreakingBad, Shows.AttackOnTitan, Shows.MoneyHeist, Shows.RickAndMorty, Shows.Announced];

        var written = catalog.Upsert(shows);

        Assert.Equal(5, written);
        AssertSameShows(shows, catalog.All());
    }

    [SkippableFact]
    public void The_catalog_survives_a_restart()
    {
        catalog.Upsert([Shows.BreakingBad, Shows.Announced]);

        var reopened = Storage.AfterRestart(s => s.Catalog);

        AssertSameShows([Shows.BreakingBad, Shows.Announced], reopened.All());
    }

    [SkippableFact]
    public void Upserting_the_same_shows_again_updates_them_without_adding_any()
    {
        catalog.Upsert([Shows.BreakingBad, Shows.Dark, Shows.RickAndMorty]);
        var nextImport = new[]
        {
            Shows.BreakingBad with { ImdbRating = 9.6, ImdbVotes = 2_400_001 },
            Shows.Dark with { Aliases = ["Dark (2017)"] },
            Shows.RickAndMorty with { EndYear = 2025, Genres = ["Animation", "Comedy"] },
        };

        var written = catalog.Upsert(nextImport);

        Assert.Equal(3, written);
        Assert.Equal(3, catalog.Count);
        AssertSameShows(nextImport, catalog.All());
    }

    [SkippableFact]
    public void An_upsert_never_removes_shows_it_does_not_mention()
    {
        catalog.Upsert([Shows.BreakingBad, Shows.Dark]);

        catalog.Upsert([Shows.AttackOnTitan]);

        Assert.Equal(3, catalog.Count);
        AssertSameShows([Shows.BreakingBad, Shows.Dark, Shows.AttackOnTitan], catalog.All());
    }

    [SkippableFact]
    public void Upserting_nothing_writes_nothing()
    {
        catalog.Upsert([Shows.Dark]);

        Assert.Equal(0, catalog.Upsert([]));
        Assert.Equal(1, catalog.Count);
    }

    private static void AssertSameShows(IEnumerable<Show> expected, IReadOnlyList<Show> actual)
    {
        var stored = actual.ToDictionary(s => s.Id);
        Assert.Equal(expected.Select(s => s.Id).Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach (var show in expected)
        {
            var read = stored[show.Id];
            Assert.Equal(show.Title, read.Title);
            Assert.Equal(show.StartYear, read.StartYear);
            Assert.Equal(show.EndYear, read.EndYear);
            Assert.Equal(show.Genres, read.Genres);
            Assert.Equal(show.ImdbRating, read.ImdbRating);
            Assert.Equal(show.ImdbVotes, read.ImdbVotes);
            Assert.Equal(show.Aliases, read.Aliases);
        }
    }
}

public sealed class LiteCatalogStoreTests() : CatalogStoreContract(new LiteStorage());

public sealed class PostgresCatalogStoreTests() : CatalogStoreContract(new PostgresStorage());
