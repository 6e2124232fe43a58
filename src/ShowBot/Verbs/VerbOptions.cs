using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ShowBot.Verbs;

/// <summary>
/// Command-line options whose bad values are refused in one line naming the option and what it takes, before any
/// work, instead of a .NET type name or an exception from the library the value is handed to.
/// </summary>
internal static class VerbOptions
{
    /// <summary>A finite number, e.g. a rating threshold.</summary>
    public static Option<double> Number(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseNumber(result, name, defaultValue) ?? defaultValue,
    };

    /// <summary>A finite number that may be left out.</summary>
    public static Option<double?> OptionalNumber(string name, string description, double example) => new(name)
    {
        Description = description,
        CustomParser = result => ParseNumber(result, name, example),
    };

    /// <summary>A whole number, 0 or more.</summary>
    public static Option<int> Count(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return value;
            }

            result.AddError($"{name} {text}: give a whole number, 0 or more, e.g. {defaultValue}.");
            return defaultValue;
        },
    };

    /// <summary>Refuses a dislike threshold that is not below the like threshold, naming both options.</summary>
    public static void DislikeBelowLike(Command command, Option<double> like, Option<double?> dislike) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(dislike) is { } below && result.GetValue(like) is var above && below >= above)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{dislike.Name} {below} must be below {like.Name} {above}: a rating at or above {like.Name} is a like, at or below {dislike.Name} a dislike."));
            }
        });

    /// <summary>
    /// An argument exception's message as its thrower wrote it, without what .NET appends ("(Parameter 'options')",
    /// "Actual value was 5."), which means nothing to the person at the terminal.
    /// </summary>
    public static string Plain(ArgumentException exception)
    {
        var message = exception.Message;
        if (exception is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            var line = message.LastIndexOf('\n');
            message = line >= 0 && message[(line + 1)..].Contains(Convert.ToString(actual, CultureInfo.CurrentCulture) ?? "", StringComparison.Ordinal) ? message[..line] : message;
        }

        return exception.ParamName is { } parameter
            ? message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal).TrimEnd()
            : message.TrimEnd();
    }

    private static double? ParseNumber(ArgumentResult result, string name, double example)
    {
        var text = result.Tokens.Single().Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} {text}: give a number, e.g. {example}."));
        return null;
    }
}
