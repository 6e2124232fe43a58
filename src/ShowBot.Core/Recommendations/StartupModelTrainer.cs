using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Catalog;
using ShowBot.Core.Ratings;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Recommendations;

/// <summary>
/// At start, trains the configured collaborative model on the stored likes, off the request path, and deploys
/// it in front of the content baseline. Until it is ready (or when there are too few likes, or training
/// fails) the baseline serves, so the bot answers from its first second.
/// </summary>
public sealed partial class StartupModelTrainer(
    IRatingStore ratings,
    ShowCatalog catalog,
    ServingModel serving,
    IOptions<ModelOptions> options,
    TimeProvider time,
    ILogger<StartupModelTrainer> logger) : BackgroundService
{
    private readonly ModelOptions settings = options.Value;

    /// <summary>Completes when the start-up training finished, was skipped or failed.</summary>
    public Task Completion => ExecuteTask ?? Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var likes = ratings.All().Where(r => r.Kind == RatingKind.Like).Select(r => (r.User.ToString(), r.ShowId)).ToList();
        if (likes.Count < settings.MinLikes)
        {
            LogTooFewLikes(likes.Count, settings.MinLikes);
            return;
        }

        try
        {
            var started = time.GetTimestamp();
            var model = await Task.Run(() => Train(InteractionMatrix.FromLikes(likes), stoppingToken), stoppingToken);
            var version = $"{model.Algorithm}-{time.GetUtcNow():yyyyMMdd-HHmmss}";
            serving.Swap(new DeployedModel(version, new ColdStartFallbackModel(model, ShowRecommender.Baseline(catalog).Model)));
            LogDeployed(version, likes.Count, model.Items.Count, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogTrainingFailed(ex, settings.Algorithm);
        }
    }

    private FoldInModel Train(InteractionMatrix likes, CancellationToken cancellationToken)
    {
        try
        {
            return ModelTrainers.Create(settings.Algorithm, settings.Parameters).Train(likes, cancellationToken);
        }
        catch (ModelTrainingException ex) when (settings.Algorithm == "ease")
        {
            LogFallingBackToIals(ex.Message);
            return ModelTrainers.Create("ials").Train(likes, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Serving the content baseline: {Likes} likes stored, {MinLikes} needed to train")]
    private partial void LogTooFewLikes(int likes, int minLikes);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Deployed model {Version}, trained on {Likes} likes of {Items} shows in {Elapsed}")]
    private partial void LogDeployed(string version, int likes, int items, TimeSpan elapsed);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Training {Algorithm} failed; the content baseline keeps serving")]
    private partial void LogTrainingFailed(Exception exception, string algorithm);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "EASE refused the data ({Reason}); training iALS instead")]
    private partial void LogFallingBackToIals(string reason);
}
