using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Models;

/// <summary>Trains one algorithm, with fixed hyperparameters, into a servable model.</summary>
public interface IModelTrainer
{
    /// <summary>Algorithm name, the same as the trained model's <see cref="IRecommendationModel.Algorithm"/>.</summary>
    string Algorithm { get; }

    /// <summary>The hyperparameters this trainer uses, by name (the names <see cref="ModelTrainers.Create"/> accepts).</summary>
    IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Trains on the likes matrix. The model's catalog is the matrix's item set.</summary>
    /// <param name="likes">What people liked.</param>
    /// <param name="parallel">The cancellation, and the cores training's parallel loops may take at once (a bot that serves while it retrains leaves some to the requests).</param>
    /// <exception cref="ModelTrainingException">The data or parameters make training impossible (e.g. too many items for EASE).</exception>
    FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel);
}
