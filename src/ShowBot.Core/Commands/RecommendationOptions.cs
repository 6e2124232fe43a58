using System.ComponentModel.DataAnnotations;

namespace ShowBot.Core.Commands;

/// <summary>Bounds of a /recommend. Bound from <c>ShowBot:Recommendations</c>.</summary>
public sealed class RecommendationOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "ShowBot:Recommendations";

    /// <summary>Suggestions in a reply when the user does not say.</summary>
    [Range(1, 10)]
    public int DefaultCount { get; set; } = 5;

    /// <summary>Most suggestions a user may ask for; at most 10, the number of keycap reactions.</summary>
    [Range(1, 10)]
    public int MaxCount { get; set; } = 10;

    /// <summary>Most titles read from one request; the rest are ignored with a note.</summary>
    [Range(1, 50)]
    public int MaxTitles { get; set; } = 10;
}
