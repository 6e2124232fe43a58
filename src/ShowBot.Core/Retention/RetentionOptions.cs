using System.ComponentModel.DataAnnotations;

namespace ShowBot.Core.Retention;

/// <summary>How long finished requests and posted lists are kept, and how often the data is tidied. Bound from <c>ShowBot:Retention</c>.</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "ShowBot:Retention";

    /// <summary>How often the rating change log is compacted and old requests and lists are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long an answered or failed request is kept after it was accepted. Its key recognises a redelivered
    /// command, so this outlasts every redelivery (Discord interaction tokens last 15 minutes, Slack retries within
    /// minutes): at least an hour.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RequestRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a posted suggestion list is kept; after that, reactions on it no longer rate anything.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ListRetention { get; set; } = TimeSpan.FromDays(90);
}
