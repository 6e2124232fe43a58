using System.Net.Sockets;
using System.Threading.Channels;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ShowBot.Core.Import;
using ShowBot.Storage;
using ShowBot.Verbs;

namespace ShowBot.Control;

/// <summary>
/// Runs operators' verbs (<c>train</c>, <c>models</c>, <c>rollback</c>, <c>export</c>, <c>import</c>) in the bot,
/// which owns the database, when they are started beside it: they reach it on the control socket beside the file.
/// Only the bot's own OS user can connect (the socket is mode 0600). A failing connection never stops the bot.
/// </summary>
internal sealed partial class ControlServer(ShowBotDatabase database, IServiceProvider services, ILogger<ControlServer> logger) : BackgroundService
{
    private readonly string path = ControlProtocol.EndpointFor(database.FilePath);
    private Socket? listener;

    /// <summary>Listens before the bot counts as started, so an operator's verb never finds it deaf.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            listener = Listen(path);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Verbs started beside the bot are then refused with the line that names it; the bot itself serves on.
            LogUnavailable(ex, path);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var connection = await listener.AcceptAsync(stoppingToken);
                connections.RemoveAll(c => c.IsCompleted);
                connections.Add(ServeAsync(connection, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (SocketException ex)
        {
            LogUnavailable(ex, path);
        }
        finally
        {
            listener.Dispose();
            TryDelete(path);
            await Task.WhenAll(connections);
        }
    }

    private static Socket Listen(string path)
    {
        // Only the owner of the lock gets here, so a socket file that exists was left by a process that died.
        TryDelete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows())
            {
                // Before Listen, so nobody can connect while the file still has the default mode.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            socket.Listen(8);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        var replies = new ConnectionOutput(stream, cancel);
        var verb = "command";
        try
        {
            var line = await new ControlLineReader(stream, ControlProtocol.MaxRequestBytes).ReadLineAsync(cancel.Token);
            if (line is null)
            {
                return;
            }

            var request = ControlProtocol.ParseRequest(line.Value);
            verb = request.Verb;
            LogRunning(verb);
            await replies.SendAsync(new ControlReply(ControlReplyKind.Accepted));
            _ = CancelWhenTheOperatorLeavesAsync(stream, cancel);
            var code = await VerbHost.GuardAsync(verb, replies, services, () => request.RunAsync(services, replies, cancel.Token));
            if (code == ExitCodes.Ok && request.NoteFromRunningBot is { } note)
            {
                await replies.WriteErrorAsync(note);
            }

            await replies.CompleteAsync(code);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await replies.TryCompleteAsync(ExitCodes.BadInput, $"{verb}: stopped, because the bot is stopping; nothing half-done was kept.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ChannelClosedException)
        {
            LogConnectionLost(verb);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException or NotSupportedException)
        {
            LogBadRequest(ex.Message);
            await replies.TryCompleteAsync(ExitCodes.BadInput, "ShowBot's control socket: a request it cannot read (is the showbot that sent it another version?).");
        }
        catch (Exception ex)
        {
            LogFailed(ex, verb);
            await replies.TryCompleteAsync(ExitCodes.BadInput, $"{verb}: failed in the running bot ({ex.GetType().Name}); its log has the details.");
        }
    }

    /// <summary>The operator sends nothing after the request, so a read that ends means they left (Ctrl+C): stop their work.</summary>
    private static async Task CancelWhenTheOperatorLeavesAsync(Stream stream, CancellationTokenSource cancel)
    {
        try
        {
            var buffer = new byte[1];
            while (await stream.ReadAsync(buffer, cancel.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }

        try
        {
            await cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The command ended first.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Binding reports it if it matters.
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "The control socket {Path} is not available, so operators' verbs beside the bot will be refused")]
    private partial void LogUnavailable(Exception exception, string path);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Running `{Verb}` for an operator")]
    private partial void LogRunning(string verb);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "The operator's `{Verb}` left before it finished")]
    private partial void LogConnectionLost(string verb);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "A control request could not be read: {Reason}")]
    private partial void LogBadRequest(string reason);

    [LoggerMessage(EventId = 704, Level = LogLevel.Error, Message = "An operator's `{Verb}` failed in the bot")]
    private partial void LogFailed(Exception exception, string verb);

    /// <summary>
    /// A verb's output going back over the connection. Steps and progress may be dropped when the operator reads slowly;
    /// result lines wait for room, so an export streams at the operator's pace.
    /// </summary>
    private sealed class ConnectionOutput : IVerbOutput
    {
        private readonly Channel<ControlReply> replies = Channel.CreateBounded<ControlReply>(new BoundedChannelOptions(256) { SingleReader = true });
        private readonly Task pump;

        public ConnectionOutput(Stream stream, CancellationTokenSource cancel)
        {
            pump = PumpAsync(stream, cancel);
            Steps = new SynchronousProgress<string>(step => replies.Writer.TryWrite(new ControlReply(ControlReplyKind.Step, Text: step)));
            Import = new SynchronousProgress<ImportProgress>(progress => replies.Writer.TryWrite(new ControlReply(ControlReplyKind.Progress, Progress: progress)));
        }

        public IProgress<string> Steps { get; }

        public IProgress<ImportProgress> Import { get; }

        public Task WriteLineAsync(string line) => SendAsync(new ControlReply(ControlReplyKind.Output, Text: line));

        public Task WriteErrorAsync(string line) => SendAsync(new ControlReply(ControlReplyKind.Error, Text: line));

        public async Task SendAsync(ControlReply reply) => await replies.Writer.WriteAsync(reply);

        public async Task CompleteAsync(int exitCode)
        {
            await SendAsync(new ControlReply(ControlReplyKind.Exit, ExitCode: exitCode));
            replies.Writer.TryComplete();
            await pump;
        }

        public async Task TryCompleteAsync(int exitCode, string error)
        {
            try
            {
                await WriteErrorAsync(error);
                await CompleteAsync(exitCode);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ChannelClosedException or OperationCanceledException or ObjectDisposedException)
            {
                // The operator is gone; the bot's log has it.
            }
        }

        private async Task PumpAsync(Stream stream, CancellationTokenSource cancel)
        {
            try
            {
                await foreach (var reply in replies.Reader.ReadAllAsync())
                {
                    await ControlProtocol.WriteAsync(stream, reply, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The operator is gone: stop their work; the command's next line finds the channel closed.
                replies.Writer.TryComplete(ex);
                try
                {
                    await cancel.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }
}
