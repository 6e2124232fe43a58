using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;
using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Tests.Fakes;

/// <summary>Model versions in a dictionary; an artifact can be damaged on purpose.</summary>
internal sealed class InMemoryModelStore : IModelStore
{
    private readonly Dictionary<string, ModelVersion> versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FoldInModel> artifacts = new(StringComparer.Ordinal);
    private readonly HashSet<string> damaged = new(StringComparer.Ordinal);

    public ModelVersion? Deployed => versions.Values.SingleOrDefault(v => v.Status == ModelStatus.Deployed);

    public IReadOnlyList<ModelVersion> Recent(int count) => versions.Values.OrderByDescending(v => v.Number).Take(count).ToList();

    public ModelVersion? Find(string version) => versions.GetValueOrDefault(version);

    public int NextNumber() => versions.Count == 0 ? 1 : versions.Values.Max(v => v.Number) + 1;

    public void Add(ModelVersion version, FoldInModel? artifact)
    {
        versions.Add(version.Version, version);
        if (artifact is not null)
        {
            artifacts.Add(version.Version, artifact);
        }
    }

    public FoldInModel LoadArtifact(string version) =>
        damaged.Contains(version) ? throw new ModelFormatException("checksum mismatch: the artifact is corrupt")
        : artifacts.TryGetValue(version, out var model) ? model : throw new KeyNotFoundException(version);

    public void MarkDeployed(string version, DateTimeOffset at)
    {
        foreach (var serving in versions.Values.Where(v => v.Status == ModelStatus.Deployed).ToList())
        {
            versions[serving.Version] = serving with { Status = ModelStatus.Retired, RetiredAt = at };
        }

        versions[version] = versions[version] with { Status = ModelStatus.Deployed, DeployedAt = at };
    }

    public void MarkCorrupt(string version, string reason) =>
        versions[version] = versions[version] with { Status = ModelStatus.Corrupt, Note = reason };

    public int Prune(int keep)
    {
        var doomed = versions.Values.OrderByDescending(v => v.Number).Skip(keep).Where(v => v.Status != ModelStatus.Deployed).ToList();
        doomed.ForEach(v => versions.Remove(v.Version));
        return doomed.Count;
    }

    public void Damage(string version) => damaged.Add(version);
}

/// <summary>A scheduler that records triggers instead of running Quartz.</summary>
internal sealed class RecordingRetrainScheduler : IRetrainScheduler
{
    public List<(ReplyTarget? Notify, bool Force)> Triggers { get; } = [];

    /// <summary>What <see cref="TriggerNowAsync"/> answers: whether the asker will be told the outcome.</summary>
    public bool OutcomeTold { get; set; } = true;

    public Task<bool> TriggerNowAsync(ReplyTarget? notify, bool force, CancellationToken cancellationToken)
    {
        Triggers.Add((notify, force));
        return Task.FromResult(OutcomeTold);
    }

    public Task<DateTimeOffset?> NextRunAsync(CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
}
