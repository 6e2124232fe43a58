using System.CommandLine;
using System.Globalization;

using ShowBot.Evaluation;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Evaluation;

namespace ShowBot.Verbs;

/// <summary><c>showbot evaluate</c>: every model side by side on a ratings file, with the protocols of the recommender.</summary>
internal static class EvaluateVerb
{
    public static Command Create()
    {
        var ratings = new Option<FileInfo>("--ratings") { Description = "Ratings: user, item, rating[, timestamp]; comma, tab or :: separated; header optional; may be .gz", Required = true };
        var likeThreshold = VerbOptions.Number("--like-threshold", "A rating at or above this is a like", 4);
        var models = new Option<string[]>("--models") { Description = "Models to compare (default: all)", AllowMultipleArgumentsPerToken = true };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the numbers as {\"model\": {\"metric\": value}}" };
        var plot = new Option<FileInfo?>("--plot") { Description = "Also draw the metrics as a bar chart: PNG, or SVG for a name ending in .svg" };
        var command = new Command("evaluate", "Evaluate every model on a ratings file (strong generalization, Liang et al. 2018, and the ancestor's hit-rate test; seed 42).")
        {
            ratings, likeThreshold, models, json, plot,
        };
        command.SetAction((result, cancellationToken) => Task.FromResult(Run(
            result.GetValue(ratings)!,
            result.GetValue(likeThreshold),
            result.GetValue(models),
            result.GetValue(json),
            result.GetValue(plot),
            cancellationToken)));
        return command;
    }

    private static int Run(FileInfo ratings, double likeThreshold, string[]? models, FileInfo? json, FileInfo? plot, CancellationToken cancellationToken)
    {
        if (OutputFiles.Problem(("--json", json), ("--plot", plot)) is { } unwritable)
        {
            Console.Error.WriteLine("evaluate: " + unwritable);
            return ExitCodes.BadInput;
        }

        try
        {
            var layout = RatingFileReader.DetectLayout(ratings.FullName);
            var likes = InteractionMatrix.FromRatings(RatingFileReader.Read(ratings.FullName), (float)likeThreshold);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ratings.Name} ({layout}), like ≥ {likeThreshold}: {likes.UserCount:N0} users × {likes.ItemCount:N0} items, {likes.LikeCount:N0} likes"));
            var unknown = models?.Except(EvaluationOptions.DefaultCandidates.Select(c => c.Algorithm), StringComparer.Ordinal).ToList() ?? [];
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"evaluate: unknown model(s) {string.Join(", ", unknown)}; known: {string.Join(", ", EvaluationOptions.DefaultCandidates.Select(c => c.Algorithm))}");
                return ExitCodes.BadInput;
            }

            var options = new EvaluationOptions
            {
                Candidates = [.. EvaluationOptions.DefaultCandidates.Where(c => models is not { Length: > 0 } || models.Contains(c.Algorithm, StringComparer.Ordinal))],
            };
            var report = EvaluationRunner.Run(likes, options, new Progress<string>(line => Console.Error.WriteLine(line)), cancellationToken);
            Console.WriteLine(EvaluationReportFormatter.ToTable(report));
            if (json is not null)
            {
                File.WriteAllText(json.FullName, EvaluationReportFormatter.ToJson(report));
            }

            if (plot is not null)
            {
                EvaluationPlot.Save(report, ratings.Name, likeThreshold, plot.FullName);
            }

            return ExitCodes.Ok;
        }
        catch (ArgumentException ex)
        {
            // The options are checked as they are parsed, so what the evaluation refuses is the data, e.g. too few people.
            Console.Error.WriteLine($"evaluate: {ratings.Name} cannot be evaluated: {VerbOptions.Plain(ex)} Give a larger file, or a lower --like-threshold for more likes.");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or FormatException or InvalidDataException)
        {
            Console.Error.WriteLine($"evaluate: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }
}
