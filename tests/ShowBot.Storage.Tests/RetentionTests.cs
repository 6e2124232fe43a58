using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Core.Retention;

namespace ShowBot.Storage.Tests;

/// <summary>Growth without bound, as issue 10 item 10 found it: a toggle storm grew the change log by one record a toggle, and requests and lists were never deleted.</summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase temp = new();
    private readonly FakeTimeProvider time = new(Start);
    private readonly LiteRatingStore ratings;
    private readonly LiteModelStore models;
    private readonly LitePredictionQueue queue;
    private readonly LiteSuggestionMessageStore messages;
    private readonly RatingSnapshots snapshots = new();

    public RetentionTests()
    {
        ratings = new LiteRatingStore(temp.Database);
        models = new LiteModelStore(temp.Database);
        queue = new LitePredictionQueue(temp.Database);
        messages = new LiteSuggestionMessageStore(temp.Database);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Twenty_thousand_toggles_count_as_one_changed_rating_and_compact_to_a_bounded_log()
    {
        ratings.Upsert(Reaction(Users.Martha, Shows.Dark.Id));
        ratings.Upsert(Reaction(Users.Jonas, Shows.Dark.Id));
        var trainedOn = ratings.LastChange;
        var atVersion = ratings.AsOf(trainedOn);
        for (var toggle = 0; toggle < 20_000; toggle++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            _ = toggle % 2 == 0
                ? ratings.Remove(Users.Jonas, Shows.Dark.Id, RatingKind.Like, RatingSource.Reaction)
                : ratings.Upsert(Reaction(Users.Jonas, Shows.Dark.Id));
        }

        var latest = ratings.AsOf(ratings.LastChange);
        var lastChange = ratings.LastChange;
        Assert.Equal(20_002, RecordsInLog());
        Assert.Equal(1, ratings.ChangesSince(trainedOn));

        var removed = ratings.Compact([trainedOn], upTo: lastChange);

        Assert.Equal(3, RecordsInLog());
        Assert.Equal(19_999, removed);
        Assert.Equal(lastChange, ratings.LastChange);
        Assert.Equal(Sorted(atVersion), Sorted(ratings.AsOf(trainedOn)));
        Assert.Equal(Sorted(latest), Sorted(ratings.AsOf(lastChange)));
        Assert.Equal(1, ratings.ChangesSince(trainedOn));
    }

    [Fact]
    public void Every_data_version_a_model_was_trained_on_stays_exact_after_compaction()
    {
        var random = new Random(42);
        UserKey[] people = [Users.Jonas, Users.Martha, Users.Ulrich];
        string[] shows = [Shows.Dark.Id, Shows.BreakingBad.Id, Shows.AttackOnTitan.Id, Shows.MoneyHeist.Id];
        var kept = new List<long>();
        for (var step = 0; step < 3_000; step++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            var (user, show) = (people[random.Next(people.Length)], shows[random.Next(shows.Length)]);
            var kind = random.Next(2) == 0 ? RatingKind.Like : RatingKind.Dislike;
            _ = random.Next(3) == 0
                ? ratings.Remove(user, show, kind, RatingSource.Reaction)
                : ratings.Upsert(new Rating(user, show, kind, RatingSource.Reaction, time.GetUtcNow()));
            if (step % 700 == 350)
            {
                kept.Add(ratings.LastChange);
            }
        }

        var before = kept.Append(ratings.LastChange).ToDictionary(n => n, n => Sorted(ratings.AsOf(n)));
        var lastChange = ratings.LastChange;

        Assert.True(ratings.Compact(kept, upTo: lastChange) > 0);
        Assert.Equal(0, ratings.Compact(kept, upTo: lastChange));

        Assert.Equal(lastChange, ratings.LastChange);
        Assert.True(RecordsInLog() <= (kept.Count + 1) * people.Length * shows.Length);
        foreach (var (change, rows) in before)
        {
            Assert.Equal(rows, Sorted(new LiteRatingStore(temp.Database).AsOf(change)));
        }

        ratings.Upsert(Reaction(Users.Jonas, "tt0944947"));
        Assert.Equal(Sorted(ratings.All()), Sorted(ratings.AsOf(ratings.LastChange)));
    }

    [Fact]
    public void A_snapshot_a_retraining_run_holds_stays_exact_until_its_model_version_is_stored()
    {
        var retention = Retention();
        ratings.Upsert(Reaction(Users.Jonas, Shows.Dark.Id));
        models.Add(Version(1, ratings.LastChange), artifact: null);
        Toggle(Users.Jonas, Shows.Dark.Id, times: 100);
        var run = snapshots.Take(ratings);
        var atSnapshot = Sorted(ratings.AsOf(run.LastChange));
        Toggle(Users.Jonas, Shows.Dark.Id, times: 100);

        Assert.Equal(99, retention.Run().Changes);
        Assert.Equal(atSnapshot, Sorted(ratings.AsOf(run.LastChange)));
        Assert.Equal(102, RecordsInLog());

        models.Add(Version(2, run.LastChange), artifact: null);
        run.Dispose();
        var second = retention.Run();

        Assert.Equal(99, second.Changes);
        Assert.Equal(atSnapshot, Sorted(ratings.AsOf(run.LastChange)));
        Assert.Equal(3, RecordsInLog());
    }

    [Fact]
    public void Once_the_oldest_version_is_pruned_the_log_below_the_oldest_kept_one_keeps_only_what_that_one_was_trained_on()
    {
        var retention = Retention();
        ratings.Upsert(Reaction(Users.Jonas, Shows.Dark.Id));
        models.Add(Version(1, ratings.LastChange), artifact: null);
        ratings.Remove(Users.Jonas, Shows.Dark.Id, RatingKind.Like, RatingSource.Reaction);
        ratings.Upsert(Reaction(Users.Martha, Shows.Dark.Id));
        models.Add(Version(2, ratings.LastChange), artifact: null);
        ratings.Upsert(Reaction(Users.Ulrich, Shows.Dark.Id));
        models.Add(Version(3, ratings.LastChange), artifact: null);
        var atSecond = Sorted(ratings.AsOf(models.Find("v2")!.Data.LastChange));

        var whileAllKept = retention.Run().Changes;
        models.Prune(keep: 2);
        var afterPruning = retention.Run().Changes;

        Assert.Equal(0, whileAllKept);
        Assert.Equal(2, afterPruning);
        Assert.Equal(2, RecordsInLog());
        Assert.Equal(atSecond, Sorted(ratings.AsOf(models.Find("v2")!.Data.LastChange)));
    }

    [Fact]
    public void The_first_run_after_a_restart_compacts_the_toggles_made_before_it()
    {
        ratings.Upsert(Reaction(Users.Jonas, Shows.Dark.Id));
        models.Add(Version(1, ratings.LastChange), artifact: null);
        Toggle(Users.Jonas, Shows.Dark.Id, times: 1_000);
        var latest = Sorted(ratings.AsOf(ratings.LastChange));

        var restarted = Retention();

        Assert.Equal(999, restarted.Run().Changes);
        Assert.Equal(2, RecordsInLog());
        Assert.Equal(latest, Sorted(ratings.AsOf(ratings.LastChange)));
    }

    [Fact]
    public void Finished_requests_and_lists_past_their_retention_go_and_recent_ones_stay()
    {
        Finish("discord:answered-31-days-ago", Start.AddDays(-31), answered: true);
        Finish("discord:failed-31-days-ago", Start.AddDays(-31), answered: false);
        Finish("discord:answered-an-hour-ago", Start.AddHours(-1), answered: true);
        queue.TryEnqueue(Request("discord:waiting-since-40-days", Start.AddDays(-40)));
        messages.Save(List("91-days-old", Start.AddDays(-91)));
        messages.Save(List("89-days-old", Start.AddDays(-89)));

        var report = Retention().Run();

        Assert.Equal(new RetentionReport(0, 2, 1), report);
        Assert.Null(queue.StateOf("discord:answered-31-days-ago"));
        Assert.Null(queue.StateOf("discord:failed-31-days-ago"));
        Assert.False(queue.TryEnqueue(Request("discord:answered-an-hour-ago", Start)));
        Assert.Equal(RequestState.Pending, queue.StateOf("discord:waiting-since-40-days"));
        Assert.Null(messages.Find(ListRef("91-days-old")));
        Assert.NotNull(messages.Find(ListRef("89-days-old")));
    }

    [Fact]
    public async Task The_service_runs_at_start_and_again_every_interval_by_the_clock()
    {
        messages.Save(List("91-days-old", Start.AddDays(-91)));
        messages.Save(List("half-a-day-short-of-90-days", Start.AddDays(-89.5)));
        using var service = new DataRetentionService(Retention(), Options.Create(new RetentionOptions()), time, NullLogger<DataRetentionService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => messages.Find(ListRef("91-days-old")) is null);
        Assert.NotNull(messages.Find(ListRef("half-a-day-short-of-90-days")));

        time.Advance(TimeSpan.FromDays(1));

        await Eventually.TrueAsync(() => messages.Find(ListRef("half-a-day-short-of-90-days")) is null);
        await service.StopAsync(CancellationToken.None);
    }

    private DataRetention Retention() => new(ratings, snapshots, models, queue, messages, Options.Create(new RetentionOptions()), time, NullLogger<DataRetention>.Instance);

    private void Toggle(UserKey user, string show, int times)
    {
        for (var toggle = 0; toggle < times; toggle++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            _ = ratings.Remove(user, show, RatingKind.Like, RatingSource.Reaction) || ratings.Upsert(Reaction(user, show));
        }
    }

    private void Finish(string key, DateTimeOffset acceptedAt, bool answered)
    {
        queue.TryEnqueue(Request(key, acceptedAt));
        queue.TryClaimNext(acceptedAt, ["discord"]);
        if (answered)
        {
            queue.MarkAnswered(key, acceptedAt.AddSeconds(2));
        }
        else
        {
            queue.MarkFailed(key, "Discord said 50001 Missing Access");
        }
    }

    private int RecordsInLog() => temp.Database.Database.GetCollection("rating_changes").Count();

    private Rating Reaction(UserKey user, string show) => new(user, show, RatingKind.Like, RatingSource.Reaction, time.GetUtcNow());

    private static ModelVersion Version(int number, long trainedOn) => new(
        $"v{number}", "ease", new Dictionary<string, double>(), new DataVersion(trainedOn, 1, 1, 1, "000000000000"),
        new Dictionary<string, double>(), TimeSpan.Zero, Start, ModelStatus.Rejected);

    private static PredictionRequest Request(string key, DateTimeOffset acceptedAt) =>
        new(key, Users.Jonas, [Shows.Dark.Id], 5, new ReplyTarget("discord", "{}"), acceptedAt);

    private static MessageRef ListRef(string id) => new("discord", "1090289135128711188", id);

    private static SuggestionMessage List(string id, DateTimeOffset postedAt) => new(ListRef(id), Users.Jonas, [Shows.Dark.Id], "request", postedAt);

    private static List<Rating> Sorted(IEnumerable<Rating> rows) =>
        [.. rows.OrderBy(r => r.User.ToString(), StringComparer.Ordinal).ThenBy(r => r.ShowId, StringComparer.Ordinal)];
}
