using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ShowBot.Hosting;

namespace ShowBot.Discord.Tests.Fakes;

/// <summary>
/// The real ShowBot host as <c>showbot run</c> builds it with Discord configured, on a temp database, pointed at a
/// <see cref="FakeDiscord"/> (and keeping its identify interval), with every log line captured at Trace.
/// </summary>
public sealed class DiscordBotHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly Task shutdown;

    private DiscordBotHost(IHost host, CapturedLogs logs)
    {
        this.host = host;
        Logs = logs;
        shutdown = host.WaitForShutdownAsync();
    }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => host.Services;

    public bool Stopping => host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    /// <summary>Starts the host; <paramref name="replaceServices"/> registers after ShowBot, e.g. a store decorator that fails on demand.</summary>
    public static async Task<DiscordBotHost> StartAsync(FakeDiscord discord, string databasePath, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["ShowBot:Storage:DatabasePath"] = databasePath,
            ["ShowBot:Discord:Token"] = FakeDiscord.Token,
            ["ShowBot:Discord:ApiBaseUrl"] = discord.ApiBase.ToString(),
            ["ShowBot:Discord:ReconnectDelay"] = "00:00:00.020",
            ["ShowBot:Discord:MaxReconnectDelay"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:ShowBot"] = "Trace",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var builder = ShowBotHost.CreateBuilder(overrides);
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration).AddDiscord(builder.Configuration);

        // Discord's identify interval is no setting; the bot keeps the fake's, which a test may shorten.
        builder.Services.Configure<DiscordOptions>(o => o.IdentifyInterval = discord.IdentifyInterval);
        replaceServices?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new DiscordBotHost(host, logs);
    }

    /// <summary>Waits until the host has stopped itself (as <c>showbot run</c> does when asked to stop): nothing more reaches the fake.</summary>
    public Task StoppedAsync() => shutdown.WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await StoppedAsync();
        host.Dispose();
    }
}
