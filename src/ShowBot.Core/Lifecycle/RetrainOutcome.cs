namespace ShowBot.Core.Lifecycle;

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
