using System.ComponentModel;
using System.Globalization;
using System.Reflection;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ShowBot.Hosting;

/// <summary>
/// Checks that every value set under a section converts to its option's type before the section is bound, so
/// <c>Parallelism=abc</c> or <c>PollInterval=2s</c> is one line naming the setting and what it expects, not the
/// binder's stack trace.
/// </summary>
internal static class SettingValues
{
    /// <summary>Throws <see cref="OptionsValidationException"/> naming every value under <paramref name="section"/> that <typeparamref name="TOptions"/> cannot take.</summary>
    public static void Check<TOptions>(IConfiguration configuration, string section)
        where TOptions : class
    {
        var defaults = Activator.CreateInstance<TOptions>();
        var failures = new List<string>();
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = configuration.GetSection(section)[property.Name];
            if (type == typeof(string) || value is null || Converts(type, value))
            {
                continue;
            }

            failures.Add($"{section}:{property.Name}: '{value}' is not {Expected(type, property.GetValue(defaults))} ({SectionValidator.WhereToSet(section, property.Name)})");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
        }
    }

    /// <summary>
    /// The invalid settings behind <paramref name="exception"/>, as "a setting is invalid: …" (one line for one setting),
    /// or null when it is not about settings. Start-up validation throws an <see cref="AggregateException"/> when
    /// several sections fail.
    /// </summary>
    public static string? Explain(Exception exception)
    {
        var failures = exception switch
        {
            OptionsValidationException invalid => invalid.Failures.ToList(),
            AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
                inner.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList(),
            _ => null,
        };
        return failures switch
        {
            null => null,
            [var only] => "a setting is invalid: " + only,
            _ => "settings are invalid:\n  " + string.Join("\n  ", failures),
        };
    }

    // The binder converts with the type's TypeConverter in the invariant culture, when it has one from text; an empty value leaves the default.
    private static bool Converts(Type type, string value)
    {
        var converter = TypeDescriptor.GetConverter(type);
        if (value.Length == 0 || !converter.CanConvertFrom(typeof(string)))
        {
            return true;
        }

        try
        {
            converter.ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type, object? example) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => $"a whole number, e.g. {example}",
        _ when type == typeof(double) || type == typeof(float) => string.Create(CultureInfo.InvariantCulture, $"a number, e.g. {example}"),
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => $"a duration written [d.]hh:mm:ss, e.g. {example:c}",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(Uri) => $"an address such as {example}",
        _ => $"a valid {type.Name}",
    };
}
