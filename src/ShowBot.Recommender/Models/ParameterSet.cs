using System.Globalization;

namespace ShowBot.Recommender.Models;

/// <summary>Reads named hyperparameters with defaults and rejects names the algorithm does not know.</summary>
internal sealed class ParameterSet(string algorithm, IReadOnlyDictionary<string, double>? values)
{
    private readonly IReadOnlyDictionary<string, double> _values = values ?? new Dictionary<string, double>();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public double Get(string name, double defaultValue, double minimum, double maximum)
    {
        _known.Add(name);
        if (!_values.TryGetValue(name, out var value))
        {
            return defaultValue;
        }

        if (double.IsNaN(value) || value < minimum || value > maximum)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{algorithm}: parameter '{name}' must be between {minimum} and {maximum}."));
        }

        return value;
    }

    public int GetInt(string name, int defaultValue, int minimum, int maximum)
    {
        var value = Get(name, defaultValue, minimum, maximum);
        if (value != Math.Floor(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{algorithm}: parameter '{name}' must be a whole number.");
        }

        return (int)value;
    }

    /// <summary>Call after every <c>Get</c>: fails on any supplied name that was never asked for.</summary>
    public void RejectUnknown()
    {
        string[] unknown = [.. _values.Keys.Where(name => !_known.Contains(name)).Order(StringComparer.Ordinal)];
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"{algorithm}: unknown parameter(s) {string.Join(", ", unknown)}; known: {string.Join(", ", _known.Order(StringComparer.Ordinal))}.");
        }
    }

    public static SortedDictionary<string, double> Of(params (string Name, double Value)[] values)
    {
        SortedDictionary<string, double> sorted = new(StringComparer.Ordinal);
        foreach ((var name, var value) in values)
        {
            sorted.Add(name, value);
        }

        return sorted;
    }
}
