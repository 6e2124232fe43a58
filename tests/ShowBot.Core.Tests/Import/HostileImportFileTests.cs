using System.IO.Compression;
using System.Text;

using ShowBot.Core.Import;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Import;

/// <summary>Files that once ran an import out of memory, swallowed it whole, or stored garbage without a word.</summary>
public sealed class HostileImportFileTests
{
    private const string CatalogHeader = "primary_title,start_year,end_year,genres,average_rating,num_votes,show_id\n";
    private const string BasicsHeader = "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n";

    [Fact]
    public async Task A_ten_megabyte_line_without_a_newline_in_a_gzipped_catalog_is_one_malformed_row_and_the_rows_after_it_are_imported()
    {
        using var folder = new TempDirectory();
        var path = folder.File("shows.csv.gz");
        WriteGzip(path, CatalogHeader + "Fargo,2014,,Crime,8.9,400000,tt2802850\n", new string('x', 10 * 1024 * 1024), "\nSherlock,2010,2017,Crime,9.1,980000,tt1475582\n");
        var store = new InMemoryCatalogStore();

        var summary = await new CatalogCsvImporter(store).ImportAsync(path);

        Assert.Equal("read 3 rows: imported 2, skipped 1 (1 malformed: line 3 (the line is longer than 65,536 bytes))", summary.ToString());
        Assert.Equal(["tt1475582", "tt2802850"], store.All().Select(s => s.Id).Order());
    }

    [Fact]
    public async Task A_ten_megabyte_line_in_the_imdb_basics_is_one_malformed_row()
    {
        using var basics = TestData.Utf8(BasicsHeader + new string('\t', 10 * 1024 * 1024) + "\ntt0903747\ttvSeries\tBreaking Bad\tBreaking Bad\t0\t2008\t2013\t49\tCrime\n");
        using var ratings = TestData.Utf8("tconst\taverageRating\tnumVotes\ntt0903747\t9.5\t2064740\n");
        var store = new InMemoryCatalogStore();

        var summary = await new ImdbDatasetImporter(store).ImportAsync(basics, ratings);

        Assert.Equal("read 2 rows: imported 1, skipped 1 (1 malformed: line 2 (the line is longer than 65,536 bytes))", summary.ToString());
        Assert.Equal("Breaking Bad", store["tt0903747"].Title);
    }

    [Fact]
    public async Task An_unclosed_quote_on_line_2_costs_that_row_only_not_the_ten_thousand_after_it()
    {
        var csv = new StringBuilder("user,show,rating\n\"alice,tt0903747,5\n");
        for (var i = 0; i < 10_000; i++)
        {
            csv.Append("user").Append(i).Append(",tt0903747,5\n");
        }

        var store = new InMemoryRatingStore();
        using var content = TestData.Utf8(csv.ToString());

        var summary = await new RatingsCsvImporter(store, new StoppedClock(DateTimeOffset.UnixEpoch)).ImportAsync(content, new RatingsImportOptions { LikeThreshold = 4 });

        Assert.Equal("read 10,001 rows: imported 10,000, skipped 1 (1 malformed: line 2 (a quoted field is not closed on its line))", summary.ToString());
        Assert.Equal(10_000, store.Snapshot().Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_catalog_with_a_byte_order_mark_imports_every_row_plain_or_gzipped(bool gzipped)
    {
        using var folder = new TempDirectory();
        var path = folder.File(gzipped ? "shows.csv.gz" : "shows.csv");
        byte[] content = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(CatalogHeader + "Fargo,2014,,Crime,8.9,400000,tt2802850\nSherlock,2010,2017,Crime,9.1,980000,tt1475582\n")];
        if (gzipped)
        {
            WriteGzip(path, Encoding.UTF8.GetString(content));
        }
        else
        {
            await File.WriteAllBytesAsync(path, content);
        }

        var summary = await new CatalogCsvImporter(new InMemoryCatalogStore()).ImportAsync(path);

        Assert.Equal("read 2 rows: imported 2, skipped 0", summary.ToString());
    }

    [Fact]
    public async Task A_latin1_catalog_is_refused_with_the_line_and_how_to_convert_it_instead_of_storing_replacement_characters()
    {
        using var folder = new TempDirectory();
        var path = folder.File("shows.csv");
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes(CatalogHeader + "Caf\u00e9 Ol\u00e9,2014,,Comedy,7.0,100,tt0000001\n"));
        var store = new InMemoryCatalogStore();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new CatalogCsvImporter(store).ImportAsync(path));

        Assert.StartsWith("shows.csv is not UTF-8 text: line 2 has the byte 0xE9.", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("iconv -f latin1 -t utf-8 shows.csv > shows.utf8.csv", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
    }

    private static void WriteGzip(string path, params string[] parts)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        foreach (var part in parts)
        {
            gzip.Write(Encoding.UTF8.GetBytes(part));
        }
    }
}
