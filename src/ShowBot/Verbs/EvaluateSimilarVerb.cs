using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using ShowBot.Core.Catalog;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Recommendations;
using ShowBot.Evaluation;
using ShowBot.Recommender;
using ShowBot.Recommender.Content;

namespace ShowBot.Verbs;

/// <summary>
/// <c>showbot evaluate-similar</c>: how often <c>/recommend &lt;show&gt; --count 10</c> names the shows people call
/// similar, on the built-in catalog and with a catalog imported, the knowledge model beside today's genre baseline.
/// </summary>
internal static class EvaluateSimilarVerb
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var similar = new Option<FileInfo>("--similar") { Description = "Similar-show lists: show_id,title,similar_show_ids (ids space-separated)", Required = true };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "Also score with this catalog CSV imported over the built-in one (the shows.csv layout)" };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures as JSON" };
        var plot = new Option<FileInfo?>("--plot") { Description = "Also draw the figures as a bar chart: PNG, or SVG for a name ending in .svg" };
        var details = new Option<FileInfo?>("--details") { Description = "Also write, for every show, the rank (within 200) the knowledge model gave each of its similar shows" };
        var weights = new Option<string[]>("--weight") { Description = "Try another weight of the knowledge model, e.g. --weight popularity=0.2 --weight tag=1.2 --weight link:franchise=0.5", AllowMultipleArgumentsPerToken = true };
        var command = new Command("evaluate-similar", $"Score suggestions against similar-show lists: HitRate@{SimilarShowsEvaluation.K} and Recall@{SimilarShowsEvaluation.K}, knowledge model vs the genre baseline.")
        {
            similar, catalog, json, plot, weights, details,
        };
        command.SetAction((result, _) => Task.FromResult(Run(result.GetValue(similar)!, result.GetValue(catalog), result.GetValue(json), result.GetValue(plot), result.GetValue(weights) ?? [], result.GetValue(details))));
        return command;
    }

    private static int Run(FileInfo similar, FileInfo? importedCatalog, FileInfo? json, FileInfo? plot, string[] weightOverrides, FileInfo? details)
    {
        if (OutputFiles.Problem(("--json", json), ("--plot", plot), ("--details", details)) is { } unwritable)
        {
            Console.Error.WriteLine("evaluate-similar: " + unwritable);
            return ExitCodes.BadInput;
        }

        try
        {
            var weights = ParseWeights(weightOverrides);
            using var reader = similar.OpenText();
            var lists = SimilarShowsEvaluation.Read(reader);
            var settings = new List<(string Name, ShowCatalog Catalog)> { ("built-in", new ShowCatalog(CatalogCsv.BuiltIn())) };
            if (importedCatalog is not null)
            {
                using var csv = importedCatalog.OpenText();
                var imported = CatalogCsv.Read(csv).Where(r => r.Value is not null).Select(r => r.Value!).ToList();
                settings.Add(("imported", SimilarShowsEvaluation.WithImport(imported)));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{similar.Name}: {lists.Count} shows, {lists.Sum(l => l.SimilarIds.Count)} similar pairs; knowledge for {ShowKnowledge.BuiltIn.Facts.Count} shows"));
            Console.WriteLine($"{"catalog",-10} {"model",-10} {"shows",6} {"HitRate@10",11} {"Recall@10",10}");
            var scores = new List<(string Setting, SimilarShowsScore Score)>();
            foreach (var (name, showCatalog) in settings)
            {
                var models = new (string, IRecommendationModel)[]
                {
                    ("genres", ShowContent.Genres(showCatalog)),
                    ("knowledge", ShowContent.Knowledge(showCatalog, ShowKnowledge.BuiltIn, weights)),
                };
                using var detailLines = details is not null && name == "built-in" ? details.CreateText() : null;
                foreach (var (model, recommender) in models)
                {
                    Action<string, IReadOnlyList<(string Id, int Rank)>>? write = detailLines is null || model != "knowledge" ? null
                        : (show, ranks) => detailLines.WriteLine($"{show}\t{showCatalog.Find(show)?.Title}\t{string.Join(" ", ranks.Select(r => $"{r.Id}:{r.Rank}:{showCatalog.Find(r.Id)?.Title}"))}");
                    var score = SimilarShowsEvaluation.Score(model, recommender, showCatalog, lists, write, write is null ? SimilarShowsEvaluation.K : 200);
                    scores.Add((name, score));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {model,-10} {score.Shows,6} {score.HitRate,11:F3} {score.Recall,10:F3}"));
                }
            }

            if (json is not null)
            {
                var figures = scores.GroupBy(s => s.Setting).ToDictionary(
                    g => g.Key,
                    g => g.ToDictionary(s => s.Score.Model, s => new Dictionary<string, double> { ["shows"] = s.Score.Shows, ["hitrate@10"] = s.Score.HitRate, ["recall@10"] = s.Score.Recall }));
                File.WriteAllText(json.FullName, JsonSerializer.Serialize(figures, Indented));
            }

            if (plot is not null)
            {
                EvaluationPlot.SaveBars(
                    $"{similar.Name}: similar-show lists of {lists.Count} shows",
                    "share of the shows (higher is better)",
                    ["HitRate@10", "Recall@10"],
                    scores.Select(s => ($"{s.Setting} · {s.Score.Model}", new[] { s.Score.HitRate, s.Score.Recall })).ToList(),
                    plot.FullName);
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or IOException or FormatException)
        {
            Console.Error.WriteLine($"evaluate-similar: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static ContentWeights ParseWeights(string[] overrides)
    {
        var weights = new ContentWeights();
        var kinds = new Dictionary<string, float>(weights.Kinds, StringComparer.OrdinalIgnoreCase);
        var links = new Dictionary<string, float>(weights.Links, StringComparer.OrdinalIgnoreCase);
        var sharedBonus = new Dictionary<string, float>(weights.SharedBonus, StringComparer.OrdinalIgnoreCase);
        foreach (var item in overrides)
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2 || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"--weight {item}: write name=number, e.g. popularity=0.2");
            }

            var name = parts[0].Trim().ToLowerInvariant();
            switch (name)
            {
                case "popularity": weights = weights with { Popularity = value }; break;
                case "quality": weights = weights with { Quality = value }; break;
                case "era": weights = weights with { Era = value }; break;
                case "era-scale": weights = weights with { EraScale = value }; break;
                case "idf-power": weights = weights with { IdfPower = value }; break;
                case "kind-normalization": weights = weights with { KindNormalization = value }; break;
                case "run-length": weights = weights with { RunLength = value }; break;
                case "rating-distance": weights = weights with { RatingDistance = value }; break;
                case "rating-distance-free": weights = weights with { RatingDistanceFree = value }; break;
                case "wanted": weights = weights with { Wanted = value }; break;
                case "novelty": weights = weights with { Novelty = value }; break;
                case "novelty-free-ratio": weights = weights with { NoveltyFreeRatio = value }; break;
                case var link when link.StartsWith("link:", StringComparison.Ordinal): links[link[5..]] = value; break;
                case var shared when shared.StartsWith("shared:", StringComparison.Ordinal): sharedBonus[shared[7..]] = value; break;
                default: kinds[name] = value; break;
            }
        }

        return weights with { Kinds = kinds, Links = links, SharedBonus = sharedBonus };
    }
}
