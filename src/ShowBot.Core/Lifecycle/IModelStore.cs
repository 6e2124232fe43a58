using ShowBot.Recommender.Models;

namespace ShowBot.Core.Lifecycle;

/// <summary>Model versions and their artifacts.</summary>
public interface IModelStore
{
    /// <summary>The version serving now, or null when the content baseline serves.</summary>
    ModelVersion? Deployed { get; }

    /// <summary>The newest versions first.</summary>
    IReadOnlyList<ModelVersion> Recent(int count);

    /// <summary>The version with that name (<c>v3</c>), or null.</summary>
    ModelVersion? Find(string version);

    /// <summary>The number the next version gets (one more than any ever stored).</summary>
    int NextNumber();

    /// <summary>Stores a version, with its artifact when it has one, in one transaction: never half a model.</summary>
    void Add(ModelVersion version, FoldInModel? artifact);

    /// <summary>Reads a version's artifact; throws <see cref="Recommender.Artifacts.ModelFormatException"/> when it is damaged.</summary>
    FoldInModel LoadArtifact(string version);

    /// <summary>Makes <paramref name="version"/> the deployed one and retires the one deployed before.</summary>
    void MarkDeployed(string version, DateTimeOffset at);

    /// <summary>
    /// Records that a version's artifact is damaged, for every version that uses the same artifact; if one of them was
    /// deployed, nothing is deployed any more.
    /// </summary>
    void MarkCorrupt(string version, string reason);

    /// <summary>Deletes the oldest versions beyond the newest <paramref name="keep"/>, never the deployed one. Returns how many went.</summary>
    int Prune(int keep);
}

/// <summary>Starts the retraining job outside its schedule, and tells when it runs next.</summary>
public interface IRetrainScheduler
{
    /// <summary>
    /// Asks for a run now; <paramref name="notify"/> is told the outcome when it finishes. Returns false when it
    /// cannot be: a target only this process reaches (the console), on a node that does not train, where another
    /// node runs it.
    /// </summary>
    Task<bool> TriggerNowAsync(Chat.ReplyTarget? notify, bool force, CancellationToken cancellationToken);

    /// <summary>When the schedule runs the job next, if it is scheduled.</summary>
    Task<DateTimeOffset?> NextRunAsync(CancellationToken cancellationToken);
}
