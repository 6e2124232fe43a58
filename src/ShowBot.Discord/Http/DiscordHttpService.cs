using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Discord.Gateway;
using ShowBot.Discord.Interactions;

namespace ShowBot.Discord.Http;

/// <summary>
/// HTTP interactions (<c>ShowBot:Discord:Interactions</c> = <c>Http</c>): a Kestrel endpoint at
/// <see cref="DiscordOptions.HttpUrl"/>, the application's Interactions Endpoint URL. Each POST's Ed25519 signature is
/// checked before anything is read (401 otherwise); a PING is answered PONG; a command, component or autocomplete goes
/// to the same <see cref="InteractionResponder"/> as over the gateway, its initial response (deferred, or the choices)
/// being this request's response body, and the rest goes through REST as ever. The gateway still runs (reactions).
/// </summary>
internal sealed partial class DiscordHttpService(
    InteractionResponder responder,
    InteractionSignature signature,
    RecentInteractions recent,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    FatalStop fatalStop,
    TimeProvider time,
    ILogger<DiscordHttpService> logger) : BackgroundService
{
    /// <summary>Interactions are small (the largest, a component's, carries one message); anything bigger is not from Discord.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const string JsonContentType = "application/json";
    private static readonly byte[] Pong = """{"type":1}"""u8.ToArray();

    private readonly DiscordOptions settings = options.Value;
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> running = new();

    /// <summary>The endpoint's URL once Kestrel listens (with the actual port when the configured one is 0).</summary>
    public Task<Uri> Listening => listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
        });
        builder.WebHost.UseUrls(settings.HttpUrl.GetLeftPart(UriPartial.Authority));
        await using var app = builder.Build();
        app.MapPost(settings.HttpUrl.AbsolutePath, context => HandleAsync(context, stoppingToken));
        try
        {
            await app.StartAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Nothing could reach the bot's commands: a stop that names the setting, not a bot that looks alive.
            var reason = $"Could not listen for interactions on {settings.HttpUrl.GetLeftPart(UriPartial.Authority)} ({ex.Message}). Check ShowBot:Discord:HttpUrl.";
            LogCannotListen(reason);
            fatalStop.Record(reason);
            lifetime.StopApplication();
            return;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var url = address is null ? settings.HttpUrl : new UriBuilder(address) { Path = settings.HttpUrl.AbsolutePath }.Uri;
        LogListening(url);
        listening.TrySetResult(url);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            // Requests in flight get a moment to send their response; the work after it ends with the responder.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(grace.Token);
            await Task.WhenAll(running.Keys);
        }
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stoppingToken)
    {
        var receivedAt = time.GetTimestamp();
        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, context.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own refusals: 413 for a body over MaxBodyBytes, 400 for a broken one.
            LogUnreadable(ex.StatusCode);
            context.Response.StatusCode = ex.StatusCode;
            return;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return;
        }

        var headers = context.Request.Headers;
        var check = signature.Verify(headers["X-Signature-Timestamp"], headers["X-Signature-Ed25519"], body);
        if (check != SignatureCheck.Valid)
        {
            // Discord itself sends bad signatures now and then, to check that the endpoint refuses them.
            LogRejected(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", check);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (Read(body, DiscordJson.Default.InteractionEnvelope) is not { } envelope)
        {
            LogMalformed("interaction");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (envelope.Type == InteractionEnvelope.Ping)
        {
            LogPing();
            await WriteAsync(context, Pong);
            return;
        }

        if (!InteractionResponder.Handles(envelope.Type))
        {
            LogUnknownType(envelope.Type);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (Read(body, DiscordJson.Default.Interaction) is not { } interaction)
        {
            LogMalformed($"type {envelope.Type} interaction");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await AnswerAsync(context, interaction, receivedAt, stoppingToken);
    }

    /// <summary>
    /// Hands the interaction to the responder and sends its initial response as this response's body; the work after it
    /// (Core, then REST) goes on once the response is out. A second delivery of the same id gets the first's response.
    /// </summary>
    private async Task AnswerAsync(HttpContext context, Interaction interaction, long receivedAt, CancellationToken stoppingToken)
    {
        var response = new InlineResponse();
        if (recent.Earlier(interaction.Id, response) is { } earlier)
        {
            LogDuplicate(interaction.Id);
            await WriteEarlierAsync(context, earlier);
            return;
        }

        var handled = responder.HandleAsync(interaction, receivedAt, response.RespondAsync, stoppingToken);
        Track(handled);
        await Task.WhenAny(response.Body, handled);
        if (!response.Body.IsCompletedSuccessfully)
        {
            // Ended without an initial response (only a bug or a stop does that): Discord tells the person it failed.
            response.Unanswered();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        try
        {
            await WriteAsync(context, JsonSerializer.SerializeToUtf8Bytes(response.Body.Result));
            await context.Response.CompleteAsync();
            response.Sent(true);
            LogAnswered(interaction.CommandName, time.GetElapsedTime(receivedAt));
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Discord went away before the response: the interaction is dead, so nothing more is done for it.
            response.Sent(false);
        }
    }

    private static async Task WriteEarlierAsync(HttpContext context, InlineResponse earlier)
    {
        try
        {
            await WriteAsync(context, JsonSerializer.SerializeToUtf8Bytes(await earlier.Body.WaitAsync(context.RequestAborted)));
        }
        catch (TaskCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private static Task WriteAsync(HttpContext context, byte[] json)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    private static T? Read<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= MaxBodyBytes ? (int)request.ContentLength.Value : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private void Track(Task task)
    {
        running[task] = true;
        _ = task.ContinueWith(t => running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Discord interactions endpoint listening at {Url}")]
    private partial void LogListening(Uri url);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Critical, Message = "Discord: {Reason} ShowBot is stopping.")]
    private partial void LogCannotListen(string reason);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Refused a request to the Discord interactions endpoint from {Remote}: {Check} signature (401; Stale: its timestamp is over 15 minutes from this clock)")]
    private partial void LogRejected(string remote, SignatureCheck check);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Answered Discord's PING")]
    private partial void LogPing();

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Refused a malformed {Kind} (400)")]
    private partial void LogMalformed(string kind);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Warning, Message = "Refused an interaction of type {Type}, which ShowBot does not handle (400)")]
    private partial void LogUnknownType(int type);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Information, Message = "Interaction {Id} was delivered again; sent its first response again and handled nothing")]
    private partial void LogDuplicate(string id);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Debug, Message = "/{Command} responded over HTTP {Elapsed} after it arrived")]
    private partial void LogAnswered(string command, TimeSpan elapsed);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Warning, Message = "Refused an unreadable request to the Discord interactions endpoint ({Status})")]
    private partial void LogUnreadable(int status);
}
