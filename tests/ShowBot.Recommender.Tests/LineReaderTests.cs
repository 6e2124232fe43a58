using System.IO.Compression;
using System.Text;

using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Tests;

public class LineReaderTests
{
    [Fact]
    public void A_ten_megabyte_line_without_a_newline_is_skipped_with_its_number_and_the_lines_after_it_are_read()
    {
        using var content = new MemoryStream();
        content.Write("first\n"u8);
        var tenMegabytes = new byte[10 * 1024 * 1024];
        Array.Fill(tenMegabytes, (byte)'x');
        content.Write(tenMegabytes);
        content.Write("\nthird\r\nfourth"u8);
        content.Position = 0;

        using var reader = new LineReader(content, "big.csv");

        Assert.Equal([new TextLine(1, "first"), new TextLine(2, null), new TextLine(3, "third"), new TextLine(4, "fourth")], reader.ReadLines());
    }

    [Fact]
    public void An_over_long_last_line_is_skipped_and_reading_ends()
    {
        var text = "ok\n" + new string('y', LineReader.MaxLineBytes + 1);
        using var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "tail.csv");

        Assert.Equal([new TextLine(1, "ok"), new TextLine(2, null)], reader.ReadLines());
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_kept()
    {
        var longest = new string('z', LineReader.MaxLineBytes);
        using var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(longest + "\r\nnext\n")), "limit.csv");

        Assert.Equal([new TextLine(1, longest), new TextLine(2, "next")], reader.ReadLines());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_byte_order_mark_is_dropped_plain_or_gzipped(bool gzipped)
    {
        byte[] text = [.. Encoding.UTF8.Preamble, .. "user,show,rating\n1,tt1,5\n"u8];
        using var reader = new LineReader(gzipped ? ThroughGzip(text) : new MemoryStream(text), "bom.csv");

        Assert.Equal([new TextLine(1, "user,show,rating"), new TextLine(2, "1,tt1,5")], reader.ReadLines());
    }

    [Fact]
    public void A_byte_order_mark_arriving_a_byte_at_a_time_is_still_dropped()
    {
        byte[] text = [.. Encoding.UTF8.Preamble, .. "a\n"u8];
        using var reader = new LineReader(new TrickleStream(text), "slow.csv");

        Assert.Equal([new TextLine(1, "a")], reader.ReadLines());
    }

    [Fact]
    public void Latin1_stops_with_the_file_the_line_the_byte_and_how_to_convert()
    {
        var latin1 = Encoding.Latin1.GetBytes("primary_title,show_id\nCaf\u00e9 Ol\u00e9,tt0000001\n");
        using var reader = new LineReader(new MemoryStream(latin1), "shows.csv");

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadLines().ToList());

        Assert.Equal(
            "shows.csv is not UTF-8 text: line 2 has the byte 0xE9. Reading stopped there; an import keeps only the batches it stored before that line. "
            + "Convert the file to UTF-8 first, e.g. from Latin-1: iconv -f latin1 -t utf-8 shows.csv > shows.utf8.csv",
            error.Message);
    }

    [Fact]
    public void The_conversion_hint_for_a_gzipped_file_decompresses_first()
    {
        using var reader = new LineReader(ThroughGzip(Encoding.Latin1.GetBytes("Caf\u00e9\n")), "title.basics.tsv.gz");

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadLines().ToList());

        Assert.EndsWith("gunzip -c title.basics.tsv.gz | iconv -f latin1 -t utf-8 | gzip > title.basics.utf8.tsv.gz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_asynchronously_gives_the_same_lines()
    {
        var text = "a\r\n\nb\n" + new string('q', LineReader.MaxLineBytes * 3) + "\nc";
        using var sync = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "s.csv");
        using var async = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "a.csv");

        var lines = new List<TextLine>();
        while (await async.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal(sync.ReadLines(), lines);
        Assert.Equal([new TextLine(1, "a"), new TextLine(2, ""), new TextLine(3, "b"), new TextLine(4, null), new TextLine(5, "c")], lines);
    }

    /// <summary>The content as read back through gzip: compressed, then decompressed while it is read.</summary>
    private static GZipStream ThroughGzip(byte[] content)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        compressed.Position = 0;
        return new GZipStream(compressed, CompressionMode.Decompress);
    }

    /// <summary>A stream that hands out one byte per read, as a slow pipe can.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
