using System.IO.Compression;
using System.Text;

using ShowBot.Core.Import;

namespace ShowBot.Core.Tests.Import;

/// <summary>A clock stopped at one instant.</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
internal sealed class RecordingProgress : IProgress<ImportProgress>
{
    public List<ImportProgress> Reports { get; } = [];

    public void Report(ImportProgress value) => Reports.Add(value);
}

internal static class TestData
{
    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static MemoryStream Gzip(string text)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        compressed.Position = 0;
        return compressed;
    }

    /// <summary>A file of Import/Fixtures, copied beside the test binaries.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", name);
}
