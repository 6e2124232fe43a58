namespace ShowBot.Discord.Gateway;

/// <summary>Gateway opcodes ShowBot sends or handles.</summary>
internal static class GatewayOpcode
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

/// <summary>The intents ShowBot identifies with: the minimum, and no privileged one.</summary>
internal static class GatewayIntents
{
    /// <summary>GUILDS (1 &lt;&lt; 0): GUILD_CREATE and friends, so the servers the bot is in become available after READY.</summary>
    public const int Guilds = 1 << 0;

    /// <summary>GUILD_MESSAGE_REACTIONS (1 &lt;&lt; 10): MESSAGE_REACTION_ADD/REMOVE in servers, which are the ratings.</summary>
    public const int GuildMessageReactions = 1 << 10;

    // INTERACTION_CREATE needs no intent. DIRECT_MESSAGE_REACTIONS (1 << 13) would add ratings in DMs; ShowBot lives in servers.
    public const int ShowBot = Guilds | GuildMessageReactions;
}

/// <summary>A dispatch (op 0) a handler receives: event name, sequence, payload read into its record, and when it was received.</summary>
/// <param name="Type"></param>
/// <param name="Sequence"></param>
/// <param name="Event"></param>
/// <param name="ReceivedAt">The <see cref="TimeProvider.GetTimestamp"/> when its frame was read: deadlines run from here, not from snowflake times.</param>
internal sealed record GatewayDispatch(string Type, long Sequence, GatewayEvent Event, long ReceivedAt);

/// <summary>How a gateway connection ended, and so what the next one must do.</summary>
internal enum SessionEnd
{
    /// <summary>Reconnect to the resume URL and send Resume.</summary>
    Resume,

    /// <summary>The session is gone: Identify again on a new connection.</summary>
    Identify,

    /// <summary>The session is gone and Discord asked for a pause before identifying again (op 9 false).</summary>
    IdentifyAfterPause,

    /// <summary>Reconnecting cannot help (4004, 4010–4014): stop.</summary>
    Fatal,
}

/// <summary>The close codes table: which codes are resumable, which need a new session, which are fatal.</summary>
internal static class GatewayCloseCodes
{
    public static SessionEnd Classify(int? closeCode) => closeCode switch
    {
        4004 or 4010 or 4011 or 4012 or 4013 or 4014 => SessionEnd.Fatal,
        4007 or 4009 => SessionEnd.Identify,
        _ => SessionEnd.Resume,
    };

    public static string Explain(int closeCode) => closeCode switch
    {
        4004 => "authentication failed: the token is wrong or was reset (ShowBot:Discord:Token)",
        4010 => "invalid shard (ShowBot:Discord:Shards and ShardCount)",
        4011 => "sharding is required: the bot is in too many servers for one shard (raise ShowBot:Discord:ShardCount)",
        4012 => "invalid API version",
        4013 => "invalid intents",
        4014 => "disallowed intents: an intent the bot asks for is not enabled for it in the Developer Portal",
        _ => "unknown close code",
    };
}

/// <summary>The gateway refused the bot in a way reconnecting cannot fix.</summary>
internal sealed class GatewayFatalException(string message) : Exception(message);
