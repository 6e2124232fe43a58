using System.IO.Compression;

using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Tests;

/// <summary>
/// Rating files in the formats of the data sets ShowBot is measured on, gzipped as they are published: a few lines of
/// each format written for the tests (Fixtures/), never the data sets themselves.
/// </summary>
public sealed class RealFormatRatingFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("showbot-ratings-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Anime_ratings_load_as_tab_separated_gzip_with_header()
    {
        var path = Gzipped("anime_ratings.dat");

        RatingRecord[] ratings = [.. RatingFileReader.Read(path)];

        Assert.Equal(new RatingFileLayout("\t", HasHeader: true, IsGzip: true), RatingFileReader.DetectLayout(path));
        Assert.Equal(8, ratings.Length);
        Assert.Equal(3, ratings.Select(r => r.UserId).Distinct().Count());
        Assert.Equal(4, ratings.Select(r => r.ItemId).Distinct().Count());
        Assert.Equal(new RatingRecord("2", "44", -1), ratings[4]);
    }

    [Fact]
    public void Movielens_ratings_load_as_comma_separated_gzip_with_header_and_windows_line_endings()
    {
        var path = Gzipped("movielens_ratings.csv");

        var likes = InteractionMatrix.FromRatings(RatingFileReader.Read(path), likeThreshold: 4);

        Assert.Equal(new RatingFileLayout(",", HasHeader: true, IsGzip: true), RatingFileReader.DetectLayout(path));
        Assert.Equal(7, RatingFileReader.Read(path).Count());
        Assert.Equal(new RatingRecord("2", "318", 0.5f), RatingFileReader.Read(path).ElementAt(4));
        Assert.Equal(4, likes.LikeCount);
    }

    private string Gzipped(string fixture)
    {
        var path = Path.Combine(folder, fixture + ".gz");
        using (var source = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)))
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            source.CopyTo(gzip);
        }

        return path;
    }
}
