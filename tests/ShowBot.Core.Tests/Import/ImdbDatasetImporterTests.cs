using System.IO.Compression;
using System.Text;

using ShowBot.Core.Catalog;
using ShowBot.Core.Import;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Import;

public sealed class ImdbDatasetImporterTests
{
    private const string BasicsHeader = "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres";

    // Real format: tabs, \N nulls, no quoting (the quotes in line 4 are part of the title), no trailing newline.
    private const string Basics =
        BasicsHeader + "\n"
        + "tt0903747\ttvSeries\tBreaking Bad\tBreaking Bad\t0\t2008\t2013\t49\tCrime,Drama,Thriller\n" // line 2
        + "tt0185906\ttvMiniSeries\tBand of Brothers\tBand of Brothers\t0\t2001\t2001\t594\tAction,Drama,History\n" // 3
        + "tt0118498\ttvSeries\tThe \"Weird Al\" Show\tThe \"Weird Al\" Show\t0\t1997\t1997\t30\tComedy,Family\n" // 4
        + "tt0068646\tmovie\tThe Godfather\tThe Godfather\t0\t1972\t\\N\t175\tCrime,Drama\n" // 5
        + "tt4574334\ttvSeries\tStranger Things\tStranger Things\t0\t2016\t\\N\t51\tDrama,Fantasy,Horror\n" // 6
        + "tt9999991\ttvSeries\tBroken Row\t0\t2010\t\\N\t30\tDrama\n" // 7: 8 fields
        + "tt9999992\ttvSeries\tAdult Show\tAdult Show\t1\t2010\t\\N\t30\tAdult\n" // 8
        + "tt1475582\ttvSeries\tSherlock\tSherlock\t0\t2010\t2017\t88\tCrime,Drama,Mystery\n" // 9
        + "tt0098904\ttvSeries\tSeinfeld\tSeinfeld\t0\t1989\t1998\t22\t\\N\n" // 10: genres \N, no rating row
        + "tt4786824\ttvSeries\tThe Crown\tThe Crown\t0\t2016\t2023\t58\tBiography,Drama,History"; // 11, no newline

    private const string Ratings =
        "tconst\taverageRating\tnumVotes\n"
        + "tt0903747\t9.5\t2064740\n"
        + "tt0185906\t9.4\t540000\n"
        + "tt0118498\t7.2\t1200\n"
        + "tt0068646\t9.2\t2000000\n"
        + "tt4574334\t8.7\t1300000\n"
        + "tt9999992\t5.0\t900\n"
        + "tt1475582\t9.1\t980000\n"
        + "tt4786824\t8.6\t250000";

    [Fact]
    public async Task Files_in_imdbs_own_format_import_their_series_and_nothing_else()
    {
        // Import/Fixtures: every title type IMDb lists, accents and CJK, no trailing newline, ratings of titles not in basics.
        var store = new InMemoryCatalogStore();
        var summary = await new ImdbDatasetImporter(store).ImportAsync(TestData.Fixture("title.basics.tsv"), TestData.Fixture("title.ratings.tsv"));

        Assert.Equal("read 12 rows: imported 4, skipped 8 (7 not a TV series, 1 adult)", summary.ToString());
        Assert.Equal(0, summary.ProblemCount);
        Assert.Equal(
            [
                "tt0100001|Harbour Lights|1998|2003|Crime,Drama|8.2|15432|",
                "tt0100003|Die Brücke am Fluss|2011|2011|Drama,History|7.9|2210|",
                "tt0100004|Night Market|2016||Comedy|6.4|880|夜市",
                "tt0100010|The \"Quiet\" Hour|1989|1994||||",
            ],
            store.All().OrderBy(s => s.Id, StringComparer.Ordinal).Select(InMemoryCatalogStore.Describe));
    }

