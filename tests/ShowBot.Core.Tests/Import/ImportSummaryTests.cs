using ShowBot.Core.Import;

namespace ShowBot.Core.Tests.Import;

public sealed class ImportSummaryTests
{
    [Fact]
    public void The_one_line_summary_counts_reasons_largest_first_and_names_the_first_malformed_lines()
    {
        var tally = new ImportTally(maxProblems: 20, new Dictionary<SkipReason, string> { [SkipReason.BelowMinVotes] = "below 500 votes" });
        for (var i = 0; i < 12_345; i++)
        {
            tally.Read();
        }

        for (var i = 0; i < 2_100; i++)
        {
            tally.Accept();
        }

        tally.AddWritten(2_100);
        for (var i = 0; i < 10_200; i++)
        {
            tally.Skip(SkipReason.NotTvSeries);
        }

        for (var i = 0; i < 40; i++)
        {
            tally.Skip(SkipReason.BelowMinVotes);
        }

        foreach (var line in new[] { 17, 30, 31, 99, 120 })
        {
            tally.Malformed(line, "expected 9 fields, found 8");
        }

        var summary = tally.ToSummary();

        Assert.Equal(10_245, summary.Skipped);
        Assert.Equal(summary.RowsRead, summary.Imported + summary.Skipped);
        Assert.Equal(
            "read 12,345 rows: imported 2,100, skipped 10,245 (10,200 not a TV series, 40 below 500 votes, "
            + "5 malformed: line 17 (expected 9 fields, found 8), line 30 (expected 9 fields, found 8), line 31 (expected 9 fields, found 8), …)",
            summary.ToString());
    }

    [Fact]
    public void Problems_beyond_the_cap_are_counted_but_not_listed()
    {
        var tally = new ImportTally(maxProblems: 2);
        for (var line = 2; line < 7; line++)
        {
            tally.Read();
            tally.Malformed(line, "bad");
        }

        var summary = tally.ToSummary();

        Assert.Equal(5, summary.ProblemCount);
        Assert.Equal([2L, 3L], summary.Problems.Select(p => p.LineNumber));
    }
}
