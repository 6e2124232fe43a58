namespace ShowBot.Core.Lifecycle;

/// <summary>Who asked for a retraining run, which decides when it is not worth training.</summary>
public enum RetrainMode
{
    /// <summary>The schedule, or an admin's retrain: skipped when fewer than <c>MinNewRatings</c> ratings changed since the serving model was trained.</summary>
    Scheduled,
    /// <summary>An operator's <c>train</c>: skipped only when the likes are exactly those the serving model was trained on.</summary>
    Requested,
    /// <summary>Forced: trains even on the serving model's data, and says so.</summary>
    Forced,
}

/// <summary>How a retraining run ended.</summary>
public enum RetrainResult
{
    /// <summary>A new version serves.</summary>
    Deployed,
    /// <summary>The candidate was worse; the serving model stays.</summary>
    Rejected,
    /// <summary>Too little data or too few new ratings; nothing was trained.</summary>
    Skipped,
    /// <summary>Another run was going on.</summary>
    AlreadyRunning,
    /// <summary>Training failed; nothing changed.</summary>
    Failed,
    /// <summary>Stopped before it finished (ShowBot is shutting down); nothing changed.</summary>
    Cancelled,
}

/// <summary>The outcome of a retraining run, with the version it made (if any) and a sentence for people.</summary>
public sealed record RetrainOutcome(RetrainResult Result, string Message, ModelVersion? Version = null)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
