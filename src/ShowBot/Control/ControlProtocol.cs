using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

using ShowBot.Core.Import;
using ShowBot.Verbs;

namespace ShowBot.Control;

/// <summary>What the bot sends back on a control connection; the first reply is <see cref="Accepted"/>, the last <see cref="Exit"/>.</summary>
internal enum ControlReplyKind
{
    /// <summary>The bot took the command and runs it now.</summary>
    Accepted,
    Output,
    Error,
    Step,
    Progress,
    Exit,
}

internal sealed record ControlReply(ControlReplyKind Kind, string? Text = null, ImportProgress? Progress = null, int? ExitCode = null);

/// <summary>
/// The control socket beside a database file (<c>&lt;db&gt;.control</c>, a Unix domain socket, mode 0600), on which
/// the bot that owns the file runs operators' verbs. One JSON line per message, UTF-8: the operator's process sends one
/// <see cref="OperatorRequest"/>, the bot answers with <see cref="ControlReply"/> lines.
/// </summary>
internal static class ControlProtocol
{
    /// <summary>Longer than any request, short enough that a stray client cannot make the bot buffer much.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>A reply carries at most one line of output, e.g. one exported rating or the list of models.</summary>
    public const int MaxReplyBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string EndpointFor(string databasePath) => databasePath + ".control";

    public static Task WriteAsync(Stream stream, OperatorRequest request, CancellationToken cancellationToken) =>
        WriteLineAsync(stream, JsonSerializer.SerializeToUtf8Bytes(request, Json), cancellationToken);

    public static Task WriteAsync(Stream stream, ControlReply reply, CancellationToken cancellationToken) =>
        WriteLineAsync(stream, JsonSerializer.SerializeToUtf8Bytes(reply, Json), cancellationToken);

    public static OperatorRequest ParseRequest(ReadOnlyMemory<byte> line) =>
        JsonSerializer.Deserialize<OperatorRequest>(line.Span, Json) ?? throw new InvalidDataException("An empty control request.");

    public static ControlReply ParseReply(ReadOnlyMemory<byte> line) =>
        JsonSerializer.Deserialize<ControlReply>(line.Span, Json) ?? throw new InvalidDataException("An empty control reply.");

    private static async Task WriteLineAsync(Stream stream, byte[] json, CancellationToken cancellationToken)
    {
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await stream.WriteAsync(line, cancellationToken);
    }
}

/// <summary>Reads newline-ended messages, refusing one longer than the limit instead of buffering it.</summary>
internal sealed class ControlLineReader(Stream stream, int maxBytes)
{
    private readonly byte[] buffer = new byte[8192];
    private int start;
    private int end;

    /// <summary>The next line without its newline, or null when the other side closed the connection.</summary>
    public async Task<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>();
        while (true)
        {
            var pending = buffer.AsSpan(start, end - start);
            var newline = pending.IndexOf((byte)'\n');
            var taken = newline >= 0 ? pending[..newline] : pending;
            if (line.WrittenCount + taken.Length > maxBytes)
            {
                throw new InvalidDataException($"A control message is longer than {maxBytes:N0} bytes.");
            }

            line.Write(taken);
            if (newline >= 0)
            {
                start += newline + 1;
                return line.WrittenMemory;
            }

            start = end = 0;
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return line.WrittenCount == 0 ? null : throw new InvalidDataException("A control message was cut off.");
            }

            end = read;
        }
    }
}
