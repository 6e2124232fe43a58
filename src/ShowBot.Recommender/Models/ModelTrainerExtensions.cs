using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Models;

/// <summary>Training on every core.</summary>
public static class ModelTrainerExtensions
{
    /// <summary>Trains on the likes matrix on every core; see <see cref="IModelTrainer.Train"/>.</summary>
    public static FoldInModel Train(this IModelTrainer trainer, InteractionMatrix likes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return trainer.Train(likes, new ParallelOptions { CancellationToken = cancellationToken });
    }
}
