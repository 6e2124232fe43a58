using System.Net.Sockets;
using System.Text.Json;

using ShowBot.Storage;
using ShowBot.Verbs;

namespace ShowBot.Control;

/// <summary>An operator's verb handed to the bot that owns the database, with its output shown here as if run here.</summary>
internal static class ControlClient
{
    /// <summary>How long the bot has to take the command; a bot that is hung (or too old to listen) is then refused instead.</summary>
    private static readonly TimeSpan AcceptPatience = TimeSpan.FromSeconds(5);

    /// <summary>The verb's exit code, or null when no bot took the command (nothing listens, or nothing answered in time).</summary>
    public static async Task<int?> TryRunAsync(DatabaseInUseException inUse, OperatorRequest request, IVerbOutput output, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await using var stream = await TryConnectAsync(socket, ControlProtocol.EndpointFor(inUse.DatabasePath), cancellationToken);
        if (stream is null)
        {
            return null;
        }

        var replies = new ControlLineReader(stream, ControlProtocol.MaxReplyBytes);
        if (!await TryHandOverAsync(stream, replies, request, cancellationToken))
        {
            return null;
        }

        await output.WriteErrorAsync($"{request.Verb}: run by the bot that has the database open, {inUse.Holder?.ToString() ?? "another process"}.");
        try
        {
            while (await replies.ReadLineAsync(cancellationToken) is { } line)
            {
                var reply = ControlProtocol.ParseReply(line);
                switch (reply.Kind)
                {
                    case ControlReplyKind.Output:
                        await output.WriteLineAsync(reply.Text ?? "");
                        break;
                    case ControlReplyKind.Error:
                        await output.WriteErrorAsync(reply.Text ?? "");
                        break;
                    case ControlReplyKind.Step when reply.Text is not null:
                        output.Steps.Report(reply.Text);
                        break;
                    case ControlReplyKind.Progress when reply.Progress is { } progress:
                        output.Import.Report(progress);
                        break;
                    case ControlReplyKind.Exit:
                        return reply.ExitCode ?? ExitCodes.BadInput;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or JsonException)
        {
            // As if the bot stopped: said below.
        }

        await output.WriteErrorAsync($"{request.Verb}: the running bot stopped before the command finished; run it again once ShowBot runs (or alone).");
        return ExitCodes.BadInput;
    }

    /// <summary>
    /// Whether a bot owns <paramref name="databasePath"/> and answers a command on its control socket in time: the
    /// container's health check. The database is never opened here, so a check cannot take the file from a bot that starts.
    /// </summary>
    public static async Task<bool> AnswersAsync(string databasePath, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await using var stream = await TryConnectAsync(socket, ControlProtocol.EndpointFor(Path.GetFullPath(databasePath)), cancellationToken);
        if (stream is null)
        {
            return false;
        }

        var replies = new ControlLineReader(stream, ControlProtocol.MaxReplyBytes);
        if (!await TryHandOverAsync(stream, replies, new ModelsRequest(), cancellationToken))
        {
            return false;
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(AcceptPatience);
        try
        {
            while (await replies.ReadLineAsync(patience.Token) is { } line)
            {
                if (ControlProtocol.ParseReply(line) is { Kind: ControlReplyKind.Exit } exit)
                {
                    return exit.ExitCode == ExitCodes.Ok;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No answer: unhealthy.
        }

        return false;
    }

    private static async Task<NetworkStream?> TryConnectAsync(Socket socket, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(AcceptPatience);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), patience.Token);
            return new NetworkStream(socket, ownsSocket: false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ArgumentException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Sends the request; whether the bot took it in time.</summary>
    private static async Task<bool> TryHandOverAsync(Stream stream, ControlLineReader replies, OperatorRequest request, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(AcceptPatience);
        try
        {
            await ControlProtocol.WriteAsync(stream, request, patience.Token);
            return await replies.ReadLineAsync(patience.Token) is { } line && ControlProtocol.ParseReply(line).Kind == ControlReplyKind.Accepted;
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
