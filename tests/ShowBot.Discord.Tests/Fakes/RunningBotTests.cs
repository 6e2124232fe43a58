namespace ShowBot.Discord.Tests.Fakes;

/// <summary>
/// Tests against one fake Discord and the real host, started fresh for each test and ready once the commands are
/// registered after READY.
/// </summary>
public abstract class RunningBotTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory data = new();

    protected FakeDiscord Discord { get; private set; } = null!;

    protected DiscordBotHost Bot { get; private set; } = null!;

    /// <summary>Settings the host starts with, beyond the fake's.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        Discord = await FakeDiscord.StartAsync();
        Bot = await DiscordBotHost.StartAsync(Discord, data.DatabasePath, Settings);
        await Eventually.TrueAsync(() => Discord.RequestsTo("PUT", "/commands").Any(), "the commands registered after READY");
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Discord.DisposeAsync();
    }

    public void Dispose()
    {
        data.Dispose();
        GC.SuppressFinalize(this);
    }
}
