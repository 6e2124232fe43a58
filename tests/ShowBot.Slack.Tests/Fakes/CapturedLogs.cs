using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

namespace ShowBot.Slack.Tests.Fakes;

/// <summary>Every log line a host wrote, with its category, structured values and exception.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, int EventId, string Text)> lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, int EventId, string Text)> Lines => lines.ToList();

    public bool Contains(int eventId) => lines.Any(l => l.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, int, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue((category, logLevel, eventId.Id, $"{formatter(state, exception)} | {values} | {exception}"));
        }
    }
}
