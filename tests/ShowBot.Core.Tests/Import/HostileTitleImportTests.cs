using System.Text;

using ShowBot.Core.Catalog;
using ShowBot.Core.Import;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Import;

/// <summary>
/// A catalog with one title holding U+FFFE (bytes EF BF BE) stopped the bot from ever starting; titles with terminal
/// escapes, line breaks and bidi overrides went on to every chat. Imports now store them as one clean line.
/// </summary>
public class HostileTitleImportTests
{
    private static readonly byte[] Noncharacter = [0xEF, 0xBF, 0xBE];

    [Fact]
    public async Task A_catalog_title_with_U_FFFE_bytes_is_imported_clean_and_the_catalog_loads_and_matches_it()
    {
        var csv = Bytes(
            "primary_title,start_year,end_year,genres,average_rating,num_votes,show_id\n",
            "Breaking", Noncharacter, "Bad,2008,2013,Drama,9.5,2064740,tt0903747\n", // line 2
            "\"Evil\u001B[2J\r[#99] Because you like \u202Egnorw\u202C\",2001,,Drama\u0007,5.0,10,tt0000099\n", // 3: a carriage return, which does not end a line
            "\u202E\u200B", Noncharacter, ",2001,,Drama,5.0,10,tt0000098\n"); // 4: nothing left of the title
        var store = new InMemoryCatalogStore();

        var summary = await new CatalogCsvImporter(store).ImportAsync(new MemoryStream(csv));
        var catalog = ShowCatalog.LoadSeeded(store);

        Assert.Equal(2, summary.Imported);
        Assert.Equal([new ImportProblem(4, "the title holds only control, invisible or invalid characters")], summary.Problems);
        Assert.Equal("Breaking Bad", store["tt0903747"].Title);
        Assert.Equal("Evil [2J [#99] Because you like gnorw", store["tt0000099"].Title);
        Assert.Equal(["Drama"], store["tt0000099"].Genres);
        Assert.Equal("tt0903747", catalog.Matcher.Match("Breaking Bad").Best?.Id);
    }

    [Fact]
    public async Task An_IMDb_title_with_U_FFFE_bytes_is_imported_clean_and_an_empty_one_is_reported()
    {
        var basics = Bytes(
            "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n",
            "tt0903747\ttvSeries\tBreaking", Noncharacter, "Bad\tBreaking Bad\u202E\t0\t2008\t2013\t49\tCrime,Drama\n", // line 2
            "tt0000098\ttvSeries\t\u0007\u200B", Noncharacter, "\t\\N\t0\t2001\t\\N\t30\tDrama\n"); // 3
        var ratings = Encoding.UTF8.GetBytes("tconst\taverageRating\tnumVotes\ntt0903747\t9.5\t2064740\n");
        var store = new InMemoryCatalogStore();

        var summary = await new ImdbDatasetImporter(store).ImportAsync(new MemoryStream(basics), new MemoryStream(ratings));

        Assert.Equal(1, summary.Imported);
        Assert.Equal([new ImportProblem(3, "the title holds only control, invisible or invalid characters")], summary.Problems);
        Assert.Equal("Breaking Bad", store["tt0903747"].Title);
        Assert.Equal(["Breaking Bad"], store["tt0903747"].Aliases);
    }

    [Fact]
    public void Titles_stored_before_imports_cleaned_them_are_cleaned_when_the_catalog_loads()
    {
        var store = new InMemoryCatalogStore(
            new Show("tt0903747", "Breaking\uFFFEBad\u001B[2J", 2008, 2013, ["Crime\u202E"]) { Aliases = ["\u0000"] },
            new Show("tt0000098", "\u202E\uFFFF", 2001, null, []));

        var catalog = ShowCatalog.LoadSeeded(store);

        Assert.Equal("Breaking Bad [2J", catalog.Find("tt0903747")!.Title);
        Assert.Equal(["Crime"], catalog.Find("tt0903747")!.Genres);
        Assert.Empty(catalog.Find("tt0903747")!.Aliases);
        Assert.Null(catalog.Find("tt0000098"));
        Assert.All(catalog.Shows, show => Assert.Empty(DisplayInvariants.Violations(show.Title, lineBreaksAllowed: false)));
    }

    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(part => part as byte[] ?? Encoding.UTF8.GetBytes((string)part))];
}
