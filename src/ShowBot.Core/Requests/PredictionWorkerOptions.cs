using System.ComponentModel.DataAnnotations;

namespace ShowBot.Core.Requests;

/// <summary>How queued requests are worked off. Bound from <c>ShowBot:Worker</c>.</summary>
public sealed class PredictionWorkerOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "ShowBot:Worker";

    /// <summary>
    /// Requests answered at the same time. A lane spends most of a request waiting for the platform to take the reply
    /// (tens of milliseconds to Discord), not computing: two lanes answered 38 a second against a Discord answering in
    /// 50 ms, sixteen 265 (the load benchmark), and on loopback sixteen lanes answer within 10 % of two.
    /// </summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 16;

    /// <summary>How often the queue is checked when nothing signalled a new request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts to answer a request before giving up on it (with an apology, when that can be delivered).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long a request being answered may still finish once the bot is asked to stop; after that it is put back in
    /// the queue. Kept under the host's shutdown timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);
}
