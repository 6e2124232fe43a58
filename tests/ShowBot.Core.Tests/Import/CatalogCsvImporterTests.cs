using ShowBot.Core.Catalog;
using ShowBot.Core.Import;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Import;

public sealed class CatalogCsvImporterTests
{
    private const string Csv =
        "primary_title,start_year,end_year,genres,average_rating,num_votes,show_id\n"
        + "Game of Thrones,2011,2019,\"Action,Adventure,Drama\",9.2,2224679,0944947\n" // line 2
        + "Breaking Bad,2008,2013,\"Crime,Drama,Thriller\",9.5,2064740,0903747\n" // 3
        + "Broken,2008,2013,Drama,9.5,2064740,not-an-id\n" // 4
        + "\"Love, Death & Robots\",2019,\\N,\"Animation,Action,Comedy\",8.4,190000,9561862\n" // 5
        + "Too Few Fields,2019,\\N\n" // 6
        + "Unknown Genres,1990,\\N,\\N,7.0,600,0098900"; // 7, no newline

    [Fact]
    public async Task Imports_the_good_rows_and_reports_malformed_ones_by_line()
    {
        var store = new InMemoryCatalogStore();
        using var csv = TestData.Utf8(Csv);
        var summary = await new CatalogCsvImporter(store).ImportAsync(csv);

        Assert.Equal(6, summary.RowsRead);
        Assert.Equal(4, summary.Imported);
        Assert.Equal(
            [new ImportProblem(4, "'not-an-id' is not an IMDb id"), new ImportProblem(6, "expected 7 fields, found 3")],
            summary.Problems);
        Assert.Equal(
            "read 6 rows: imported 4, skipped 2 (2 malformed: line 4 ('not-an-id' is not an IMDb id), line 6 (expected 7 fields, found 3))",
            summary.ToString());
        Assert.Equal("tt9561862|Love, Death & Robots|2019||Animation,Action,Comedy|8.4|190000|", InMemoryCatalogStore.Describe(store["tt9561862"]));
        Assert.Empty(store["tt0098900"].Genres);
    }

    [Fact]
    public async Task Importing_twice_is_idempotent_and_keeps_what_was_stored()
    {
        var store = new InMemoryCatalogStore(
            new Show("tt0903747", "Breaking Bad", 2008, 2013, ["Crime"]) { Aliases = ["BB"] },
            new Show("tt0000042", "Only In The Store", 2000, null, []));

        using (var first = TestData.Utf8(Csv))
        {
            await new CatalogCsvImporter(store).ImportAsync(first, new CatalogImportOptions { BatchSize = 2 });
        }

        var afterFirst = store.Snapshot();
        using (var second = TestData.Utf8(Csv))
        {
            await new CatalogCsvImporter(store).ImportAsync(second, new CatalogImportOptions { BatchSize = 2 });
        }

        Assert.Equal(afterFirst, store.Snapshot());
        Assert.Equal(5, store.Count);
        Assert.Equal(["BB"], store["tt0903747"].Aliases);
        Assert.Equal(2, store.LargestBatch);
    }

    [Fact]
    public async Task A_file_in_the_imdb_tv_shows_format_imports_every_row_with_progress_to_its_end()
    {
        // Import/Fixtures/shows.csv: quoted genres, titles with commas and CJK, \N for nulls, 7- and 8-digit ids.
        var path = TestData.Fixture("shows.csv");
        var store = new InMemoryCatalogStore();
        var progress = new RecordingProgress();
        var summary = await new CatalogCsvImporter(store).ImportAsync(path, progress: progress);

        Assert.Equal("read 6 rows: imported 6, skipped 0", summary.ToString());
        Assert.Equal("tt10000011|Love, Loss & Lighthouses|2019||Comedy,Drama,Romance|7.7|1830|", InMemoryCatalogStore.Describe(store["tt10000011"]));
        Assert.Equal("tt0100010|The Quiet Hour|1989|1994||7.1|640|", InMemoryCatalogStore.Describe(store["tt0100010"]));
        Assert.Equal("夜市", store["tt0100012"].Title);
        Assert.Equal(new FileInfo(path).Length, progress.Reports[^1].BytesRead);
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
    }
}
