using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Tests;

/// <summary>The real files load without conversion; counts are the ones their READMEs verify.</summary>
public class SharedDataTests
{
    [SharedDataFact]
    public void Anime_ratings_load_as_tab_separated_gzip_with_header()
    {
        var path = Path.Combine(TestData.SharedDataDirectory()!, "anime", "anime_ratings.dat.gz");

        RatingRecord[] ratings = [.. RatingFileReader.Read(path)];

        Assert.Equal(new RatingFileLayout("\t", HasHeader: true, IsGzip: true), RatingFileReader.DetectLayout(path));
        Assert.Equal(419_943, ratings.Length);
        Assert.Equal(4_714, ratings.Select(r => r.UserId).Distinct().Count());
        Assert.Equal(7_157, ratings.Select(r => r.ItemId).Distinct().Count());
    }

    [SharedDataFact]
    public void Movielens_small_ratings_load_as_comma_separated_gzip_with_header()
    {
        var path = Path.Combine(TestData.SharedDataDirectory()!, "movielens-latest-small", "ratings.csv.gz");

        var likes = InteractionMatrix.FromRatings(RatingFileReader.Read(path), likeThreshold: 4);

        Assert.Equal(100_836, RatingFileReader.Read(path).Count());
        Assert.Equal(48_580, likes.LikeCount);
    }
}
