using ShowBot.Core.Catalog;

namespace ShowBot.Core.Tests.Catalog;

public class CatalogCsvTests
{
    [Fact]
    public void The_built_in_catalog_has_hundreds_of_well_known_series_with_unique_ids()
    {
        var shows = CatalogCsv.BuiltIn();

        Assert.True(shows.Count >= 500, $"only {shows.Count} shows");
        Assert.Equal(shows.Count, shows.Select(s => s.Id).Distinct().Count());
        Assert.Contains(shows, s => s is { Id: "tt0903747", Title: "Breaking Bad", StartYear: 2008, EndYear: 2013 });
        Assert.All(shows, s => Assert.Matches("^tt[0-9]{7,8}$", s.Id));
        Assert.All(shows, s => Assert.NotEmpty(s.Genres));
    }

    [Fact]
    public void Rows_in_the_imdb_shows_layout_parse_with_quoted_genres_and_imdb_nulls()
    {
        const string csv = """
            primary_title,start_year,end_year,genres,average_rating,num_votes,show_id
            Breaking Bad,2008,2013,"Crime,Drama,Thriller",9.5,2064740,0903747
            "Love, Death & Robots",2019,\N,"Animation,Comedy,Fantasy",8.4,250000,9561862
            Untitled,\N,\N,\N,\N,\N,1234567
            """;

        var rows = CatalogCsv.Read(new StringReader(csv)).ToList();

        Assert.All(rows, r => Assert.Null(r.Problem));
        Assert.Equal(new Show("tt0903747", "Breaking Bad", 2008, 2013, ["Crime", "Drama", "Thriller"], 9.5, 2064740), rows[0].Value! with { Genres = ["Crime", "Drama", "Thriller"] }, ShowComparer.Instance);
        Assert.Equal(("Love, Death & Robots", (int?)null), (rows[1].Value!.Title, rows[1].Value!.EndYear));
        Assert.Equal((null, null, null), (rows[2].Value!.StartYear, rows[2].Value!.ImdbRating, rows[2].Value!.ImdbVotes));
    }

    [Theory]
    [InlineData("Short,2008,2013,Drama,9.5,100", "expected 7 fields")]
    [InlineData("Bad id,2008,2013,Drama,9.5,100,abc", "not an IMDb id")]
    [InlineData("Bad year,20x8,2013,Drama,9.5,100,0903747", "year")]
    [InlineData(",2008,2013,Drama,9.5,100,0903747", "title is empty")]
    [InlineData("Bad votes,2008,2013,Drama,9.5,lots,0903747", "vote count")]
    public void A_malformed_row_is_reported_with_its_line_number_and_the_rest_still_parse(string badRow, string problem)
    {
        var csv = $"primary_title,start_year,end_year,genres,average_rating,num_votes,show_id\nFargo,2014,,Crime,8.9,420000,2802850\n{badRow}\nOzark,2017,2022,Crime,8.5,380000,5071412\n";

        var rows = CatalogCsv.Read(new StringReader(csv)).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows[1].LineNumber);
        Assert.Contains(problem, rows[1].Problem, StringComparison.Ordinal);
        Assert.Equal(["Fargo", "Ozark"], rows.Where(r => r.Value is not null).Select(r => r.Value!.Title));
    }

    private sealed class ShowComparer : IEqualityComparer<Show>
    {
        public static ShowComparer Instance { get; } = new();

        public bool Equals(Show? x, Show? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Title == y.Title && x.StartYear == y.StartYear && x.EndYear == y.EndYear
            && x.Genres.SequenceEqual(y.Genres) && x.ImdbRating == y.ImdbRating && x.ImdbVotes == y.ImdbVotes;

        public int GetHashCode(Show obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
