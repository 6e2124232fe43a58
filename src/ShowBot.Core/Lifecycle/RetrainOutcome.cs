namespace ShowBot.Core.Lifecycle;

/// <summary>How a retraining run ended.</summary>
public enum RetrainResult
{
    Deployed,
    Rejected,
    Skipped,
    AlreadyRunning,
    Failed,
}

/// <summary>The outcome of a retraining run, with the version it made (if any) and a sentence for people.</summary>
public sealed record RetrainOutcome(RetrainResult Result, string Message, ModelVersion? Version = null)
{
    public override string ToString() => Message;
}
