using System.Globalization;

using ShowBot.Core.Import;
using ShowBot.Core.Ratings;

using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Import;

public sealed class RatingsCsvImporterTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly RatingsImportOptions LikeFrom4 = new() { LikeThreshold = 4 };

    [Fact]
    public async Task A_file_with_a_header_becomes_likes_of_import_users()
    {
        var store = new InMemoryRatingStore();
        var summary = await Import(store, "user,show,rating\nalice,tt0903747,5\nalice,0944947,4.5\nbob,903747,3\n", LikeFrom4);

        Assert.Equal("read 3 rows: imported 2, skipped 1 (1 neutral)", summary.ToString());
        Assert.Equal(
            [
                new Rating(new UserKey("import", "alice"), "tt0903747", RatingKind.Like, RatingSource.Import, Now),
                new Rating(new UserKey("import", "alice"), "tt0944947", RatingKind.Like, RatingSource.Import, Now),
            ],
            store.Snapshot());
    }

    [Fact]
    public async Task A_tab_separated_file_without_a_header_starts_with_data()
    {
        var store = new InMemoryRatingStore();
        var summary = await Import(store, "42\ttt0903747\t9\n42\ttt0944947\t2\n43\ttt0903747\t10", new RatingsImportOptions { LikeThreshold = 8, Platform = "anime" });

        Assert.Equal(3, summary.RowsRead);
        Assert.Equal(2, summary.Imported);
        Assert.Equal(RatingKind.Like, store.Find(new UserKey("anime", "43"), "tt0903747")?.Kind);
    }

    [Theory]
    [InlineData(5.0, RatingKind.Like)]
    [InlineData(4.0, RatingKind.Like)]
    [InlineData(3.5, null)]
    [InlineData(2.5, null)]
    [InlineData(2.0, RatingKind.Dislike)]
    [InlineData(0.5, RatingKind.Dislike)]
    public async Task Thresholds_decide_like_dislike_or_neutral(double rating, RatingKind? expected)
    {
        var store = new InMemoryRatingStore();
        var summary = await Import(store, string.Create(CultureInfo.InvariantCulture, $"u,tt0903747,{rating:R}"), LikeFrom4 with { DislikeThreshold = 2 });

        Assert.Equal(expected, store.Find(new UserKey("import", "u"), "tt0903747")?.Kind);
        Assert.Equal(expected is null ? 1 : 0, summary.SkippedFor(SkipReason.Neutral));
    }

    [Fact]
    public async Task Shows_outside_the_catalog_are_skipped_and_counted()
    {
        var store = new InMemoryRatingStore();
        var options = LikeFrom4 with { KnownShowIds = new HashSet<string>(StringComparer.Ordinal) { "tt0903747" } };
        var summary = await Import(store, "a,tt0903747,5\na,tt0944947,5\nb,tt1234567,5\n", options);

        Assert.Equal(2, summary.SkippedFor(SkipReason.UnknownShow));
        Assert.Equal("read 3 rows: imported 1, skipped 2 (2 not in the catalog)", summary.ToString());
        Assert.Equal(1, store.Count);
        var warning = RatingsCsvImporter.UnknownShowWarnings(summary);
        Assert.Equal("import ratings: warning: 2 of 3 ratings (67 %) are of shows that are not in the catalog and were NOT imported; 1 matched.", warning[0]);
        Assert.Contains("import their catalog first (showbot import imdb", warning[1], StringComparison.Ordinal);
        Assert.Contains("--allow-unknown-shows imports them anyway", warning[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_outside_the_catalog_kept_on_request_are_counted_and_still_warned_about()
    {
        var store = new InMemoryRatingStore();
        var options = LikeFrom4 with { KnownShowIds = new HashSet<string>(StringComparer.Ordinal) { "tt0903747" }, KeepUnknownShows = true };
        var summary = await Import(store, "a,tt0903747,5\na,tt0944947,5\nb,tt1234567,5\nc,tt7654321,3\n", options);

        Assert.Equal(3, store.Count);
        Assert.Equal(1, summary.SkippedFor(SkipReason.Neutral));
        Assert.Equal(2, summary.NotInCatalog);
        Assert.StartsWith("import ratings: warning: 2 of 3 imported ratings (67 %) are of shows that are not in the catalog (--allow-unknown-shows): they train the model but are never suggested.", Assert.Single(RatingsCsvImporter.UnknownShowWarnings(summary)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_show_in_the_catalog_means_no_warning()
    {
        var summary = await Import(new InMemoryRatingStore(), "a,tt0903747,5\n", LikeFrom4 with { KnownShowIds = new HashSet<string>(StringComparer.Ordinal) { "tt0903747" } });

        Assert.Empty(RatingsCsvImporter.UnknownShowWarnings(summary));
    }

    [Fact]
    public async Task Malformed_rows_are_reported_with_their_line_numbers()
    {
        const string Csv = "user,show,rating\n" // 1
            + "a,tt0903747,5\n" // 2
            + "a,Breaking Bad,5\n" // 3
            + "\n" // 4: blank, ignored
            + "b,tt0944947\n" // 5
            + "c,tt0944947,great\n" // 6
            + "\"multi\nline\",tt0944947,5\n" // 7: a quote is never continued on the next line; 8 is read afresh
            + " ,tt0944947,5\n" // 9
            + "d,tt0944947,4";

        var store = new InMemoryRatingStore();
        var summary = await Import(store, Csv, LikeFrom4);

        Assert.Equal(
            [
                new ImportProblem(3, "'Breaking Bad' is not an IMDb id"),
                new ImportProblem(5, "expected 3 fields, found 2"),
                new ImportProblem(6, "rating 'great' is not a number"),
                new ImportProblem(7, "a quoted field is not closed on its line"),
                new ImportProblem(9, "the user is empty"),
            ],
            summary.Problems);
        Assert.Equal(8, summary.RowsRead);
        Assert.Equal(3, summary.Imported);
        Assert.NotNull(store.Find(new UserKey("import", "line\""), "tt0944947"));
    }

    [Fact]
    public async Task A_header_naming_the_columns_is_followed_and_quoted_users_keep_their_commas()
    {
        var store = new InMemoryRatingStore();
        var summary = await Import(store, "rating,imdb_id,userId,timestamp\n4.5,0903747,\"Doe, Jane\",964982703\n", LikeFrom4);

        Assert.Equal(1, summary.Imported);
        Assert.NotNull(store.Find(new UserKey("import", "Doe, Jane"), "tt0903747"));
    }

    [Fact]
    public async Task Gzipped_ratings_are_read()
    {
        var store = new InMemoryRatingStore();
        using var gz = TestData.Gzip("user,show,rating\na,tt0903747,5\n");
        var summary = await new RatingsCsvImporter(store, new StoppedClock(Now)).ImportAsync(gz, LikeFrom4);

        Assert.Equal(1, summary.Imported);
    }

    [Fact]
    public async Task Importing_twice_changes_nothing_and_keeps_earlier_ratings()
    {
        var earlier = new Rating(new UserKey("discord", "1"), "tt0903747", RatingKind.Like, RatingSource.Reaction, Now.AddDays(-1));
        var store = new InMemoryRatingStore(earlier);
        const string Csv = "user,show,rating\na,tt0903747,5\na,tt0944947,1\nb,tt0944947,5\n";
        var options = LikeFrom4 with { DislikeThreshold = 2, BatchSize = 2 };

        var first = await Import(store, Csv, options);
        var afterFirst = store.Snapshot();
        var second = await Import(store, Csv, options);

        Assert.Equal(3, first.Written);
        Assert.Equal(0, second.Written);
        Assert.Equal("read 3 rows: imported 3 (0 new or changed), skipped 0", second.ToString());
        Assert.Equal(afterFirst, store.Snapshot());
        Assert.Equal(4, store.Count);
        Assert.Equal(earlier, store.Find(earlier.User, earlier.ShowId));
    }

    [Fact]
    public async Task Inconsistent_thresholds_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Import(new InMemoryRatingStore(), "a,tt1,5", LikeFrom4 with { DislikeThreshold = 4 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Import(new InMemoryRatingStore(), "a,tt1,5", LikeFrom4 with { Platform = "a:b" }));
    }

    private static async Task<ImportSummary> Import(InMemoryRatingStore store, string csv, RatingsImportOptions options)
    {
        using var stream = TestData.Utf8(csv);
        return await new RatingsCsvImporter(store, new StoppedClock(Now)).ImportAsync(stream, options);
    }
}
