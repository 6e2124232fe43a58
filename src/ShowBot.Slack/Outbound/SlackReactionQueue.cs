using System.Threading.Channels;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ShowBot.Slack.Api;

namespace ShowBot.Slack.Outbound;

/// <summary>
/// Adds the number reactions to posted suggestion lists, one call at a time in order, so the reply itself never waits
/// for ten paced <c>reactions.add</c> calls. Pacing and 429 waits happen in <see cref="SlackApiClient"/>. A reaction
/// still queued when the process stops is not added; the list can still be rated by reacting by hand.
/// </summary>
internal sealed partial class SlackReactionQueue(SlackApiClient api, ILogger<SlackReactionQueue> logger) : BackgroundService
{
    private readonly Channel<(string Channel, string Ts, string Name)> pending = Channel.CreateUnbounded<(string, string, string)>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(string channel, string ts, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            pending.Writer.TryWrite((channel, ts, name));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (channel, ts, name) in pending.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await api.AddReactionAsync(channel, ts, name, stoppingToken);
                }
                catch (SlackApiException ex) when (ex.Error == "already_reacted")
                {
                    // A repeat after a restart or redelivery: the reaction is there, which is all that matters.
                }
                catch (Exception ex) when (ex is SlackApiException or HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    LogReactionFailed(ex, name, channel, ts);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Could not add :{Reaction}: to {Channel}/{Ts}")]
    private partial void LogReactionFailed(Exception exception, string reaction, string channel, string ts);
}
