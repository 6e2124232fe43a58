using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ShowBot.TestSupport;

/// <summary>
/// Every log line a host wrote, collected by <see cref="FakeLoggerProvider"/>: its category, level, event id, and as
/// text what an operator would see, the message with its structured values and exception.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly FakeLogCollector collector = new();
    private readonly FakeLoggerProvider provider;

    public CapturedLogs() => provider = new FakeLoggerProvider(collector);

    public IReadOnlyList<LogLine> Lines => [.. collector.GetSnapshot().Select(LogLine.Of)];

    /// <summary>Every line as <c>Level Category: Text</c>, for a failure message.</summary>
    public string All => string.Join("\n", Lines.Select(l => $"{l.Level} {l.Category}: {l.Text}"));

    public bool Contains(int eventId) => Lines.Any(l => l.EventId == eventId);

    public bool Contains(LogLevel level, string text) => Lines.Any(l => l.Level == level && l.Text.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

    public void Dispose() => provider.Dispose();
}

/// <summary>One captured log line; <see cref="Text"/> starts with the message.</summary>
public sealed record LogLine(string Category, LogLevel Level, int EventId, string Text)
{
    internal static LogLine Of(FakeLogRecord record)
    {
        var values = string.Join(" ", (record.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"));
        return new(record.Category ?? "", record.Level, record.Id.Id, $"{record.Message} | {values} | {record.Exception}");
    }
}
