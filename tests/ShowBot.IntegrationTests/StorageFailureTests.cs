using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using ShowBot.ConsoleChat;
using ShowBot.Core.Requests;
using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.IntegrationTests;

public class StorageFailureTests
{
    [Fact]
    public async Task A_full_disk_while_queuing_gets_a_friendly_answer_and_the_chat_goes_on()
    {
        using var data = new TempDirectory();
        var output = new StringWriter();
        var terminal = new ConsoleTerminal(new StringReader("/recommend Fargo\n/likes\n"), output, interactive: false);
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?> { ["ShowBot:Storage:DatabasePath"] = data.DatabasePath });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        builder.Services.AddSingleton<IPredictionQueue>(sp => new DiskFullQueue(new LitePredictionQueue(sp.GetRequiredService<ShowBotDatabase>())));
        builder.Services.AddConsoleChat(builder.Configuration, terminal);
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await host.RunAsync(timeout.Token);

        Assert.False(timeout.IsCancellationRequested, "the chat did not finish by itself");
        Assert.Contains("Sorry — I couldn't save that just now", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("You haven't rated anything yet.", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A queue on a disk that has just filled up: every write fails the way the OS reports it.</summary>
    private sealed class DiskFullQueue(IPredictionQueue inner) : IPredictionQueue
    {
        public bool TryEnqueue(PredictionRequest request) => throw new IOException("No space left on device");

        public PredictionRequest? TryClaimNext(DateTimeOffset now, IReadOnlyCollection<string> platforms) => inner.TryClaimNext(now, platforms);

        public void MarkAnswered(string key, DateTimeOffset now) => inner.MarkAnswered(key, now);

        public void Release(string key, string? error, DateTimeOffset? retryAt = null) => inner.Release(key, error, retryAt);

        public void MarkFailed(string key, string error) => inner.MarkFailed(key, error);

        public int RecoverInFlight() => inner.RecoverInFlight();

        public RequestState? StateOf(string key) => inner.StateOf(key);

        public PredictionRequest? Find(string key) => inner.Find(key);

        public int CountOutstanding(string? platform = null) => inner.CountOutstanding(platform);

        public int Prune(DateTimeOffset acceptedBefore) => inner.Prune(acceptedBefore);
    }
}
