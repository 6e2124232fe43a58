namespace ShowBot.Recommender.Benchmarks;

/// <summary>The hyperparameters the benchmark trains with: the trainers' defaults, which the evaluation chose.</summary>
internal static class TunedParameters
{
    public static IReadOnlyDictionary<string, double> For(string algorithm)
    {
        _ = algorithm;
        return new Dictionary<string, double>();
    }
}
