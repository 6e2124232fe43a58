using ShowBot.Recommender;

namespace ShowBot.Core.Recommendations;

/// <summary>A model ready to serve, with the version it is known by.</summary>
public sealed record DeployedModel(string Version, IRecommendationModel Model);

/// <summary>
/// Holds the one deployed model. Swapping is atomic: a request reads <see cref="Current"/> once and finishes
/// on that model even if another is deployed meanwhile.
/// </summary>
public sealed class ServingModel(DeployedModel initial)
{
    private DeployedModel current = initial;

    /// <summary>The model serving now; read it once per request.</summary>
    public DeployedModel Current => Volatile.Read(ref current);

    /// <summary>Deploys <paramref name="next"/> and returns the model it replaced.</summary>
    public DeployedModel Swap(DeployedModel next) => Interlocked.Exchange(ref current, next);
}
