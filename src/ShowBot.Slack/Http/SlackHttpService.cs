using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Slack.Inbound;
using ShowBot.Slack.SocketMode;

namespace ShowBot.Slack.Http;

/// <summary>
/// HTTP mode: a Kestrel endpoint at <see cref="SlackOptions.HttpUrl"/> that Slack posts slash commands (form-encoded)
/// and Events API callbacks (JSON) to. Every request's signature is checked first (401 otherwise); then it goes to the
/// same <see cref="SlackInbox"/> as Socket Mode: a slash command's HTTP response is its ack (with the answer when ready
/// within the budget, else "working on it" and the answer through response_url), an event is acknowledged with 200 and
/// handled in order, redeliveries (<c>X-Slack-Retry-Num</c>, same event id or trigger id) are acknowledged and dropped.
/// </summary>
internal sealed partial class SlackHttpService(
    SlackAdapterRunner runner,
    SlackInbox inbox,
    SlackRequestVerifier verifier,
    IOptions<SlackOptions> options,
    ILogger<SlackHttpService> logger) : BackgroundService
{
    /// <summary>Slack's payloads are small; anything bigger is not from Slack.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly SlackOptions settings = options.Value;
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request URL once Kestrel listens (with the actual port when the configured one is 0).</summary>
    public Task<Uri> Listening => listening.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(ServeAsync, stoppingToken);

    private async Task ServeAsync(CancellationToken stoppingToken)
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
            throw new SlackFatalException($"Could not listen on {settings.HttpUrl.GetLeftPart(UriPartial.Authority)} ({ex.Message}). Check ShowBot:Slack:HttpUrl.", ex);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var url = address is null ? settings.HttpUrl : new UriBuilder(address) { Path = settings.HttpUrl.AbsolutePath }.Uri;
        LogListening(url);
        listening.TrySetResult(url);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        finally
        {
            // Requests in flight get a moment to finish their ack.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(grace.Token);
        }
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stoppingToken)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var headers = context.Request.Headers;
        var check = verifier.Verify(headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"], body);
        if (check != SignatureCheck.Valid)
        {
            LogRejected(check, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var retry = headers["X-Slack-Retry-Num"].ToString();
        if (retry.Length > 0)
        {
            LogRetry(retry, headers["X-Slack-Retry-Reason"].ToString());
        }

        if (context.Request.HasFormContentType)
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            await (form.TryGetValue("payload", out var interaction)
                ? HandleInteractionAsync(context, interaction, receivedAt, stoppingToken)
                : HandleSlashCommandAsync(context, form, receivedAt, stoppingToken));
        }
        else
        {
            await HandleEventAsync(context, body, receivedAt);
        }
    }

    /// <summary>A pressed button (the form's <c>payload</c>): 200 at once, then acted on, its answer going to the payload's response_url.</summary>
    private async Task HandleInteractionAsync(HttpContext context, string payload, long receivedAt, CancellationToken stoppingToken)
    {
        if (Read(context, Encoding.UTF8.GetBytes(payload), SlackJson.Default.BlockActionsPayload, "interaction") is not { } interaction)
        {
            return;
        }

        await context.Response.CompleteAsync();
        LogAcked(interaction.TriggerId, Stopwatch.GetElapsedTime(receivedAt));
        inbox.OnInteraction(interaction, stoppingToken);
    }

    private async Task HandleSlashCommandAsync(HttpContext context, Dictionary<string, string> form, long receivedAt, CancellationToken stoppingToken)
    {
        if (SlashCommand.FromForm(form) is not { } command)
        {
            LogMalformed("slash command");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (command.TriggerId.Length > 0 && !inbox.TryRecordDelivery("trigger:" + command.TriggerId))
        {
            // Already answered: an empty 200 shows nothing more.
            LogDuplicateCommand(command.TriggerId);
            return;
        }

        var ack = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = AnswerAsync();
        JsonObject message;
        try
        {
            message = await ack.Task.WaitAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(message.ToJsonString(), context.RequestAborted);
        LogAcked(command.TriggerId, Stopwatch.GetElapsedTime(receivedAt));

        // The answer may still be on its way to the response_url; that continues after this response, until stopping.
        async Task AnswerAsync()
        {
            try
            {
                await inbox.AckWithinBudgetAsync(command, payload => Task.FromResult(ack.TrySetResult(payload)), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogCommandFailed(ex, command.TriggerId);
                ack.TrySetException(ex);
            }
        }
    }

    private async Task HandleEventAsync(HttpContext context, byte[] body, long receivedAt)
    {
        if (Read(context, body, SlackJson.Default.EventsApiPayload, "event") is not { } callback)
        {
            return;
        }

        switch (callback.Type)
        {
            case EventsApiPayload.UrlVerification:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(callback.Challenge ?? "", context.RequestAborted);
                LogUrlVerified();
                return;
            case EventsApiPayload.EventCallback:
                // Queued only once the 200 is out, as in Socket Mode: an event whose ack was lost is handled when Slack redelivers it.
                await context.Response.CompleteAsync();
                LogAcked(callback.EventId ?? "", Stopwatch.GetElapsedTime(receivedAt));
                inbox.OnEventCallback(callback);
                return;
            default:
                LogIgnored(callback.Type);
                return;
        }
    }

    /// <summary>The JSON as its record; null, logged and answered 400, when it is malformed.</summary>
    private T? Read<T>(HttpContext context, byte[] json, JsonTypeInfo<T> type, string kind)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new JsonException("The body is null.");
        }
        catch (JsonException)
        {
            LogMalformed(kind);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= MaxBodyBytes ? (int)request.ContentLength.Value : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 550, Level = LogLevel.Information, Message = "Slack HTTP mode listening at {Url}")]
    private partial void LogListening(Uri url);

    [LoggerMessage(EventId = 551, Level = LogLevel.Warning, Message = "Refused a request to the Slack endpoint from {Remote}: {Check} signature (401)")]
    private partial void LogRejected(SignatureCheck check, string remote);

    [LoggerMessage(EventId = 552, Level = LogLevel.Information, Message = "Slack redelivery (X-Slack-Retry-Num {RetryNum}, reason {RetryReason})")]
    private partial void LogRetry(string retryNum, string retryReason);

    [LoggerMessage(EventId = 553, Level = LogLevel.Information, Message = "Slash command {TriggerId} was already answered; dropped")]
    private partial void LogDuplicateCommand(string triggerId);

    [LoggerMessage(EventId = 554, Level = LogLevel.Warning, Message = "Skipped a malformed Slack {Kind} request")]
    private partial void LogMalformed(string kind);

    [LoggerMessage(EventId = 555, Level = LogLevel.Debug, Message = "Answered Slack request {Id} over HTTP {Elapsed} after it arrived")]
    private partial void LogAcked(string id, TimeSpan elapsed);

    [LoggerMessage(EventId = 556, Level = LogLevel.Information, Message = "Answered Slack's url_verification challenge")]
    private partial void LogUrlVerified();

    [LoggerMessage(EventId = 557, Level = LogLevel.Debug, Message = "Ignored a Slack request of type '{Type}'")]
    private partial void LogIgnored(string type);

    [LoggerMessage(EventId = 558, Level = LogLevel.Error, Message = "Slack command {TriggerId} failed")]
    private partial void LogCommandFailed(Exception exception, string triggerId);
}
