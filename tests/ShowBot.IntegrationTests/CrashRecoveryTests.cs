using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Hosting;

namespace ShowBot.IntegrationTests;

/// <summary>Accepted requests survive the process: a crash mid-job and a graceful stop both leave them answered later.</summary>
public class CrashRecoveryTests
{
    [Fact]
    public async Task A_request_whose_worker_died_mid_job_is_answered_once_after_restart()
    {
        using var data = new TempDirectory();
        var hung = new ScriptedPlatform(hangForever: true);
        var first = BuildHost(data, hung);
        await first.StartAsync();
        first.Services.GetRequiredService<CommandHandler>().Recommend(Command("interaction-1"));
        var firstQueue = first.Services.GetRequiredService<IPredictionQueue>();
        await Eventually.TrueAsync(() => firstQueue.StateOf("interaction-1") == RequestState.InFlight && hung.Attempts == 1);

        // The process dies: nothing is stopped or released, the database file is simply let go.
        first.Services.GetRequiredService<ShowBot.Storage.ShowBotDatabase>().Dispose();

        var healthy = new ScriptedPlatform(hangForever: false);
        using var second = BuildHost(data, healthy);
        await second.StartAsync();
        var queue = second.Services.GetRequiredService<IPredictionQueue>();
        await Eventually.TrueAsync(() => queue.StateOf("interaction-1") == RequestState.Answered);
        await second.StopAsync();

        var (target, reply) = Assert.Single(healthy.Sent);
        Assert.Equal("interaction-1", target.Payload);
        Assert.NotEmpty(Assert.IsType<SuggestionsReply>(reply).Items);
    }

    [Fact]
    public async Task A_graceful_stop_puts_the_request_in_hand_back_and_the_next_run_answers_it()
    {
        using var data = new TempDirectory();
        var slow = new ScriptedPlatform(hangForever: true);
        using (var first = BuildHost(data, slow))
        {
            await first.StartAsync();
            first.Services.GetRequiredService<CommandHandler>().Recommend(Command("interaction-2"));
            await Eventually.TrueAsync(() => slow.Attempts == 1);
            await first.StopAsync();
            Assert.Equal(RequestState.Pending, first.Services.GetRequiredService<IPredictionQueue>().StateOf("interaction-2"));
        }

        var healthy = new ScriptedPlatform(hangForever: false);
        using var second = BuildHost(data, healthy);
        await second.StartAsync();
        var queue = second.Services.GetRequiredService<IPredictionQueue>();
        await Eventually.TrueAsync(() => queue.StateOf("interaction-2") == RequestState.Answered);
        await second.StopAsync();
        Assert.Single(healthy.Sent);
    }

    private static RecommendCommand Command(string id) =>
        new(id, new UserKey(ScriptedPlatform.Name, "80351110224678912"), ["Breaking Bad"], new ReplyTarget(ScriptedPlatform.Name, id));

    private static IHost BuildHost(TempDirectory data, ScriptedPlatform platform)
    {
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
            ["ShowBot:Worker:PollInterval"] = "00:00:00.100",
        });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        builder.Services.AddSingleton<IChatPlatform>(platform);
        return builder.Build();
    }


    /// <summary>A chat platform that either answers or hangs like a stuck connection (ignoring nothing but shutdown).</summary>
    internal sealed class ScriptedPlatform(bool hangForever) : IChatPlatform
    {
        public const string Name = "scripted";
        private int attempts;

        public string Platform => Name;

        public int Attempts => Volatile.Read(ref attempts);

        public List<(ReplyTarget Target, Reply Reply)> Sent { get; } = [];

        public async Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref attempts);
            if (hangForever)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            lock (Sent)
            {
                Sent.Add((target, reply));
            }

            return new MessageRef(Name, "channel", $"{Attempts}");
        }
    }
}
