using ShowBot.Core.Catalog;

namespace ShowBot.Core.Commands;

/// <summary>
/// Reads the text typed after a command (the console, Slack) into its arguments, by the catalog: <c>--name value</c>
/// (or <c>--name=value</c>, or a short name like <c>-n 3</c>) for options, a trailing <c>like</c>/<c>dislike</c> or
/// flag word, and the rest as the command's free text. A genre may be several words (<c>--genre sci fi</c>).
/// </summary>
public static class CommandText
{
    /// <summary>The arguments in <paramref name="text"/>, or a friendly answer saying what is wrong with it.</summary>
    public static CommandArguments Parse(ChatCommand command, string text, IReadOnlyCollection<string> genres)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(genres);
        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var arguments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var free = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith('-') || word.Length == 1 || IsNumber(word))
            {
                free.Add(word);
                continue;
            }

            var (name, inline) = word.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (word[..at], word[(at + 1)..]) : (word, null);
            var parameter = command.Parameters.FirstOrDefault(p => !p.IsText && (name.Equals("--" + p.Name, StringComparison.OrdinalIgnoreCase) || name.Equals(p.ShortName, StringComparison.OrdinalIgnoreCase)));
            if (parameter is null)
            {
                return CommandArguments.Refused(UnknownOption(command, name));
            }

            if (parameter.Kind == ParameterKind.Flag)
            {
                arguments[parameter.Name] = [inline ?? "true"];
                continue;
            }

            var value = inline ?? TakeValue(parameter, words, i + 1, genres);
            if (string.IsNullOrEmpty(value))
            {
                return CommandArguments.Refused($"{name} needs a value: {Expected(parameter)}.");
            }

            if (inline is null)
            {
                i += value.Split(' ').Length;
            }

            arguments[parameter.Name] = [value];
        }

        TakeTrailingWord(command, free, arguments);
        if (command.Text is { } textParameter && free.Count > 0)
        {
            arguments[textParameter.Name] = [string.Join(' ', free)];
        }
        else if (free.Count > 0)
        {
            return CommandArguments.Refused($"{command.Name} takes nothing after it, but got \"{string.Join(' ', free)}\".");
        }

        return new CommandArguments(arguments);
    }

    /// <summary>What a parameter takes, in words, for answers about a wrong or missing value.</summary>
    public static string Expected(CommandParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Kind switch
        {
            ParameterKind.Count => "a whole number from 1 to 10",
            ParameterKind.Genre => "a genre, e.g. Drama or Sci-Fi",
            ParameterKind.Opinion => "like or dislike",
            ParameterKind.Version => "a model version, e.g. v3",
            ParameterKind.Members => "the people watching with you",
            _ => "a show",
        };
    }

    /// <summary>A genre's value is the longest run of words (up to three) that names a genre, else one word.</summary>
    private static string? TakeValue(CommandParameter parameter, List<string> words, int from, IReadOnlyCollection<string> genres)
    {
        if (from >= words.Count || (words[from].StartsWith("--", StringComparison.Ordinal) && !IsNumber(words[from])))
        {
            return null;
        }

        if (parameter.Kind == ParameterKind.Genre)
        {
            for (var length = Math.Min(3, words.Count - from); length > 1; length--)
            {
                var candidate = string.Join(' ', words.Skip(from).Take(length));
                if (GenreNames.Resolve(genres, candidate) is not null)
                {
                    return candidate;
                }
            }
        }

        return words[from];
    }

    /// <summary><c>/rate The Wire dislike</c>, <c>/showbot retrain force</c>: a last word naming an opinion or a flag.</summary>
    private static void TakeTrailingWord(ChatCommand command, List<string> free, Dictionary<string, IReadOnlyList<string>> arguments)
    {
        if (free.Count == 0)
        {
            return;
        }

        var last = free[^1];
        var opinion = command.Parameters.FirstOrDefault(p => p.Kind == ParameterKind.Opinion);
        var flag = command.Parameters.FirstOrDefault(p => p.Kind == ParameterKind.Flag && p.Name.Equals(last, StringComparison.OrdinalIgnoreCase));
        if (opinion is not null && !arguments.ContainsKey(opinion.Name) && (last.Equals("like", StringComparison.OrdinalIgnoreCase) || last.Equals("dislike", StringComparison.OrdinalIgnoreCase)))
        {
            arguments[opinion.Name] = [last.ToLowerInvariant()];
            free.RemoveAt(free.Count - 1);
        }
        else if (flag is not null)
        {
            arguments[flag.Name] = ["true"];
            free.RemoveAt(free.Count - 1);
        }
    }

    private static string UnknownOption(ChatCommand command, string name)
    {
        var options = command.Parameters.Where(p => !p.IsText && p.Kind != ParameterKind.Flag).Select(p => "--" + p.Name).ToList();
        return options.Count == 0
            ? $"{command.Name} has no option {name}."
            : $"{command.Name} has no option {name}; it has {string.Join(" and ", options)}.";
    }

    private static bool IsNumber(string word) => word.Length > 1 && word[0] == '-' && word[1..].All(char.IsAsciiDigit);
}

/// <summary>A command's arguments by parameter name (raw, validated by <see cref="CommandDispatcher"/>), or why there are none.</summary>
/// <param name="Values">Each parameter's values: one, or several for a show list given in several options.</param>
public sealed record CommandArguments(IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    /// <summary>No arguments.</summary>
    public static CommandArguments None { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>What was wrong with the text, in words for the person; null when it was read.</summary>
    public string? Problem { get; init; }

    /// <summary>Text that could not be read as the command's arguments.</summary>
    public static CommandArguments Refused(string problem) => None with { Problem = problem };

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? this[string name] => Values.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
