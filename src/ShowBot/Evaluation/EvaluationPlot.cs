using System.Globalization;

using ScottPlot;

using ShowBot.Recommender.Evaluation;

namespace ShowBot.Evaluation;

/// <summary>Grouped bar charts of evaluations: one group per metric, one bar per model.</summary>
internal static class EvaluationPlot
{
    /// <summary>Draws every evaluated model's metrics, titled with the data set and the like threshold they were measured on.</summary>
    public static void Save(EvaluationReport report, string dataset, double likeThreshold, string path)
    {
        var models = report.Models.Where(m => m.Skipped is null).ToList();
        SaveBars(
            string.Create(CultureInfo.InvariantCulture, $"{dataset}, like ≥ {likeThreshold}: {report.Dataset.Users:N0} users × {report.Dataset.Items:N0} items, {report.Dataset.TestUsers:N0} test users"),
            "score, 0 to 1 (higher is better)",
            report.MetricNames,
            models.Select(m => (m.Model, report.MetricNames.Select(metric => m.Metrics.GetValueOrDefault(metric)).ToArray())).ToList(),
            path);
    }

    /// <summary>
    /// Draws <paramref name="series"/> (a name and one value per metric) grouped by metric, each bar with its value, as
    /// SVG when <paramref name="path"/> ends in <c>.svg</c>, else as PNG.
    /// </summary>
    public static void SaveBars(string title, string valueLabel, IReadOnlyList<string> metrics, IReadOnlyList<(string Name, double[] Values)> series, string path)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var metric = 0; metric < metrics.Count; metric++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                bars.Add(new Bar
                {
                    Position = (metric * (series.Count + 1)) + s,
                    Value = series[s].Values[metric],
                    Label = series[s].Values[metric].ToString("0.000", CultureInfo.InvariantCulture),
                    FillColor = palette.GetColor(s),
                });
            }
        }

        plot.Add.Bars(bars);
        var groupCentres = metrics.Select((_, i) => (i * (series.Count + 1)) + ((series.Count - 1) / 2.0)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(groupCentres, [.. metrics]);
        plot.Axes.Margins(bottom: 0);
        foreach (var (name, index) in series.Select((s, i) => (s.Name, i)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = palette.GetColor(index) });
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Title(title);
        plot.XLabel("metric");
        plot.YLabel(valueLabel);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, 1000, 520);
        }
        else
        {
            plot.SavePng(path, 1000, 520);
        }
    }
}
