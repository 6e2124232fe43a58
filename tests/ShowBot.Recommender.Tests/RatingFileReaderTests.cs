using System.IO.Compression;
using System.Text;

using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Tests;

public class RatingFileReaderTests
{
    [Theory]
    [InlineData("userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n", ",", true)]
    [InlineData("1::1193::5::978300760\n1::661::3::978302109\n", "::", false)]
    [InlineData("196\t242\t3\t881250949\n186\t302\t3\t891717742\n", "\t", false)]
    [InlineData("User_ID\tAnime_ID\tFeedback\n1\t1\t10\n1\t2\t8\n", "\t", true)]
    [InlineData("1 31 2.5\n1 1029 3\n", " ", false)]
    public void Detects_the_layout_and_reads_every_rating(string content, string separator, bool hasHeader)
    {
        var layout = RatingFileReader.DetectLayout(content.Split('\n')[0], isGzip: false);
        RatingRecord[] ratings = [.. RatingFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(content)))];

        Assert.Equal(separator, layout.Separator);
        Assert.Equal(hasHeader, layout.HasHeader);
        Assert.Equal(2, ratings.Length);
        Assert.All(ratings, r => Assert.InRange(r.Rating, 2.5f, 10f));
    }

    [Fact]
    public void Reads_movielens_dat_values_exactly()
    {
        RatingRecord[] ratings = [.. RatingFileReader.Read(new MemoryStream("1::1193::5::978300760\r\n\r\n2::661::3.5::978302109\r\n"u8.ToArray()))];

        Assert.Equal([new RatingRecord("1", "1193", 5), new RatingRecord("2", "661", 3.5f)], ratings);
    }

    [Fact]
    public void Reads_gzip_detected_from_content_not_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ratings-{Guid.NewGuid():N}.txt");
        try
        {
            using (var file = File.Create(path))
            using (GZipStream gzip = new(file, CompressionLevel.Fastest))
            {
                gzip.Write("User_ID\tAnime_ID\tFeedback\n7\t42\t9\n"u8);
            }

            Assert.Equal([new RatingRecord("7", "42", 9)], RatingFileReader.Read(path));
            Assert.Equal(new RatingFileLayout("\t", HasHeader: true, IsGzip: true), RatingFileReader.DetectLayout(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_malformed_line_names_its_number()
    {
        MemoryStream content = new("u,i,r\n1,2,3\n1,2\n"u8.ToArray());

        var error = Assert.Throws<FormatException>(() => RatingFileReader.Read(content).ToList());

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rating_that_is_not_a_number_is_an_error_after_the_header()
    {
        MemoryStream content = new("1,2,3\n1,2,good\n"u8.ToArray());

        var error = Assert.Throws<FormatException>(() => RatingFileReader.Read(content).ToList());

        Assert.Contains("'good'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_an_error_naming_its_number_not_an_out_of_memory()
    {
        var content = new MemoryStream(Encoding.UTF8.GetBytes("1,2,3\n" + new string('9', 10 * 1024 * 1024)));

        var error = Assert.Throws<FormatException>(() => RatingFileReader.Read(content).ToList());

        Assert.Equal("stream, line 2: the line is longer than 65,536 bytes.", error.Message);
    }

    [Fact]
    public void A_byte_order_mark_does_not_hide_the_header()
    {
        MemoryStream content = new([.. Encoding.UTF8.Preamble, .. "userId,movieId,rating\n1,31,2.5\n"u8]);

        Assert.Equal([new RatingRecord("1", "31", 2.5f)], RatingFileReader.Read(content));
    }

    [Fact]
    public void A_latin1_file_is_refused_with_the_line_to_convert()
    {
        MemoryStream content = new(Encoding.Latin1.GetBytes("user,item,rating\nJos\u00e9,1,5\n"));

        var error = Assert.Throws<InvalidDataException>(() => RatingFileReader.Read(content).ToList());

        Assert.StartsWith("stream is not UTF-8 text: line 2 has the byte 0xE9.", error.Message, StringComparison.Ordinal);
    }
}
