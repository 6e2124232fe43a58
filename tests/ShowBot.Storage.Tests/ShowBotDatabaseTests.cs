using LiteDB;

using ShowBot.Core.Ratings;

namespace ShowBot.Storage.Tests;

public sealed class ShowBotDatabaseTests : IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_folder_of_the_database_is_created_when_it_does_not_exist()
    {
        var path = Path.Combine(temp.Folder, "data", "bot", "showbot.db");
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));

        using (var database = new ShowBotDatabase(path))
        {
            Assert.Equal(path, database.FilePath);
            Assert.Equal(1, new LiteCatalogStore(database).Upsert([Shows.Dark]));
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_file_written_with_case_insensitive_keys_is_converted_and_keeps_its_data()
    {
        using (var legacy = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct }))
        {
            var ratings = legacy.GetCollection("ratings");
            ratings.EnsureIndex("user");
            ratings.Insert(new BsonDocument
            {
                ["_id"] = "console:alice|tt5753856",
                ["user"] = "console:alice",
                ["show"] = "tt5753856",
                ["kind"] = (int)RatingKind.Like,
                ["source"] = (int)RatingSource.Command,
                ["at"] = new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero).UtcTicks,
            });
        }

        var store = new LiteRatingStore(temp.Database);
        var capitalAlice = new Rating(new UserKey("console", "Alice"), "tt5753856", RatingKind.Dislike, RatingSource.Command, DateTimeOffset.UnixEpoch);

        Assert.True(store.Upsert(capitalAlice));
        Assert.Equal(RatingKind.Like, store.ForUser(new UserKey("console", "alice")).Single().Kind);
        Assert.Equal([capitalAlice], store.ForUser(capitalAlice.User));
        Assert.Equal(2, new LiteRatingStore(temp.Restart()).Count);
    }
}
