using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

[Collection(StandardErrorCollection.Name)]
public partial class EvaluateVerbTests
{
    /// <summary>Two tastes of 300 people over 40 items, as a gzipped MovieLens-style `::` file without a header.</summary>
    private static void WriteRatings(string path)
    {
        var random = new Random(7);
        var text = new StringBuilder();
        for (var user = 1; user <= 300; user++)
        {
            var taste = user % 2 == 0 ? 0 : 20;
            foreach (var item in Enumerable.Range(taste, 20).Where(_ => random.NextDouble() < 0.6))
            {
                text.Append(FormattableString.Invariant($"{user}::{item + 1}::{(random.NextDouble() < 0.85 ? 5 : 2)}::978300760\n"));
            }
        }

        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Fact]
    public async Task Evaluate_writes_every_models_metrics_as_json_and_a_png_plot()
    {
        using var data = new TempDirectory();
        var ratings = Path.Combine(data.Path, "ratings.dat.gz");
        var json = Path.Combine(data.Path, "report.json");
        var plot = Path.Combine(data.Path, "report.png");
        WriteRatings(ratings);

        var exitCode = await ShowBotCommandLine.Create()
            .Parse(["evaluate", "--ratings", ratings, "--like-threshold", "4", "--models", "popularity", "item-knn", "--json", json, "--plot", plot])
            .InvokeAsync();

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(["popularity", "item-knn"], report.RootElement.EnumerateObject().Select(p => p.Name));
        var knn = report.RootElement.GetProperty("item-knn");
        Assert.InRange(knn.GetProperty("recall@20").GetDouble(), 0.0, 1.0);
        Assert.True(knn.GetProperty("ndcg@100").GetDouble() > report.RootElement.GetProperty("popularity").GetProperty("ndcg@100").GetDouble());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await File.ReadAllBytesAsync(plot))[..4]);
    }

    [Fact]
    public async Task An_unknown_model_is_refused_with_the_known_ones()
    {
        using var data = new TempDirectory();
        var ratings = Path.Combine(data.Path, "ratings.dat.gz");
        WriteRatings(ratings);
        using var error = new StandardErrorCapture();
        var exitCode = await ShowBotCommandLine.Create().Parse(["evaluate", "--ratings", ratings, "--models", "svd"]).InvokeAsync();

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("unknown model(s) svd; known: popularity, item-knn, ials, ease", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chart_names_the_data_set_and_like_threshold_labels_its_axes_and_writes_each_value_on_its_bar()
    {
        using var data = new TempDirectory();
        var ratings = Path.Combine(data.Path, "ratings.dat.gz");
        WriteRatings(ratings);

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(
            data, null, "evaluate", "--ratings", ratings, "--like-threshold", "4", "--models", "popularity", "item-knn", "--json", "report.json", "--plot", "chart.svg");

        Assert.True(exitCode == 0, errors);
        var texts = SvgText().Matches(await File.ReadAllTextAsync(Path.Combine(data.Path, "chart.svg"))).Select(m => m.Groups["text"].Value.Trim()).ToList();
        Assert.Contains(texts, t => t.StartsWith("ratings.dat.gz, like ≥ 4: 300 users × 40 items, ", StringComparison.Ordinal));
        Assert.Contains("metric", texts);
        Assert.Contains("score, 0 to 1 (higher is better)", texts);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data.Path, "report.json")));
        var values = report.RootElement.EnumerateObject().SelectMany(model => model.Value.EnumerateObject().Select(metric => metric.Value.GetDouble().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(values, value => Assert.Contains(value, texts));
        Assert.Contains("recall@20", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DatasetSummary", output + errors, StringComparison.Ordinal);
        Assert.DoesNotContain(" = ", output + errors, StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', output + errors);
    }

    [GeneratedRegex(@"<text[^>]*>(?<text>[^<]*)</text>")]
    private static partial Regex SvgText();
}
