namespace ShowBot.Discord.Tests.Fakes;

/// <summary>A folder of its own under the temp directory for one test's database; deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "showbot-discord-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase() => Directory.CreateDirectory(folder);

    public string Path => System.IO.Path.Combine(folder, "showbot.db");

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
