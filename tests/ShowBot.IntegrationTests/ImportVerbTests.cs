using System.IO.Compression;
using System.Text;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Catalog;
using ShowBot.Core.Import;
using ShowBot.Hosting;
using ShowBot.Storage;
using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

/// <summary>Hostile and unlucky import files through the real <c>showbot import</c>, as an operator runs it.</summary>
[Collection(StandardErrorCollection.Name)]
public class ImportVerbTests
{
    private const string CatalogHeader = "primary_title,start_year,end_year,genres,average_rating,num_votes,show_id\n";

    [Fact]
    public async Task An_unclosed_quote_on_line_2_costs_one_row_of_ten_thousand()
    {
        using var data = new TempDirectory();
        var csv = new StringBuilder("user,show,rating\n\"alice,tt0903747,9\n");
        for (var i = 0; i < 10_000; i++)
        {
            csv.Append("user").Append(i).Append(",tt0903747,9\n");
        }

        var file = Path.Combine(data.Path, "ratings.csv");
        await File.WriteAllTextAsync(file, csv.ToString());

        var (exitCode, output, errors) = await ShowBot(data, "import", "ratings", file);

        Assert.True(exitCode == 0, errors);
        Assert.Equal("import ratings: read 10,001 rows: imported 10,000, skipped 1 (1 malformed: line 2 (a quoted field is not closed on its line))", output.Trim());
    }

    [Fact]
    public async Task A_gzipped_imdb_file_with_a_ten_megabyte_line_without_a_newline_skips_that_line_by_number()
    {
        using var data = new TempDirectory();
        var basics = Path.Combine(data.Path, "title.basics.tsv.gz");
        var ratings = Path.Combine(data.Path, "title.ratings.tsv");
        await using (var gzip = new GZipStream(File.Create(basics), CompressionLevel.Fastest))
        {
            gzip.Write("tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n"u8);
            gzip.Write(Encoding.ASCII.GetBytes(new string('A', 10 * 1024 * 1024)));
            gzip.Write("\ntt2802850\ttvSeries\tFargo\tFargo\t0\t2014\t\\N\t53\tCrime,Drama\n"u8);
        }

        await File.WriteAllTextAsync(ratings, "tconst\taverageRating\tnumVotes\ntt2802850\t8.9\t400000\n");

        var (exitCode, output, errors) = await ShowBot(data, "import", "imdb", "--basics", basics, "--ratings", ratings);

        Assert.True(exitCode == 0, errors);
        Assert.Equal("import imdb: read 2 rows: imported 1, skipped 1 (1 malformed: line 2 (the line is longer than 65,536 bytes))", output.Trim());
    }

