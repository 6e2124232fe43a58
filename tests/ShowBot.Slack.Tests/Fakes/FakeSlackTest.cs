namespace ShowBot.Slack.Tests.Fakes;

/// <summary>A test with its own fake Slack and database folder.</summary>
public abstract class FakeSlackTest : IAsyncLifetime, IDisposable
{
    internal TempDirectory Data { get; } = new();

    internal FakeSlack Fake { get; private set; } = null!;

    public async Task InitializeAsync() => Fake = await FakeSlack.StartAsync();

    public async Task DisposeAsync() => await Fake.DisposeAsync();

    public void Dispose()
    {
        Data.Dispose();
        GC.SuppressFinalize(this);
    }
}
