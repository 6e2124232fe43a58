using System.Globalization;

using Microsoft.Extensions.Options;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Groups;
using ShowBot.Core.Ratings;
using ShowBot.Core.Text;

namespace ShowBot.Core.Commands;

/// <summary>A command as a platform received it, translated out of the platform's payload.</summary>
/// <param name="Command">Which command of the catalog.</param>
/// <param name="CommandId">The platform's id of this invocation; the queue key of a recommendation.</param>
/// <param name="User">Who asked.</param>
/// <param name="Target">Where replies that come later go (the suggestion list, a retrain's outcome).</param>
/// <param name="Syntax">How the platform writes commands, for help and for answers about usage.</param>
public sealed record CommandInvocation(ChatCommand Command, string CommandId, UserKey User, ReplyTarget Target, ICommandSyntax Syntax)
{
    /// <summary>The arguments, by parameter name, from a platform with structured options (Discord).</summary>
    public CommandArguments Arguments { get; init; } = CommandArguments.None;

    /// <summary>The text typed after the command, from a platform of typed lines (the console, Slack); read by the catalog.</summary>
    public string? Text { get; init; }

    /// <summary>Whether the platform recognises this person as one of ShowBot's admins here.</summary>
    public bool IsAdmin { get; init; }

    /// <summary>What the platform calls the person, for a list that names them (/together); their user id when not given.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// The people a members parameter names, as the platform resolved them (Discord's users, Slack's mentions); null
    /// where people are named by typing (the console), and the names in the text are read as the platform's user ids.
    /// </summary>
    public IReadOnlyList<GroupMember>? Members { get; init; }
}

/// <summary>
/// Runs every chat command for every platform: reads typed text by the catalog, validates each parameter once with a
/// friendly answer, enforces the admin policy, and answers help. Adapters translate to a <see cref="CommandInvocation"/>
/// and render the <see cref="CommandResult"/>; nothing else.
/// </summary>
public sealed class CommandDispatcher(CommandHandler commands, AdminCommands admin, WatchTogether together, ShowCatalog catalog, IOptions<RecommendationOptions> options)
{
    private readonly RecommendationOptions limits = options.Value;

    /// <summary>Runs the command, or answers why it cannot run.</summary>
    public async Task<CommandResult> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var command = invocation.Command;
        if (command.AdminOnly && !invocation.IsAdmin)
        {
            return CommandResult.NotQueued(new TextReply($"Only ShowBot's admins can use {invocation.Syntax.Invocation(command)}. Ask whoever runs this bot."));
        }

        var arguments = invocation.Text is { } text ? CommandText.Parse(command, text, [.. catalog.Genres]) : invocation.Arguments;
        if ((arguments.Problem ?? Validate(command, arguments)) is { } problem)
        {
            return CommandResult.NotQueued(new TextReply($"{problem}\nUse: {invocation.Syntax.Usage(command)}"));
        }

        if (command == CommandCatalog.Recommend)
        {
            return commands.Recommend(new RecommendCommand(invocation.CommandId, invocation.User, Values(arguments, "shows"), invocation.Target)
            {
                Count = arguments["count"] is { } count ? int.Parse(count.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture) : null,
                Genre = arguments["genre"],
            });
        }

        if (command == CommandCatalog.Together)
        {
            var invoker = new GroupMember(invocation.User, invocation.UserName ?? invocation.User.UserId);
            var named = invocation.Members ?? TypedNames(arguments["members"]).Select(name => new GroupMember(invocation.User with { UserId = name }, name)).ToList();
            return together.Queue(new TogetherCommand(invocation.CommandId, [invoker, .. named], invocation.Target, invocation.Syntax));
        }

        if (command == CommandCatalog.Retrain)
        {
            var (accepted, outcomeOwed) = await admin.RetrainAsync(invocation.Target, force: IsOn(arguments["force"]), cancellationToken);
            return CommandResult.NotQueued(accepted) with { NoticeOwed = outcomeOwed };
        }

        var reply = command.Name switch
        {
            "rate" => commands.Rate(invocation.User, arguments["show"]!, "dislike".Equals(arguments["opinion"], StringComparison.OrdinalIgnoreCase) ? RatingKind.Dislike : RatingKind.Like),
            "likes" => commands.Likes(invocation.User),
            "forget-me" => IsOn(arguments["confirm"]) ? commands.ForgetMeConfirmed(invocation.User) : commands.ForgetMe(invocation.User),
            "status" => await admin.StatusAsync(cancellationToken),
            "models" => admin.Models(),
            "rollback" => admin.Rollback(arguments["version"]),
            _ => CommandHelp.For(invocation.Syntax, invocation.IsAdmin),
        };
        return CommandResult.NotQueued(reply);
    }

    /// <summary>Why the arguments do not fit the command's parameters, in words for the person; null when they fit.</summary>
    private string? Validate(ChatCommand command, CommandArguments arguments)
    {
        foreach (var parameter in command.Parameters)
        {
            var value = arguments[parameter.Name] is { } raw ? UntrustedText.Line(raw).Trim() : null;
            if (string.IsNullOrEmpty(value))
            {
                if (parameter.Required)
                {
                    return $"Which {parameter.Name}? {command.Name} needs {CommandText.Expected(parameter)}.";
                }

                continue;
            }

            var problem = parameter.Kind switch
            {
                ParameterKind.Count when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 1 || count > limits.MaxCount =>
                    $"The {parameter.Name} must be a whole number from 1 to {limits.MaxCount}, not \"{value}\".",
                ParameterKind.Genre when GenreNames.Resolve(catalog.Genres, value) is null =>
                    $"I don't know the genre \"{value}\". Genres: {string.Join(", ", catalog.Genres)}.",
                ParameterKind.Opinion when !value.Equals("like", StringComparison.OrdinalIgnoreCase) && !value.Equals("dislike", StringComparison.OrdinalIgnoreCase) =>
                    $"The {parameter.Name} must be like or dislike, not \"{value}\".",
                ParameterKind.Flag when !bool.TryParse(value, out _) =>
                    $"{parameter.Name} is on or off, not \"{value}\".",
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static bool IsOn(string? flag) => "true".Equals(flag?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>"alice, bob", "@alice bob": the names typed, without the @ people may put before them.</summary>
    private static IEnumerable<string> TypedNames(string? text) =>
        UntrustedText.Line(text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.TrimStart('@')).Where(n => n.Length > 0);

    private static List<string> Values(CommandArguments arguments, string name) =>
        arguments.Values.TryGetValue(name, out var values) ? [.. values] : [];

}
