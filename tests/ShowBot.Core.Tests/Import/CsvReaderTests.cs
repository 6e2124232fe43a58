using ShowBot.Core.Import;

namespace ShowBot.Core.Tests.Import;

public sealed class CsvReaderTests
{
    private const string Tricky = "a,b,c\n\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\"open";

    [Fact]
    public void Quoted_fields_keep_delimiters_quotes_and_line_breaks_and_records_keep_their_first_line()
    {
        var records = CsvReader.Read(new StringReader(Tricky)).ToList();

        Assert.Equal([1L, 3L, 5L], records.Select(r => r.LineNumber));
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["last", "", "open"], records[2].Fields);
    }

    [Fact]
    public async Task Reading_asynchronously_gives_the_same_records()
    {
        var expected = CsvReader.Read(new StringReader(Tricky)).Select(r => (r.LineNumber, string.Join('|', r.Fields))).ToList();

        var actual = new List<(long, string)>();
        await foreach (var record in CsvReader.ReadAsync(new StringReader(Tricky)))
        {
            actual.Add((record.LineNumber, string.Join('|', record.Fields)));
        }

        Assert.Equal(expected, actual);
    }
}
