using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Models;

/// <summary>Ranks items by how many training users like them, whatever the person likes. The cold-start fallback.</summary>
public sealed class PopularityModel : FoldInModel
{
    /// <summary>The algorithm name.</summary>
    public const string AlgorithmName = "popularity";

    internal PopularityModel(ExternalIdMap items, int[] itemLikeCounts)
        : base(items, itemLikeCounts)
    {
    }

    /// <inheritdoc />
    public override string Algorithm => AlgorithmName;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Parameters { get; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    private protected override long PayloadMemoryBytes => 0;

    private protected override object? ScoreCatalog(ReadOnlySpan<int> likedItems, Span<float> scores)
    {
        for (var item = 0; item < scores.Length; item++)
        {
            scores[item] = ItemLikeCounts[item];
        }

        return null;
    }

    private protected override void ExplainItems(ReadOnlySpan<int> likedItems, object? foldInState, ReadOnlySpan<int> recommendedItems, Span<int> because)
    {
        because.Fill(-1);
    }

    internal override void WritePayload(BinaryWriter writer)
    {
    }
}

/// <summary>Builds a <see cref="PopularityModel"/>; it has no hyperparameters.</summary>
public sealed class PopularityTrainer : IModelTrainer
{
    /// <summary>Creates the trainer; any parameter is rejected.</summary>
    public PopularityTrainer(IReadOnlyDictionary<string, double>? parameters = null)
    {
        new ParameterSet(PopularityModel.AlgorithmName, parameters).RejectUnknown();
    }

    /// <inheritdoc />
    public string Algorithm => PopularityModel.AlgorithmName;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Parameters { get; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <inheritdoc />
    public FoldInModel Train(InteractionMatrix likes, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(likes);
        return new PopularityModel(likes.Items, likes.ItemLikeCounts());
    }
}