    [Fact]
    public async Task A_plain_catalog_with_a_byte_order_mark_imports_every_row()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "shows.csv");
        await File.WriteAllBytesAsync(file, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(CatalogHeader + "Fargo,2014,,Crime,8.9,400000,tt2802850\nSherlock,2010,2017,Crime,9.1,980000,tt1475582\n")]);

        var (exitCode, output, errors) = await ShowBot(data, "import", "catalog", file);

        Assert.True(exitCode == 0, errors);
        Assert.Equal("import catalog: read 2 rows: imported 2, skipped 0", output.Trim());
    }

    [Fact]
    public async Task A_latin1_catalog_is_refused_in_one_line_naming_the_line_and_the_conversion()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "shows.csv");
        await File.WriteAllBytesAsync(file, Encoding.Latin1.GetBytes(CatalogHeader + "Caf\u00e9 Ol\u00e9,2014,,Comedy,7.0,100,tt0000001\n"));

        var (exitCode, _, errors) = await ShowBot(data, "import", "catalog", file);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal(
            "import catalog: shows.csv is not UTF-8 text: line 2 has the byte 0xE9. Reading stopped there; an import keeps only the batches it stored before that line. "
            + "Convert the file to UTF-8 first, e.g. from Latin-1: iconv -f latin1 -t utf-8 shows.csv > shows.utf8.csv",
            errors.Trim());
    }

    [Fact]
    public async Task A_full_disk_during_an_import_is_one_line_and_the_next_start_opens_the_file()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "shows.csv");
        await File.WriteAllTextAsync(file, CatalogHeader + string.Concat(Enumerable.Range(1, 12_000).Select(i => $"Show {i},2001,,Drama,7.0,100,tt{i:D7}\n")));
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?> { ["ShowBot:Storage:DatabasePath"] = data.DatabasePath });
        builder.Services.AddShowBotStorage(builder.Configuration);
        builder.Services.AddSingleton<ICatalogStore>(sp => new FillingDisk(new LiteCatalogStore(sp.GetRequiredService<ShowBotDatabase>()), batchesThatFit: 2));
        int exitCode;
        string errors;
        using (var host = builder.Build())
        using (var capture = new StandardErrorCapture())
        {
            exitCode = await TerminalOutput.RunAsync("import catalog", VerbProgress.None, Console.Out, output => VerbHost.GuardAsync("import catalog", output, host.Services, async () =>
            {
                await new CatalogCsvImporter(host.Services.GetRequiredService<ICatalogStore>()).ImportAsync(file);
                return ExitCodes.Ok;
            }));
            errors = capture.Text;
        }

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal(
            $"import catalog: the disk holding {data.DatabasePath} is full. What was stored before it filled is kept; free some space and run import catalog again.",
            errors.Trim());
        Assert.False(File.Exists(Path.Combine(data.Path, "showbot-log.db")), "the journal was left behind");
        using (var database = new ShowBotDatabase(data.DatabasePath))
        {
            Assert.Equal(10_000, new LiteCatalogStore(database).Count);
        }

        var (nextStart, output, nextErrors) = await ShowBot(data, "chat");
        Assert.True(nextStart == 0, nextErrors);
        Assert.Contains("You haven't rated anything yet.", output, StringComparison.Ordinal);
    }

    /// <summary>The verb run to its end; a chat is asked for its likes, to show it started.</summary>
    [Fact]
    public async Task A_catalog_with_the_wrong_header_is_refused_with_exit_code_1_naming_the_header_found_and_the_one_expected()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "shows.csv");
        await File.WriteAllTextAsync(file, "name,imdb,year\nFargo,tt2802850,2014\n");

        var (exitCode, output, errors) = await ShowBot(data, "import", "catalog", file);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal(
            "import catalog: line 1: its header is name,imdb,year; a catalog's first line names its columns, at least a title (primary_title) and an IMDb id (show_id): "
            + CatalogHeader.Trim(),
            errors.Trim());
    }

    [Fact]
    public async Task Ratings_that_import_nothing_exit_1_and_say_why_with_the_header_found_and_the_columns_expected()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "anime_ratings.dat");
        await File.WriteAllTextAsync(file, "User_ID\tAnime_ID\tFeedback\n1\t1\t8\n1\t20\t9\n2\t1\t10\n");

        var (exitCode, output, errors) = await ShowBot(data, "import", "ratings", file);

        Assert.Equal(1, exitCode);
        Assert.Equal("import ratings: read 3 rows: imported 0, skipped 3 (3 not in the catalog)", output.Trim());
        Assert.Equal(
            "import ratings: nothing was imported: all 3 rows were skipped (3 not in the catalog). None of its shows is in the catalog (see above). "
            + "ShowBot reads the columns user, show (an IMDb id such as tt0903747) and rating, named in a header such as user,show,rating or in that order; "
            + "this file's header is User_ID, Anime_ID, Feedback.",
            errors.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task Ratings_on_a_five_point_scale_under_the_default_like_threshold_exit_1_and_name_the_option_that_fixes_it()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "ratings.csv");
        await File.WriteAllTextAsync(file, "user,show,rating\nalice,tt0903747,5\nbob,tt0903747,4\n");

        var (exitCode, _, errors) = await ShowBot(data, "import", "ratings", file);
        var (fixedExitCode, fixedOutput, _) = await ShowBot(data, "import", "ratings", file, "--like-threshold", "4");

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "import ratings: nothing was imported: all 2 rows were skipped (2 neutral). Every rating is between the thresholds (a like is 8 or more): "
            + "give --like-threshold (and --dislike-threshold) on the file's scale, e.g. --like-threshold 4 for ratings of 1 to 5.",
            errors.Trim());
        Assert.Equal(0, fixedExitCode);
        Assert.Equal("import ratings: read 2 rows: imported 2, skipped 0", fixedOutput.Trim());
    }

    [Fact]
    public async Task Rollback_to_a_version_that_does_not_exist_exits_1_and_says_where_the_versions_are_listed()
    {
        using var data = new TempDirectory();

        var (exitCode, output, errors) = await ShowBot(data, "rollback", "v5");

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal("rollback: There is no version v5. `showbot models` lists the versions and which of them can serve.", errors.Trim());
    }

    private static Task<(int ExitCode, string Output, string Errors)> ShowBot(TempDirectory data, params string[] arguments) =>
        ShowBotProcess.RunAsync(data, settings: null, input: ["/likes"], arguments);

    /// <summary>A catalog on a disk that fills up: after some batches every write fails the way the OS reports it (ENOSPC).</summary>
    private sealed class FillingDisk(ICatalogStore inner, int batchesThatFit) : ICatalogStore
    {
        private int batches;

        public int Count => inner.Count;

        public int Upsert(IEnumerable<Show> shows) => ++batches > batchesThatFit
            ? throw new IOException("No space left on device", 28)
            : inner.Upsert(shows);

        public string? BuiltInVersion
        {
            get => inner.BuiltInVersion;
            set => inner.BuiltInVersion = value;
        }

        public IReadOnlyList<Show> All() => inner.All();
    }
}
