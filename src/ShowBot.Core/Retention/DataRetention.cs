using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Core.Retention;

/// <summary>
/// Keeps the stored data from growing without bound: compacts the rating change log, keeping every data version a
/// stored model was trained on exact, and deletes finished requests and posted lists older than their retention.
/// </summary>
/// <remarks>
/// A retraining run reads its snapshot before its model version is stored, so the log is compacted only up to the
/// oldest snapshot a run holds (<see cref="RatingSnapshots"/>), and after a restart as far as before it.
/// </remarks>
public sealed partial class DataRetention(
    IRatingStore ratings,
    RatingSnapshots snapshots,
    IModelStore models,
    IPredictionQueue queue,
    ISuggestionMessageStore messages,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<DataRetention> logger)
{
    private readonly RetentionOptions settings = options.Value;

    /// <summary>Compacts and prunes once.</summary>
    public RetentionReport Run()
    {
        var upTo = snapshots.CompactableUpTo(ratings);
        var trainedOn = models.Recent(int.MaxValue).Select(v => v.Data.LastChange).ToList();
        var compacted = ratings.Compact(trainedOn, upTo);
        var now = time.GetUtcNow();
        var report = new RetentionReport(compacted, queue.Prune(now - settings.RequestRetention), messages.Prune(now - settings.ListRetention));
        LogRun(report.Changes, report.Requests, report.Lists);
        return report;
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Data retention: {Changes} rating change(s) compacted, {Requests} finished request(s) and {Lists} suggestion list(s) deleted")]
    private partial void LogRun(int changes, int requests, int lists);
}

/// <summary>What one retention run deleted.</summary>
/// <param name="Changes">Rating changes no kept data version needed.</param>
/// <param name="Requests">Answered or failed requests past their retention.</param>
/// <param name="Lists">Suggestion lists past their retention.</param>
public sealed record RetentionReport(int Changes, int Requests, int Lists);
