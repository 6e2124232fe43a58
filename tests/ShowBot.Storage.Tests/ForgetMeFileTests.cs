using System.Text;

using LiteDB;

using ShowBot.Core.Ratings;

using static ShowBot.Storage.Tests.ForgetMeContract;
using static ShowBot.Storage.Tests.Queued;

namespace ShowBot.Storage.Tests;

/// <summary>Forget-me in the LiteDB file: an older release's log, and the bytes left in the file and its journal.</summary>
public sealed class ForgetMeFileTests : IDisposable
{
    private readonly TempDatabase temp = new();
    private readonly LiteRatingStore ratings;
    private readonly LitePersonalDataEraser eraser;

    public ForgetMeFileTests()
    {
        ratings = new LiteRatingStore(temp.Database);
        eraser = new LitePersonalDataEraser(temp.Database);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_file_with_the_user_indexes_of_an_older_version_loses_them_and_forget_me_still_erases_every_rating_and_change_of_the_person()
    {
        ratings.Upsert(Like(Forgotten, Shows.Dark.Id));
        ratings.Upsert(Like(Users.Martha, Shows.Dark.Id));
        temp.Close();
        using (var older = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct }))
        {
            older.GetCollection("rating_changes").EnsureIndex("user");
            older.GetCollection("ratings").EnsureIndex("user");
        }

        var upgraded = new LitePersonalDataEraser(temp.Database);
        upgraded.Erase(Forgotten, Evening);

        Assert.False(temp.Database.HasIndex("rating_changes", "user"));
        Assert.False(temp.Database.HasIndex("ratings", "user"));
        Assert.Empty(new LiteRatingStore(temp.Database).ForUser(Forgotten));
        Assert.Single(new LiteRatingStore(temp.Database).ForUser(Users.Martha));
        Assert.Equal([Users.Martha], new LiteRatingStore(temp.Database).Changes().Where(c => c.Rating is not null).Select(c => c.Rating!.User));
    }

    [Fact]
    public void A_forget_logged_by_an_earlier_release_becomes_an_erasure_of_everything_before_it_at_the_next_compaction()
    {
        ratings.Upsert(Like(Forgotten, Shows.Dark.Id));
        ratings.Upsert(Like(Users.Martha, Shows.Dark.Id));
        temp.Database.Database.GetCollection("ratings").DeleteMany(Query.EQ("user", Forgotten.ToString()));
        temp.Database.Database.GetCollection("rating_changes", BsonAutoId.Int64).Insert(new BsonDocument { ["op"] = "forget", ["user"] = Forgotten.ToString() });
        Assert.Contains(ratings.AsOf(1), r => r.User == Forgotten);
        ratings.Upsert(Like(Forgotten, Shows.BreakingBad.Id));
        var lastChange = ratings.LastChange;

        ratings.Compact([], upTo: 0);

        Assert.DoesNotContain(ratings.AsOf(1), r => r.User == Forgotten);
        Assert.Equal([(Forgotten, Shows.BreakingBad.Id)], ratings.AsOf(lastChange).Where(r => r.User == Forgotten).Select(r => (r.User, r.ShowId)));
        Assert.Equal(new RatingErasure(3, 1, null), Assert.Single(ratings.ErasuresAfter(0)));
        Assert.Equal(lastChange, ratings.LastChange);
    }

    /// <summary>
    /// LiteDB clears a deleted block, but until a checkpoint the journal and the file's older page copies still hold
    /// the deleted documents (2,565 occurrences here without it), so the erasure ends with one.
    /// </summary>
    [Fact]
    public void The_files_of_the_running_database_keep_no_byte_of_the_person_id_after_forget_me()
    {
        var queue = new LitePredictionQueue(temp.Database);
        var messages = new LiteSuggestionMessageStore(temp.Database);
        for (var i = 0; i < 50; i++)
        {
            ratings.Upsert(Like(Forgotten, $"tt{1_000_000 + i}"));
            ratings.Upsert(Like(Users.Martha, $"tt{1_000_000 + i}"));
            queue.TryEnqueue(Request($"request-{i}", Forgotten, Monday.AddMinutes(i)));
            messages.Save(List($"{i}", Forgotten));
        }

        Assert.NotEqual(0, OccurrencesInFiles(Forgotten.ToString()));

        eraser.Erase(Forgotten, Evening);

        Assert.Equal(0, OccurrencesInFiles(Forgotten.ToString()));
        Assert.NotEqual(0, OccurrencesInFiles(Users.Martha.ToString()));
    }

    private int OccurrencesInFiles(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(temp.Folder, "*.db").Sum(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray().AsSpan();
            var count = 0;
            for (var at = bytes.IndexOf(needle); at >= 0; at = bytes.IndexOf(needle))
            {
                count++;
                bytes = bytes[(at + needle.Length)..];
            }

            return count;
        });
    }
}
