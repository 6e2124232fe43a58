namespace ShowBot.Core.Requests;

/// <summary>
/// Tells when a storage failure starts and ends, so it is logged once while it lasts: a full disk fails every call,
/// and a log line (with its stack trace) per call would bury it.
/// </summary>
public sealed class StorageFailureSpell
{
    private readonly Lock gate = new();
    private string? failing;

    /// <summary>The failure going on, or null while storage works.</summary>
    public Exception? Current { get; private set; }

    /// <summary>True when <paramref name="exception"/> is not the failure already going on: log it.</summary>
    public bool Begins(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var failure = $"{exception.GetType().Name}: {exception.Message}";
        lock (gate)
        {
            if (failure == failing)
            {
                return false;
            }

            failing = failure;
            Current = exception;
            return true;
        }
    }

    /// <summary>True when storage worked after failing: say that it works again.</summary>
    public bool Ends()
    {
        lock (gate)
        {
            if (failing is null)
            {
                return false;
            }

            failing = null;
            Current = null;
            return true;
        }
    }
}
