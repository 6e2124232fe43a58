namespace ShowBot.TestSupport;

/// <summary>A fresh folder for one test's files and database, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "showbot-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => File("showbot.db");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a host the test abandoned on purpose; the OS temp cleaner gets it.
        }
    }
}
