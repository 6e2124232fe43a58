using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Slack.Api;
using ShowBot.Slack.Inbound;
using ShowBot.Slack.SocketMode;

namespace ShowBot.Slack;

/// <summary>
/// What both transports (Socket Mode, HTTP) do around receiving: learn the bot's own user id with <c>auth.test</c>,
/// handle queued events in order, and on a failure no retry can fix record a <see cref="FatalStop"/> and stop the
/// application with one critical line.
/// </summary>
internal sealed partial class SlackAdapterRunner(
    SlackApiClient api,
    SlackInbox inbox,
    SlackBotIdentity bot,
    IOptions<SlackOptions> options,
    IHostApplicationLifetime lifetime,
    FatalStop fatalStop,
    TimeProvider time,
    ILogger<SlackAdapterRunner> logger)
{
    private readonly SlackOptions settings = options.Value;

    /// <summary>Identifies the bot, then runs <paramref name="receive"/> (the transport) until stopping or a fatal failure.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> receive, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(receive);
        var events = inbox.RunEventsAsync(stoppingToken);
        try
        {
            await IdentifyAsync(stoppingToken);
            await receive(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (SlackFatalException ex)
        {
            // The reason names what to fix and never holds a token; the process then exits with a non-zero code.
            fatalStop.Record(ex.Message);
            LogFatal(ex.Message);
            lifetime.StopApplication();
        }

        await events;
    }

    private async Task IdentifyAsync(CancellationToken stoppingToken)
    {
        for (var failures = 0; ; failures++)
        {
            await Task.Delay(ReconnectBackoff.Delay(failures, settings.ReconnectMinDelay, settings.ReconnectMaxDelay, Random.Shared), time, stoppingToken);
            try
            {
                var (userId, teamId) = await api.AuthTestAsync(stoppingToken);
                bot.Set(userId);
                LogIdentified(userId, teamId);
                return;
            }
            catch (SlackApiException ex) when (ex.IsAuthenticationFailure)
            {
                throw new SlackFatalException($"Slack rejected the bot token ({ex.Error}). Check ShowBot:Slack:BotToken.", ex);
            }
            catch (Exception ex) when (ex is SlackApiException or HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogIdentifyFailed(ex, failures + 1);
            }
        }
    }

    [LoggerMessage(EventId = 530, Level = LogLevel.Information, Message = "Slack bot user {BotUserId} in workspace {TeamId}")]
    private partial void LogIdentified(string botUserId, string teamId);

    [LoggerMessage(EventId = 531, Level = LogLevel.Warning, Message = "auth.test failed (attempt {Attempt}); retrying")]
    private partial void LogIdentifyFailed(Exception exception, int attempt);

    [LoggerMessage(EventId = 541, Level = LogLevel.Critical, Message = "Slack adapter stopped: {Reason}")]
    private partial void LogFatal(string reason);
}
