using ScottPlot;

using ShowBot.Recommender.Evaluation;

namespace ShowBot.Evaluation;

/// <summary>Grouped bar charts of evaluations: one group per metric, one bar per model.</summary>
internal static class EvaluationPlot
{
    public static void SavePng(EvaluationReport report, string path)
    {
        var models = report.Models.Where(m => m.Skipped is null).ToList();
        SaveBars(
            $"{report.Dataset.Users:N0} users × {report.Dataset.Items:N0} items, {report.Dataset.TestUsers:N0} test users",
            report.MetricNames,
            models.Select(m => (m.Model, report.MetricNames.Select(metric => m.Metrics.GetValueOrDefault(metric)).ToArray())).ToList(),
            path);
    }

    /// <summary>Draws <paramref name="series"/> (a name and one value per metric) grouped by metric.</summary>
    public static void SaveBars(string title, IReadOnlyList<string> metrics, IReadOnlyList<(string Name, double[] Values)> series, string path)
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
        plot.SavePng(path, 1000, 520);
    }
}
