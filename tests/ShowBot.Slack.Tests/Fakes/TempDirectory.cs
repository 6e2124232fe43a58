namespace ShowBot.Slack.Tests.Fakes;

/// <summary>A fresh folder for one test's database, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("showbot-slack-").FullName;

    public string DatabasePath => System.IO.Path.Combine(Path, "showbot.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping host; the OS cleans temp folders.
        }
    }
}
