using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

namespace ShowBot.Discord.Tests.Fakes;

/// <summary>Every log line of a host, with its exception, as text: what an operator would see.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public bool Contains(LogLevel level, string text) =>
        Entries.Any(e => e.Level == level && e.Text.Contains(text, StringComparison.Ordinal));

    public string All => string.Join("\n", Entries.Select(e => $"{e.Level} {e.Category}: {e.Text}"));

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            logs.Entries.Enqueue((logLevel, category, $"{formatter(state, exception)} [{values}] {exception}"));
        }
    }
}
