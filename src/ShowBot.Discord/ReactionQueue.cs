using System.Threading.Channels;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ShowBot.Discord.Rest;

namespace ShowBot.Discord;

/// <summary>
/// Adds the number reactions to posted suggestion lists, in the background and one at a time: reactions share a
/// tight per-channel bucket, so ten of them take seconds, and the reply must not wait for them. The REST client
/// waits out the bucket and any 429, so none is lost. A hosted service of its own: the lists are posted by the
/// worker, which may run on a node without the gateway.
/// </summary>
internal sealed partial class ReactionQueue(DiscordRestClient rest, ILogger<ReactionQueue> logger) : BackgroundService
{
    private readonly Channel<NumberReactions> pending = Channel.CreateUnbounded<NumberReactions>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(string channelId, string messageId, int count) =>
        pending.Writer.TryWrite(new NumberReactions(channelId, messageId, Math.Min(count, 10)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in pending.Reader.ReadAllAsync(stoppingToken))
            {
                await AddAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AddAsync(NumberReactions job, CancellationToken stoppingToken)
    {
        for (var number = 1; number <= job.Count; number++)
        {
            try
            {
                await rest.SendAsync(DiscordRoute.AddOwnReaction(job.ChannelId, job.MessageId, ReactionEmoji.ForNumber(number)), body: null, stoppingToken);
            }
            catch (Exception ex) when (ex is DiscordApiException or HttpRequestException || (ex is TaskCanceledException && !stoppingToken.IsCancellationRequested))
            {
                // The list still works without them: people can add the emojis themselves.
                LogReactionsFailed(job.ChannelId, job.MessageId, number, ex.Message);
                return;
            }
        }
    }

    private sealed record NumberReactions(string ChannelId, string MessageId, int Count);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Could not add reaction {Number} to message {ChannelId}/{MessageId}, skipping the rest: {Error}")]
    private partial void LogReactionsFailed(string channelId, string messageId, int number, string error);
}
