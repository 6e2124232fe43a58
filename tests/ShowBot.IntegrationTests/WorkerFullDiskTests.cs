using System.Text.RegularExpressions;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.ConsoleChat;
using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Hosting;
using ShowBot.Storage;
using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

/// <summary>The disk fills up while the worker answers: every request is answered or its person told, and the bot stays up.</summary>
public partial class WorkerFullDiskTests
{
    private static readonly string[] Shows =
    [
        "Breaking Bad", "The Wire", "Fargo", "Sherlock", "Friends", "Seinfeld", "Mad Men", "The Sopranos", "Dexter", "Westworld",
        "Succession", "Severance", "Narcos", "Ozark", "Mindhunter", "Chernobyl", "Band of Brothers", "Planet Earth", "Game of Thrones", "True Detective",
    ];

    [Fact]
    public async Task Twenty_requests_while_the_disk_is_full_and_then_freed_each_get_suggestions_or_a_clear_message_and_the_bot_stays_up()
    {
        using var data = new TempDirectory();
        var disk = new FillingDisk(writesBeforeFull: 12, failingWrites: 12);
        var output = new StringWriter();
        var terminal = new ConsoleTerminal(new StringReader(string.Join("\n", Shows.Select(s => "/recommend " + s)) + "\n"), output, interactive: false);
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
            ["ShowBot:Worker:PollInterval"] = "00:00:00.050",
        });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        builder.Services.AddSingleton<IPredictionQueue>(sp => new FullDiskQueue(new LitePredictionQueue(sp.GetRequiredService<ShowBotDatabase>()), disk));
        builder.Services.AddSingleton<IRatingStore>(sp => new FullDiskRatings(new LiteRatingStore(sp.GetRequiredService<ShowBotDatabase>()), disk));
        builder.Services.AddSingleton<ISuggestionMessageStore>(sp => new FullDiskMessages(new LiteSuggestionMessageStore(sp.GetRequiredService<ShowBotDatabase>()), disk));
        builder.Services.AddConsoleChat(builder.Configuration, terminal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var exitCode = await HostRunner.RunAsync(builder.Build(), timeout.Token);

        var text = output.ToString();
        Assert.False(timeout.IsCancellationRequested, "the chat did not finish by itself:\n" + text);
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(12, disk.FailedWrites);
        var notQueued = Count(text, "Sorry — I couldn't save that just now");
        var queued = Count(text, "Looking for shows like");
        var lists = SuggestionList().Count(text);
        var told = Count(text, "Sorry — I couldn't save your request (the bot's disk is full). Please try again later.");
        Assert.Equal(Shows.Length, queued + notQueued);
        Assert.Equal(queued, lists + told);
        Assert.DoesNotContain("No space left", text, StringComparison.Ordinal);
        Assert.True(lists > 0, text);
    }

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    [GeneratedRegex(@"^\[#\d+\] Because you like", RegexOptions.Multiline)]
    private static partial Regex SuggestionList();

    /// <summary>After some writes the disk is full: writes fail as the OS reports it (ENOSPC) until enough have failed, then there is room again.</summary>
    private sealed class FillingDisk(int writesBeforeFull, int failingWrites)
    {
        private readonly Lock gate = new();
        private int writesLeft = writesBeforeFull;
        private int failuresLeft = failingWrites;

        public int FailedWrites { get; private set; }

        public T Write<T>(Func<T> write)
        {
            lock (gate)
            {
                if (writesLeft > 0)
                {
                    writesLeft--;
                }
                else if (failuresLeft > 0)
                {
                    failuresLeft--;
                    FailedWrites++;
                    throw new IOException("No space left on device : '/data/showbot-log.db'", 28);
                }
            }

            return write();
        }

        public void Write(Action write) => Write(() =>
        {
            write();
            return true;
        });
    }

    private sealed class FullDiskQueue(IPredictionQueue inner, FillingDisk disk) : IPredictionQueue
    {
        public bool TryEnqueue(PredictionRequest request) => disk.Write(() => inner.TryEnqueue(request));

        public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms) => disk.Write(() => inner.TryClaimNext(now, platforms));

        public void MarkAnswered(string key, DateTimeOffset now) => disk.Write(() => inner.MarkAnswered(key, now));

        public void Release(string key, string? error, DateTimeOffset? retryAt = null) => disk.Write(() => inner.Release(key, error, retryAt));

        public void MarkFailed(string key, string error) => disk.Write(() => inner.MarkFailed(key, error));

        public int RecoverInFlight() => disk.Write(inner.RecoverInFlight);

        public RequestState? StateOf(string key) => inner.StateOf(key);

        public int CountOutstanding(string? platform = null) => inner.CountOutstanding(platform);
    }

    private sealed class FullDiskRatings(IRatingStore inner, FillingDisk disk) : IRatingStore
    {
        public int Count => inner.Count;

        public long LastChange => inner.LastChange;

        public bool Upsert(Rating rating) => disk.Write(() => inner.Upsert(rating));

        public int UpsertMany(IEnumerable<Rating> ratings) => disk.Write(() => inner.UpsertMany(ratings));

        public bool Remove(UserKey user, string showId, RatingKind kind, RatingSource source) => disk.Write(() => inner.Remove(user, showId, kind, source));

        public IReadOnlyList<Rating> ForUser(UserKey user) => inner.ForUser(user);

        public int ForgetUser(UserKey user) => disk.Write(() => inner.ForgetUser(user));

        public IEnumerable<Rating> All() => inner.All();

        public int ChangesSince(long change) => inner.ChangesSince(change);

        public IReadOnlyList<Rating> AsOf(long change) => inner.AsOf(change);
    }

    private sealed class FullDiskMessages(ISuggestionMessageStore inner, FillingDisk disk) : ISuggestionMessageStore
    {
        public void Save(SuggestionMessage message) => disk.Write(() => inner.Save(message));

        public SuggestionMessage? Find(MessageRef message) => inner.Find(message);

        public long HighestNumericMessageId(string platform) => inner.HighestNumericMessageId(platform);

        public int ForgetUser(UserKey user) => disk.Write(() => inner.ForgetUser(user));
    }
}
