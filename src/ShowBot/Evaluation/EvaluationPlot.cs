using ScottPlot;

using ShowBot.Recommender.Evaluation;

namespace ShowBot.Evaluation;

/// <summary>A grouped bar chart of an evaluation: one group per metric, one bar per model.</summary>
internal static class EvaluationPlot
{
    public static void SavePng(EvaluationReport report, string path)
    {
        var models = report.Models.Where(m => m.Skipped is null).ToList();
        var metrics = report.MetricNames;
        var palette = new ScottPlot.Palettes.Category10();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var metric = 0; metric < metrics.Count; metric++)
        {
            for (var model = 0; model < models.Count; model++)
            {
                bars.Add(new Bar
                {
                    Position = (metric * (models.Count + 1)) + model,
                    Value = models[model].Metrics.GetValueOrDefault(metrics[metric]),
                    FillColor = palette.GetColor(model),
                });
            }
        }

        plot.Add.Bars(bars);
        var groupCentres = metrics.Select((_, i) => (i * (models.Count + 1)) + ((models.Count - 1) / 2.0)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(groupCentres, [.. metrics]);
        plot.Axes.Margins(bottom: 0);
        foreach (var (model, index) in models.Select((m, i) => (m, i)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = model.Model, FillColor = palette.GetColor(index) });
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"{report.Dataset.Users:N0} users × {report.Dataset.Items:N0} items, {report.Dataset.TestUsers:N0} test users");
        plot.SavePng(path, 1000, 520);
    }
}
