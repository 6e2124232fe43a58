using System.ComponentModel.DataAnnotations;

using ShowBot.Recommender.Models;

namespace ShowBot.Core.Recommendations;

/// <summary>Which collaborative model ShowBot trains on its ratings. Bound from <c>ShowBot:Model</c>.</summary>
public sealed class ModelOptions : IValidatableObject
{
    public const string Section = "ShowBot:Model";

    /// <summary>
    /// The algorithm to serve: <c>ease</c> scored best on the anime ratings (the closest data to TV series we have),
    /// <c>ials</c> when the catalog is too large for EASE's item × item matrix.
    /// </summary>
    public string Algorithm { get; set; } = "ease";

    /// <summary>Hyperparameters by name; unset ones take the trainer's defaults (chosen on validation users).</summary>
    public Dictionary<string, double> Parameters { get; set; } = [];

    /// <summary>Below this many likes the content baseline serves alone: too few to learn from.</summary>
    [Range(1, int.MaxValue)]
    public int MinLikes { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ModelTrainers.Algorithms.Contains(Algorithm, StringComparer.Ordinal))
        {
            yield return new ValidationResult($"'{Algorithm}' is not an algorithm; use one of {string.Join(", ", ModelTrainers.Algorithms)}", [nameof(Algorithm)]);
        }
    }
}
