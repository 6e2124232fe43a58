using ShowBot.Core.Import;

namespace ShowBot.Core.Tests.Import;

public sealed class CsvReaderTests
{
    [Fact]
    public void Quoted_fields_keep_delimiters_and_doubled_quotes_and_blank_lines_keep_their_numbers()
    {
        var records = CsvReader.Read(new StringReader("a,b,c\n\n\"x, y\",\"say \"\"hi\"\"\",\"\"\nlast,,end\"quote")).ToList();

        Assert.Equal([1L, 3L, 4L], records.Select(r => r.LineNumber));
        Assert.Equal(["x, y", "say \"hi\"", ""], records[1].Fields);
        Assert.Equal(["last", "", "end\"quote"], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Problem));
    }

    [Fact]
    public void A_quote_left_open_makes_only_its_own_line_malformed()
    {
        var records = CsvReader.Read(new StringReader("title,id\n\"Broken, no closing quote,tt1\nFargo,tt2\n\"Closed\",tt3\n")).ToList();

        Assert.Equal((2L, CsvReader.UnclosedQuote), (records[1].LineNumber, records[1].Problem));
        Assert.Empty(records[1].Fields);
        Assert.Equal(["Fargo", "tt2"], records[2].Fields);
        Assert.Equal(["Closed", "tt3"], records[3].Fields);
    }
}
