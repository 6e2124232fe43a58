using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ShowBot.Recommender.Evaluation;

/// <summary>Renders an <see cref="EvaluationReport"/> as a plain-text table or as JSON.</summary>
public static class EvaluationReportFormatter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// A fixed-width table: one row per model, one column per metric, then training seconds and the chosen
    /// parameters; a final line states the data sizes.
    /// </summary>
    public static string ToTable(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metrics = report.MetricNames;
        var nameWidth = Math.Max(5, report.Models.Max(m => m.Model.Length));
        StringBuilder table = new();
        table.Append(CultureInfo.InvariantCulture, $"{"model".PadRight(nameWidth)}");
        foreach (var metric in metrics)
        {
            table.Append(CultureInfo.InvariantCulture, $"  {metric,16}");
        }

        table.AppendLine("  train s  chosen parameters");
        foreach (var model in report.Models)
        {
            table.Append(model.Model.PadRight(nameWidth));
            if (model.Skipped is not null)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"  skipped: {model.Skipped}");
                continue;
            }

            foreach (var metric in metrics)
            {
                var value = model.Metrics.TryGetValue(metric, out var v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";
                table.Append(CultureInfo.InvariantCulture, $"  {value,16}");
            }

            var parameters = string.Join(" ", model.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:G}")));
            table.AppendLine(CultureInfo.InvariantCulture, $"  {model.TrainingSeconds,7:F1}  {parameters}");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"data: {report.Dataset}");
        return table.ToString();
    }

    /// <summary>The metrics as <c>{"model": {"metric": value}}</c>, so scripts can compare runs; skipped models are left out.</summary>
    public static string ToJson(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var byModel = report.Models
            .Where(m => m.Skipped is null)
            .ToDictionary(m => m.Model, m => m.Metrics, StringComparer.Ordinal);
        return JsonSerializer.Serialize(byModel, Indented);
    }
}