    [Fact]
    public async Task Keeps_tv_series_and_mini_series_and_reports_the_malformed_line()
    {
        var store = new InMemoryCatalogStore();
        var summary = await Import(store, Basics, Ratings);

        Assert.Equal(10, summary.RowsRead);
        Assert.Equal(7, summary.Imported);
        Assert.Equal(1, summary.SkippedFor(SkipReason.NotTvSeries));
        Assert.Equal(1, summary.SkippedFor(SkipReason.Adult));
        Assert.Equal(1, summary.SkippedFor(SkipReason.Malformed));
        var problem = Assert.Single(summary.Problems);
        Assert.Equal(7, problem.LineNumber);
        Assert.Equal("expected 9 fields, found 8", problem.Message);
        Assert.Null(problem.File);
        Assert.Equal(
            "read 10 rows: imported 7, skipped 3 (1 not a TV series, 1 adult, 1 malformed: line 7 (expected 9 fields, found 8))",
            summary.ToString());

        Assert.Equal(
            ["tt0098904", "tt0118498", "tt0185906", "tt0903747", "tt1475582", "tt4574334", "tt4786824"],
            store.All().Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal("tt0903747|Breaking Bad|2008|2013|Crime,Drama,Thriller|9.5|2064740|", InMemoryCatalogStore.Describe(store["tt0903747"]));
        Assert.Equal("tt4574334|Stranger Things|2016||Drama,Fantasy,Horror|8.7|1300000|", InMemoryCatalogStore.Describe(store["tt4574334"]));
        Assert.Equal("tt0098904|Seinfeld|1989|1998||||", InMemoryCatalogStore.Describe(store["tt0098904"]));
        Assert.Equal("The \"Weird Al\" Show", store["tt0118498"].Title);
        Assert.Equal("tt4786824|The Crown|2016|2023|Biography,Drama,History|8.6|250000|", InMemoryCatalogStore.Describe(store["tt4786824"]));
    }

    [Fact]
    public async Task Min_votes_skips_series_below_it_or_without_a_rating()
    {
        var store = new InMemoryCatalogStore();
        var summary = await Import(store, Basics, Ratings, new ImdbImportOptions { MinVotes = 2_000 });

        // Below 2,000: "Weird Al" (1,200) and Seinfeld (no ratings row). The adult show is skipped as adult first.
        Assert.Equal(2, summary.SkippedFor(SkipReason.BelowMinVotes));
        Assert.Equal(5, summary.Imported);
        Assert.False(store.Contains("tt0118498"));
        Assert.False(store.Contains("tt0098904"));
        Assert.Contains("2 below 2,000 votes", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzipped_files_are_detected_by_extension_and_by_content()
    {
        using var temp = new TempDirectory();
        var basicsGz = temp.File("title.basics.tsv.gz");
        var ratingsNoExtension = temp.File("title.ratings.tsv");
        await File.WriteAllBytesAsync(basicsGz, TestData.Gzip(Basics).ToArray());
        await File.WriteAllBytesAsync(ratingsNoExtension, TestData.Gzip(Ratings).ToArray());

        var store = new InMemoryCatalogStore();
        var summary = await new ImdbDatasetImporter(store).ImportAsync(basicsGz, ratingsNoExtension);

        Assert.Equal(7, summary.Imported);
        Assert.Equal(9.5, store["tt0903747"].ImdbRating);

        using var basicsStream = TestData.Gzip(Basics);
        using var ratingsStream = TestData.Gzip(Ratings);
        var fromStreams = await new ImdbDatasetImporter(new InMemoryCatalogStore()).ImportAsync(basicsStream, ratingsStream);
        Assert.Equal(summary.ToString(), fromStreams.ToString());
    }

    [Fact]
    public async Task Original_title_becomes_an_alias_and_windows_line_endings_are_read()
    {
        var basics = (BasicsHeader + "\n" + "tt4295140\ttvSeries\tChef's Table\tChef's Table\t0\t2015\t\\N\t50\tDocumentary\n"
            + "tt6468322\ttvSeries\tMoney Heist\tLa casa de papel\t0\t2017\t2021\t70\tAction,Crime,Drama\n").Replace("\n", "\r\n", StringComparison.Ordinal);

        var store = new InMemoryCatalogStore();
        var summary = await Import(store, basics, "tconst\taverageRating\tnumVotes\r\n");

        Assert.Equal(2, summary.Imported);
        Assert.Equal(["La casa de papel"], store["tt6468322"].Aliases);
        Assert.Empty(store["tt4295140"].Aliases);
        Assert.Equal(["Documentary"], store["tt4295140"].Genres);
    }

    [Fact]
    public async Task Malformed_ratings_lines_are_listed_with_their_file_but_are_not_basics_rows()
    {
        var ratings = "tconst\taverageRating\tnumVotes\ntt0903747\t9.5\t2064740\nnonsense\t1\t2\ntt1475582\tten\t3\ntt4786824\t8.6";

        var store = new InMemoryCatalogStore();
        var summary = await Import(store, Basics, ratings);

        Assert.Equal(10, summary.RowsRead);
        Assert.Equal(1 + 3, summary.ProblemCount);
        Assert.Equal(
            ["title.ratings.tsv line 3: 'nonsense' is not an IMDb id", "title.ratings.tsv line 4: averageRating 'ten' is not a rating from 0 to 10", "title.ratings.tsv line 5: expected 3 fields, found 2"],
            summary.Problems.Where(p => p.File is not null).Select(p => p.ToString()));
        Assert.Equal(9.5, store["tt0903747"].ImdbRating);
        Assert.Null(store["tt1475582"].ImdbRating);
        Assert.EndsWith("; also 3 malformed lines skipped in title.ratings.tsv: line 3 ('nonsense' is not an IMDb id), line 4 (averageRating 'ten' is not a rating from 0 to 10), line 5 (expected 3 fields, found 2)", summary.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tt12\ttvSeries\tX\tX\t0\t20x0\t\\N\t1\tDrama", "startYear '20x0' or endYear '\\N' is not a year")]
    [InlineData("12345\ttvSeries\tX\tX\t0\t2000\t\\N\t1\tDrama", "'12345' is not an IMDb id")]
    [InlineData("tt12\ttvSeries\tX\tX\t2019\t2000\t\\N\t1\tDrama", "isAdult '2019' is not 0 or 1")]
    [InlineData("tt12\ttvSeries\t\\N\tX\t0\t2000\t\\N\t1\tDrama", "the title is empty")]
    [InlineData("tt12\ttvSeries\tX\tX\t0\t2000\t\\N\t1\tDrama\textra", "expected 9 fields, found 10")]
    public async Task A_bad_field_makes_the_line_malformed(string line, string problem)
    {
        var summary = await Import(new InMemoryCatalogStore(), BasicsHeader + "\n" + line + "\n", "tconst\taverageRating\tnumVotes\n");

        Assert.Equal(new ImportProblem(2, problem), Assert.Single(summary.Problems));
    }

    [Fact]
    public async Task Swapped_files_are_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Import(new InMemoryCatalogStore(), Ratings, Basics));

        Assert.Contains("title.ratings.tsv does not look like the IMDb file expected: its header lacks averageRating, numVotes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_twice_is_idempotent_and_never_removes_or_forgets_what_was_stored()
    {
        var builtIn = new Show("tt0903747", "Breaking Bad", 2008, 2013, ["Crime"], 9.0, 1_000) { Aliases = ["BB"] };
        var moneyHeist = new Show("tt6468322", "Money Heist", 2017, 2021, ["Action"]);
        var unrelated = new Show("tt0000042", "Only In The Store", 2000, null, ["Drama"]);
        var store = new InMemoryCatalogStore(builtIn, moneyHeist, unrelated);
        var basics = Basics + "\n" + "tt6468322\ttvSeries\tLa casa de papel\tLa casa de papel\t0\t2017\t2021\t70\t\\N";

        await Import(store, basics, Ratings);
        var afterFirst = store.Snapshot();
        var second = await Import(store, basics, Ratings);

        Assert.Equal(afterFirst, store.Snapshot());
        Assert.Equal(8, second.Imported);
        Assert.Equal(9, store.Count);
        Assert.Equal("tt0000042|Only In The Store|2000||Drama|||", InMemoryCatalogStore.Describe(store["tt0000042"]));
        Assert.Equal("tt0903747|Breaking Bad|2008|2013|Crime,Drama,Thriller|9.5|2064740|BB", InMemoryCatalogStore.Describe(store["tt0903747"]));

        // IMDb renames it and has no genres: the old title stays findable, the stored genres stay.
        Assert.Equal("tt6468322|La casa de papel|2017|2021|Action|||Money Heist", InMemoryCatalogStore.Describe(store["tt6468322"]));
    }

    [Fact]
    public async Task A_200000_line_basics_file_streams_through_in_batches_with_real_progress()
    {
        using var temp = new TempDirectory();
        var basicsPath = temp.File("title.basics.tsv");
        var ratingsPath = temp.File("title.ratings.tsv.gz");
        const int rows = 200_000;
        using (var writer = new StreamWriter(basicsPath, false, new UTF8Encoding(false)))
        {
            await writer.WriteLineAsync(BasicsHeader);
            for (var i = 1; i <= rows; i++)
            {
                // Every 10th title is a series, every 1,000th line is broken.
                var type = i % 10 == 0 ? "tvSeries" : "short";
                await writer.WriteAsync(i % 1_000 == 1
                    ? $"tt{i:D8}\t{type}\tBroken {i}\n"
                    : $"tt{i:D8}\t{type}\tTitle {i}\tTitle {i}\t0\t{1950 + (i % 70)}\t\\N\t30\tDrama,Comedy\n");
            }
        }

        using (var gzip = new GZipStream(File.Create(ratingsPath), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("tconst\taverageRating\tnumVotes");
            for (var i = 20; i <= rows; i += 20)
            {
                await writer.WriteLineAsync($"tt{i:D8}\t7.5\t{i}");
            }
        }

        var store = new InMemoryCatalogStore();
        var progress = new RecordingProgress();
        var summary = await new ImdbDatasetImporter(store).ImportAsync(basicsPath, ratingsPath, new ImdbImportOptions { MinVotes = 1_000 }, progress);

        Assert.Equal(rows, summary.RowsRead);
        Assert.Equal(200, summary.SkippedFor(SkipReason.Malformed));
        Assert.Equal(180_000 - 200, summary.SkippedFor(SkipReason.NotTvSeries));

        // Series: every 10th line (20,000); those with a rating are every 20th, and 1,000+ votes from line 1,000 on.
        Assert.Equal(10_000 + 49, summary.SkippedFor(SkipReason.BelowMinVotes));
        Assert.Equal(9_951, summary.Imported);
        Assert.Equal(9_951, store.Count);
        Assert.Equal(20, summary.Problems.Count);
        Assert.Equal(200, summary.ProblemCount);
        Assert.Equal([2L, 1_002L], summary.Problems.Take(2).Select(p => p.LineNumber));
        Assert.True(store.UpsertCalls >= 2);
        Assert.True(store.LargestBatch <= 5_000);

        var total = new FileInfo(basicsPath).Length + new FileInfo(ratingsPath).Length;
        var last = progress.Reports[^1];
        Assert.Equal(total, last.TotalBytes);
        Assert.Equal(total, last.BytesRead);
        Assert.Equal(1.0, last.Fraction);
        Assert.Contains(progress.Reports, p => p.Stage == "title.ratings.tsv.gz");
        Assert.Contains(progress.Reports, p => p.Stage == "title.basics.tsv" && p.BytesRead < total);
    }

    [Fact]
    public async Task Cancellation_stops_the_import()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ImdbDatasetImporter(new InMemoryCatalogStore()).ImportAsync(TestData.Utf8(Basics), TestData.Utf8(Ratings), cancellationToken: cancelled.Token));
    }

    private static async Task<ImportSummary> Import(InMemoryCatalogStore store, string basics, string ratings, ImdbImportOptions? options = null)
    {
        using var basicsStream = TestData.Utf8(basics);
        using var ratingsStream = TestData.Utf8(ratings);
        return await new ImdbDatasetImporter(store).ImportAsync(basicsStream, ratingsStream, options);
    }
}
