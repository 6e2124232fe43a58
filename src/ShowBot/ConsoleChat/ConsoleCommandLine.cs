using System.Globalization;

using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;

namespace ShowBot.ConsoleChat;

/// <summary>What one typed line asks for, read once by <see cref="ConsoleCommandLine.Parse"/>.</summary>
internal abstract record ConsoleLine
{
    private ConsoleLine()
    {
    }

    public sealed record Blank : ConsoleLine;

    public sealed record Quit : ConsoleLine;

    /// <summary>A word without a slash: a hint, unless it is a number picking a "did you mean" choice.</summary>
    public sealed record Words(int? Number) : ConsoleLine;

    /// <summary>A command of the catalog, or <see cref="Command"/> null when <see cref="Typed"/> names none.</summary>
    public sealed record Run(ChatCommand? Command, string Typed, string Text) : ConsoleLine;

    /// <summary><c>/react</c> or <c>/unreact</c> on list <see cref="List"/>: a suggestion number to like, or a dislike.</summary>
    public sealed record React(string List, int? Number, RatingKind Kind, bool Added) : ConsoleLine;

    /// <summary><c>/more</c> on list <see cref="List"/>: the "More like this" button of the chat platforms.</summary>
    public sealed record More(string List) : ConsoleLine;

    /// <summary>A line that cannot be run as typed; <see cref="Answer"/> says how to type it.</summary>
    public sealed record Usage(string Answer) : ConsoleLine;
}

/// <summary>
/// The console's syntax: <c>/recommend …</c> for the catalog's commands, <c>/showbot retrain</c> for admin ones, and
/// <c>/react &lt;list&gt; &lt;number&gt;</c> and <c>/more &lt;list&gt;</c> standing in for the emoji reactions and buttons of the
/// chat platforms.
/// </summary>
internal static class ConsoleCommandLine
{
    public static readonly ICommandSyntax Syntax = new TextCommandSyntax(c => c.AdminOnly ? "/showbot " + c.Name : "/" + c.Name);

    public static ConsoleLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.Trim();
        if (line.Length == 0)
        {
            return new ConsoleLine.Blank();
        }

        var (word, rest) = SplitCommand(line);
        switch (word)
        {
            case "/quit" or "/exit":
                return new ConsoleLine.Quit();
            case "/react":
                return React(rest, added: true);
            case "/unreact":
                return React(rest, added: false);
            case "/more":
                return rest.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var list]
                    ? new ConsoleLine.More(list.TrimStart('#'))
                    : new ConsoleLine.Usage("Use /more <list>, e.g. /more 1, for more suggestions like list #1.");
            case "/showbot":
                (word, rest) = SplitCommand(rest);
                return word.Length == 0
                    ? new ConsoleLine.Run(CommandCatalog.Help, "/help", "")
                    : new ConsoleLine.Run(CommandCatalog.Find(word) is { AdminOnly: true } admin ? admin : null, "/showbot " + word, rest);
            case ['/', .. var name]:
                return new ConsoleLine.Run(CommandCatalog.Find(name) is { AdminOnly: false } command ? command : null, word, rest);
            default:
                return new ConsoleLine.Words(int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null);
        }
    }

    private static ConsoleLine React(string rest, bool added)
    {
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return new ConsoleLine.Usage("Use /react <message> <number>, e.g. /react 1 2 (or /react 1 👎).");
        }

        var isDislike = parts[1] is "👎" or "-" or "down";
        int? number = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return isDislike || number is not null
            ? new ConsoleLine.React(parts[0].TrimStart('#'), number, isDislike ? RatingKind.Dislike : RatingKind.Like, added)
            : new ConsoleLine.Usage("The reaction must be a suggestion number (1–10) or 👎.");
    }

    private static (string Command, string Arguments) SplitCommand(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line.ToLowerInvariant(), "") : (line[..space].ToLowerInvariant(), line[(space + 1)..].Trim());
    }
}
