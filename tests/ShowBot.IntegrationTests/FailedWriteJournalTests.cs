using ShowBot.Core.Catalog;
using ShowBot.Storage;

namespace ShowBot.IntegrationTests;

public class FailedWriteJournalTests
{
    [Fact]
    public void Pages_a_failed_write_left_in_the_journal_are_removed_when_the_file_is_closed_and_what_was_stored_stays()
    {
        using var data = new TempDirectory();
        var journal = Path.Combine(data.Path, "showbot-log.db");
        using (var database = new ShowBotDatabase(data.DatabasePath))
        {
            new LiteCatalogStore(database).Upsert([new Show("tt2802850", "Fargo", 2014, null, ["Crime"])]);
        }

        // What a transaction that ran out of disk leaves: journal pages no commit ever confirmed, which LiteDB's own
        // checkpoint skips, so they would hold the space for good.
        File.WriteAllBytes(journal, new byte[25 * 8192]);
        using (var database = new ShowBotDatabase(data.DatabasePath))
        {
            Assert.Equal("Fargo", new LiteCatalogStore(database).All().Single().Title);
        }

        Assert.False(File.Exists(journal), "the journal of the failed write was left behind");
    }

    [Fact]
    public void Committed_pages_in_a_journal_are_folded_into_the_file_before_it_is_removed()
    {
        using var data = new TempDirectory();
        var copy = Path.Combine(data.Path, "copy");
        Directory.CreateDirectory(copy);
        using (var database = new ShowBotDatabase(data.DatabasePath))
        {
            new LiteCatalogStore(database).Upsert([new Show("tt2802850", "Fargo", 2014, null, ["Crime"])]);

            // A copy taken while the process runs: the commit is still only in the journal, as when a full disk stopped the checkpoint.
            File.Copy(data.DatabasePath, Path.Combine(copy, "showbot.db"));
            File.Copy(Path.Combine(data.Path, "showbot-log.db"), Path.Combine(copy, "showbot-log.db"));
        }

        Assert.True(FailedWriteJournal.Clear(Path.Combine(copy, "showbot.db")));

        Assert.False(File.Exists(Path.Combine(copy, "showbot-log.db")));
        using var reopened = new ShowBotDatabase(Path.Combine(copy, "showbot.db"));
        Assert.Equal("Fargo", new LiteCatalogStore(reopened).All().Single().Title);
    }
}
