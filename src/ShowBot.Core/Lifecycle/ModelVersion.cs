using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ShowBot.Core.Lifecycle;

/// <summary>Where a model version is in its life.</summary>
public enum ModelStatus
{
    /// <summary>Serving now; exactly one version at a time.</summary>
    Deployed,

    /// <summary>Served before; can be rolled back to.</summary>
    Retired,

    /// <summary>Evaluated worse than the serving model; kept as a record of why, with no artifact.</summary>
    Rejected,

    /// <summary>Its artifact failed to load (truncated, corrupt); never served again.</summary>
    Corrupt,
}

/// <summary>
/// The exact ratings a model was trained on: the last change of the rating log it saw (so
/// <c>IRatingStore.AsOf(LastChange)</c> gives them back), how many likes, users and shows, and a content hash.
/// </summary>
public sealed record DataVersion(long LastChange, int Likes, int Users, int Shows, string ContentHash)
{
    /// <summary>Describes the likes of a snapshot taken right after change <paramref name="lastChange"/>.</summary>
    public static DataVersion Of(long lastChange, IReadOnlyCollection<(string User, string Show)> likes)
    {
        ArgumentNullException.ThrowIfNull(likes);
        var canonical = string.Join('\n', likes.Select(l => $"{l.User}\t{l.Show}").Order(StringComparer.Ordinal));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12].ToLowerInvariant();
        return new DataVersion(lastChange, likes.Count, likes.Select(l => l.User).Distinct().Count(), likes.Select(l => l.Show).Distinct().Count(), hash);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"data@{LastChange} ({Likes:N0} likes by {Users:N0} people of {Shows:N0} shows, #{ContentHash})");
}

/// <summary>One trained model: what made it, how it scored, and whether it serves.</summary>
public sealed record ModelVersion(
    string Version,
    string Algorithm,
    IReadOnlyDictionary<string, double> Parameters,
    DataVersion Data,
    IReadOnlyDictionary<string, double> Metrics,
    TimeSpan TrainingTime,
    DateTimeOffset CreatedAt,
    ModelStatus Status)
{
    /// <summary>When it last started serving.</summary>
    public DateTimeOffset? DeployedAt { get; init; }

    /// <summary>When another version replaced it.</summary>
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>Why it was rejected or found corrupt, or what it was compared with.</summary>
    public string? Note { get; init; }

    /// <summary>The version number in <c>v12</c>.</summary>
    public int Number => int.Parse(Version.AsSpan(1), CultureInfo.InvariantCulture);

    /// <summary>The metrics as people read them: <c>recall@20 0.432, ndcg@100 0.454</c>.</summary>
    public string DescribeMetrics() =>
        string.Join(", ", Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F3}")));
}
