using ShowBot.Core.Chat;

namespace ShowBot.Core.Commands;

/// <summary>How a platform writes the catalog's commands: for its help and for the answers that say how to use one.</summary>
public interface ICommandSyntax
{
    /// <summary>What a person types to start the command: <c>/rate</c>, <c>/showbot rate</c>.</summary>
    string Invocation(ChatCommand command);

    /// <summary>How one parameter is given: <c>&lt;show&gt;</c>, <c>[--count 1-10]</c>, <c>[count: 1-10]</c>.</summary>
    string Parameter(CommandParameter parameter);

    /// <summary>The whole usage: the invocation and every parameter.</summary>
    string Usage(ChatCommand command) =>
        string.Join(' ', [Invocation(command), .. command.Parameters.Select(Parameter)]);
}

/// <summary>
/// Commands typed as one line of text (the console, Slack): free text after the command, <c>--name value</c> options,
/// and a trailing <c>like</c>/<c>dislike</c> or flag word. <see cref="CommandText"/> reads this syntax.
/// </summary>
/// <param name="invocation">The command's invocation on the platform.</param>
public sealed class TextCommandSyntax(Func<ChatCommand, string> invocation) : ICommandSyntax
{
    /// <inheritdoc />
    public string Invocation(ChatCommand command) => invocation(command);

    /// <inheritdoc />
    public string Parameter(CommandParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var written = parameter.Kind switch
        {
            ParameterKind.Shows => "<shows you like, or words>",
            ParameterKind.Show => "<show>",
            ParameterKind.Version => "<version>",
            ParameterKind.Members => "<people watching with you>",
            ParameterKind.Count => $"--{parameter.Name} 1-10",
            ParameterKind.Genre => $"--{parameter.Name} <genre>",
            ParameterKind.Opinion => "like|dislike",
            _ => parameter.Name,
        };
        return parameter.Required || parameter.Kind == ParameterKind.Shows ? written : $"[{written}]";
    }
}

/// <summary>The help every platform shows: one line per command, in the platform's syntax, admin commands for admins only.</summary>
public static class CommandHelp
{
    /// <summary>The help lines for <paramref name="syntax"/>.</summary>
    public static HelpReply For(ICommandSyntax syntax, bool forAdmin)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return new HelpReply([.. CommandCatalog.All
            .Where(c => forAdmin || !c.AdminOnly)
            .Select(c => new HelpLine(syntax.Usage(c), c.Summary, c.AdminOnly))]);
    }
}
