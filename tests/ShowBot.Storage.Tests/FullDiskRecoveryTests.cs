using ShowBot.Core.Ratings;

namespace ShowBot.Storage.Tests;

/// <summary>
/// A write that fails on a full disk leaves a torn page at the end of LiteDB's log, and LiteDB closes its engine while
/// a reader of that log is still open. LiteDB cuts a torn page off when it opens the file, but takes the log to itself
/// for it, so on the real full disk the engine could not be opened again until a restart.
/// </summary>
public sealed class FullDiskRecoveryTests : IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_log_with_a_torn_page_still_held_open_by_a_closed_engine_opens_and_keeps_what_was_committed()
    {
        var ratings = new LiteRatingStore(temp.Database);
        var jonas = new Rating(Users.Jonas, Shows.Dark.Id, RatingKind.Like, RatingSource.Command, Queued.Monday);
        Assert.True(ratings.Upsert(jonas));
        temp.Database.Database.Checkpoint();
        temp.Close();

        var log = DatabaseFile.LogPath(temp.FilePath);
        using (var leftBehind = new FileStream(log, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            // The part of a page the full disk had room for.
            leftBehind.SetLength(DatabaseFile.PageSize + 3000);

            var reopened = new LiteRatingStore(temp.Database);
            Assert.Equal([jonas], reopened.ForUser(Users.Jonas));

            var martha = jonas with { User = Users.Martha };
            Assert.True(reopened.Upsert(martha));
            Assert.Equal([martha], reopened.ForUser(Users.Martha));
        }
    }

    [Fact]
    public void A_data_file_torn_while_its_log_was_copied_in_opens_from_the_log_with_everything_committed()
    {
        var ratings = new LiteRatingStore(temp.Database);
        var likes = Enumerable.Range(0, 200).Select(i => new Rating(new UserKey("import", $"u{i}"), Shows.Dark.Id, RatingKind.Like, RatingSource.Import, Queued.Monday)).ToList();
        ratings.UpsertMany(likes);
        var copy = Path.Combine(temp.Folder, "copy");
        Directory.CreateDirectory(copy);
        var copied = Path.Combine(copy, "showbot.db");
        // The files as a process killed now leaves them: the commits wait in the log, not yet copied into the data file.
        foreach (var file in new[] { temp.FilePath, DatabaseFile.LogPath(temp.FilePath) })
        {
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var target = File.Create(Path.Combine(copy, Path.GetFileName(file)));
            source.CopyTo(target);
        }

        using (var data = new FileStream(copied, FileMode.Append, FileAccess.Write))
        {
            // The part of a page the full disk had room for when that copy began.
            data.Write(new byte[3000]);
        }

        using var reopened = new ShowBotDatabase(copied);
        Assert.Equal(200, new LiteRatingStore(reopened).Count);
        Assert.Equal(0, new FileInfo(copied).Length % DatabaseFile.PageSize);
    }
}
