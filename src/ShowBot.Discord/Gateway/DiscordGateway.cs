using System.Threading.Channels;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Discord.Rest;

namespace ShowBot.Discord.Gateway;

/// <summary>
/// The gateway connections of the shards this node runs (<see cref="DiscordOptions.Shards"/>): one
/// <see cref="GatewayShard"/> each, with its own session, sequence, resume URL and heartbeat, reconnecting on its own,
/// all dispatching into one queue for the handlers, each only while it holds its <see cref="IShardLease"/>. A shard
/// Discord refuses for good stops them all.
/// </summary>
internal sealed class DiscordGateway(DiscordRestClient rest, IIdentifyGate identifyGate, IShardLease shardLease, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordGateway> logger)
{
    /// <summary>
    /// Dispatches read but not yet handled. Handlers take a millisecond or two (a reaction is one small write), so a
    /// full queue means they are stuck or far behind: the read loops then wait for room instead of holding ever more
    /// payloads in memory, and what they have not read stays with Discord (on the socket, and in the session's replay
    /// buffer should the connection drop meanwhile). Nothing is dropped.
    /// </summary>
    internal const int DispatchQueueCapacity = 1024;

    /// <summary>Failed connects in a row, while resuming, after which a shard's session is given up and it identifies again.</summary>
    internal const int FailedResumesBeforeNewSession = 5;

    private readonly Channel<GatewayDispatch> dispatches = Channel.CreateBounded<GatewayDispatch>(
        new BoundedChannelOptions(DispatchQueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private int identifies;

    /// <summary>Every dispatch ShowBot handles, each once, in order within a shard (a replayed sequence number is dropped, a malformed one logged and skipped).</summary>
    public ChannelReader<GatewayDispatch> Dispatches => dispatches.Reader;

    /// <summary>Runs every shard's sessions until <paramref name="stoppingToken"/> is cancelled; throws <see cref="GatewayFatalException"/> when Discord refuses the bot for good.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);

        // Identify calls count against the daily budget across all shards; the log numbers them for this process.
        var shards = settings.ShardIds
            .Select(id => new GatewayShard(id, settings, rest, identifyGate, shardLease, dispatches.Writer, () => Interlocked.Increment(ref identifies), time, logger))
            .Select(shard => RunShardAsync(shard, stopping))
            .ToList();
        try
        {
            await Task.WhenAll(shards);
        }
        finally
        {
            dispatches.Writer.TryComplete();
        }
    }

    private static async Task RunShardAsync(GatewayShard shard, CancellationTokenSource stopping)
    {
        try
        {
            await shard.RunAsync(stopping.Token);
        }
        catch (GatewayFatalException)
        {
            // What stops one shard for good (a reset token, intents not allowed) stops every other one too.
            await stopping.CancelAsync();
            throw;
        }
    }
}
