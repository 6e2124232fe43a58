using System.ComponentModel.DataAnnotations;

using ShowBot.Recommender.Models;

namespace ShowBot.Core.Lifecycle;

/// <summary>When and how the model is retrained. Bound from <c>ShowBot:Retraining</c>.</summary>
public sealed class RetrainingOptions : IValidatableObject
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "ShowBot:Retraining";

    /// <summary>Quartz cron expression (seconds first) of the scheduled run; default nightly at 03:00 UTC.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Cron { get; set; } = "0 0 3 * * ?";

    /// <summary>
    /// Algorithms trained and compared at every run; the best on held-out users is the candidate. Empty means
    /// <see cref="DefaultCandidates"/>. (Empty rather than pre-filled because configuration binding appends to a list.)
    /// </summary>
    public List<string> Candidates { get; set; } = [];

    /// <summary>EASE scored best on the anime ratings, iALS a close second and far smaller; both are tried.</summary>
    public static IReadOnlyList<string> DefaultCandidates { get; } = ["ease", "ials"];

    /// <summary>The algorithms a run trains: <see cref="Candidates"/> without repeats, or the defaults.</summary>
    public IReadOnlyList<string> EffectiveCandidates => Candidates.Count == 0 ? DefaultCandidates : [.. Candidates.Distinct(StringComparer.Ordinal)];

    /// <summary>Below this many likes nothing is trained: too few to learn from, the content baseline serves.</summary>
    [Range(1, int.MaxValue)]
    public int MinLikes { get; set; } = 200;

    /// <summary>A scheduled run trains only when at least this many rating changes arrived since the serving model.</summary>
    [Range(0, int.MaxValue)]
    public int MinNewRatings { get; set; } = 20;

    /// <summary>A candidate is deployed when its NDCG@100 is at least the serving model's minus this.</summary>
    [Range(0.0, 1.0)]
    public double Tolerance { get; set; } = 0.002;

    /// <summary>Model versions kept; older ones are deleted (never the deployed one).</summary>
    [Range(1, 1000)]
    public int KeepVersions { get; set; } = 10;

    /// <summary>
    /// Cores a retraining run computes on; 0 (the default) means every core but one, and at least one. Training's
    /// parallel loops would otherwise take every core for minutes, and requests arriving meanwhile wait for one
    /// (on 2 cores the acknowledgement's p99 went past 50 ms). A verb that trains on its own, with no bot serving, uses every core.
    /// </summary>
    [Range(0, 4096)]
    public int Threads { get; set; }

    /// <summary>The cores a run computes on: <see cref="Threads"/>, or every core but one.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount - 1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var unknown in Candidates.Where(c => !ModelTrainers.Algorithms.Contains(c, StringComparer.Ordinal)))
        {
            yield return new ValidationResult($"'{unknown}' is not an algorithm; use {string.Join(", ", ModelTrainers.Algorithms)}", [nameof(Candidates)]);
        }
    }
}
