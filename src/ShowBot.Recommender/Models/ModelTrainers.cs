namespace ShowBot.Recommender.Models;

/// <summary>Creates trainers by algorithm name, so the executable can train any model from configuration.</summary>
public static class ModelTrainers
{
    /// <summary>The algorithm names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Algorithms { get; } =
        [PopularityModel.AlgorithmName, ItemKnnModel.AlgorithmName, ImplicitAlsModel.AlgorithmName, EaseModel.AlgorithmName];

    /// <summary>Creates the trainer of <paramref name="algorithm"/> with named hyperparameters; missing ones take defaults.</summary>
    /// <exception cref="ArgumentException">The algorithm or a parameter name is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter value is out of range.</exception>
    public static IModelTrainer Create(string algorithm, IReadOnlyDictionary<string, double>? parameters = null)
    {
        return algorithm switch
        {
            PopularityModel.AlgorithmName => new PopularityTrainer(parameters),
            ItemKnnModel.AlgorithmName => new ItemKnnTrainer(parameters),
            ImplicitAlsModel.AlgorithmName => new ImplicitAlsTrainer(parameters),
            EaseModel.AlgorithmName => new EaseTrainer(parameters),
            _ => throw new ArgumentException($"Unknown algorithm '{algorithm}'; known: {string.Join(", ", Algorithms)}.", nameof(algorithm)),
        };
    }
}
