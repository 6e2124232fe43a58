namespace ShowBot.Core.Chat;

/// <summary>
/// Records why the application is stopping on a failure it cannot recover from (a platform revoked the bot's
/// token, refused its intents, disabled its socket), so the process exits with a non-zero code and supervisors
/// see a failure rather than a clean stop.
/// </summary>
public sealed class FatalStop
{
    private string? reason;

    /// <summary>Why the application stopped, or null when nothing fatal happened.</summary>
    public string? Reason => Volatile.Read(ref reason);

    /// <summary>Records the first fatal reason; later ones are ignored.</summary>
    public void Record(string why) => Interlocked.CompareExchange(ref reason, why, null);
}
