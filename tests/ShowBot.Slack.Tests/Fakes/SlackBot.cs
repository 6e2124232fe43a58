using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ShowBot.Hosting;

namespace ShowBot.Slack.Tests.Fakes;

/// <summary>
/// The real ShowBot host (storage, core, the Slack adapter, as <c>run</c> composes them) pointed at a fake Slack,
/// with short intervals and every log line captured.
/// </summary>
internal sealed class SlackBot : IAsyncDisposable
{
    private readonly IHost host;
    private Task? shutdown;

    private SlackBot(IHost host, CapturedLogs logs)
    {
        this.host = host;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => host.Services;

    public IHostApplicationLifetime Lifetime => host.Services.GetRequiredService<IHostApplicationLifetime>();

    public T Get<T>()
        where T : notnull => host.Services.GetRequiredService<T>();

    public static Dictionary<string, string?> Settings(FakeSlack fake, string databasePath) => new()
    {
        ["ShowBot:Storage:DatabasePath"] = databasePath,
        ["ShowBot:Worker:PollInterval"] = "00:00:00.050",
        ["ShowBot:Slack:BotToken"] = FakeSlack.BotToken,
        ["ShowBot:Slack:AppToken"] = FakeSlack.AppToken,
        ["ShowBot:Slack:ApiBaseUrl"] = fake.ApiBaseUrl.ToString(),
        ["ShowBot:Slack:AdminUserIds:0"] = "UADMIN",
        ["ShowBot:Slack:PostMessageInterval"] = "00:00:00",
        ["ShowBot:Slack:ReactionInterval"] = "00:00:00.005",
        // Generous, so a busy machine's pauses never pass for a dead socket; the watchdog tests shorten them.
        ["ShowBot:Slack:PingInterval"] = "00:00:05",
        ["ShowBot:Slack:PingTimeout"] = "00:00:10",
        ["ShowBot:Slack:HelloTimeout"] = "00:00:10",
        ["ShowBot:Slack:RefreshOverlap"] = "00:00:00.200",
        ["ShowBot:Slack:ReconnectMinDelay"] = "00:00:00.020",
        ["ShowBot:Slack:ReconnectMaxDelay"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Trace",
    };

    /// <summary>
    /// Builds the host as <c>showbot run</c> does for Slack; <c>StartAsync()</c> starts it. <paramref name="replace"/>
    /// may register services over the host's own (the last registration wins).
    /// </summary>
    public static SlackBot Create(FakeSlack fake, string databasePath, Action<Dictionary<string, string?>>? change = null, Action<IServiceCollection>? replace = null)
    {
        var settings = Settings(fake, databasePath);
        change?.Invoke(settings);
        var builder = ShowBotHost.CreateBuilder(settings);
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration).AddSlack(builder.Configuration);
        replace?.Invoke(builder.Services);
        return new SlackBot(builder.Build(), logs);
    }

    public static async Task<SlackBot> StartAsync(FakeSlack fake, string databasePath, Action<Dictionary<string, string?>>? change = null, Action<IServiceCollection>? replace = null)
    {
        var bot = Create(fake, databasePath, change, replace);
        await bot.StartAsync();
        return bot;
    }

    /// <summary>Starts the host; like <c>showbot run</c>, it stops itself when the application asks to stop.</summary>
    public async Task StartAsync()
    {
        await host.StartAsync();
        shutdown = host.WaitForShutdownAsync();
    }

    /// <summary>Waits until the host has stopped: every loop has ended, so nothing more reaches the fake.</summary>
    public Task StoppedAsync() => (shutdown ?? throw new InvalidOperationException("The host was not started.")).WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        if (shutdown is not null)
        {
            Lifetime.StopApplication();
            await shutdown;
        }

        host.Dispose();
    }
}
