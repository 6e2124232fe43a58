using System.Globalization;
using System.Text.Json.Nodes;

using ShowBot.Core.Commands;
using ShowBot.Core.Groups;
using ShowBot.Core.Ratings;

namespace ShowBot.Discord.Interactions;

/// <summary>
/// Core's command catalog as Discord slash commands, registered by bulk overwrite every start: each command for everyone
/// is a top-level command, each admin command a subcommand of <c>/showbot</c>; each parameter an option of its kind.
/// </summary>
internal static class DiscordCommands
{
    public const string Admin = "showbot";
    public const string GenreOption = "genre";

    /// <summary>MANAGE_GUILD (1 &lt;&lt; 5): who may see the admin commands, and where allowed, use them.</summary>
    public const ulong ManageGuild = 1 << 5;

    /// <summary>ADMINISTRATOR (1 &lt;&lt; 3) implies every permission.</summary>
    public const ulong Administrator = 1 << 3;

    /// <summary>A show list is given in up to five options, each autocompleted, each a title, a list or words.</summary>
    private static readonly string[] ShowListOptions = ["show", "show2", "show3", "show4", "show5"];

    /// <summary>The people watching together, one USER option each; the invoker is always one of the group besides them.</summary>
    private static readonly string[] MemberOptions = ["member", "member2", "member3", "member4", "member5"];

    private const int SubCommand = 1;
    private const int StringOption = 3;
    private const int IntegerOption = 4;
    private const int BooleanOption = 5;
    private const int UserOption = 6;

    /// <summary>How commands are written on Discord: <c>/rate show: … opinion: …</c>, <c>/showbot rollback version: …</c>.</summary>
    public static ICommandSyntax Syntax { get; } = new DiscordSyntax();

    /// <summary>The registration body: every command of the catalog.</summary>
    public static JsonArray All() =>
    [
        .. CommandCatalog.All.Where(c => !c.AdminOnly).Select(c => (JsonNode)Command(c.Name, c.Summary, [.. c.Parameters.SelectMany(Options)])),
        AdminCommand(),
    ];

    /// <summary>The catalog's command an interaction invokes, or null.</summary>
    public static ChatCommand? Find(Interaction interaction) =>
        interaction.CommandName == Admin
            ? interaction.Options.Count > 0 && CommandCatalog.Find(interaction.Options[0].Name) is { AdminOnly: true } admin ? admin : null
            : CommandCatalog.Find(interaction.CommandName) is { AdminOnly: false } command ? command : null;

    /// <summary>The interaction's options as the command's arguments, by parameter name.</summary>
    public static CommandArguments ArgumentsOf(Interaction interaction, ChatCommand command)
    {
        var options = command.AdminOnly ? interaction.Options[0].Options : interaction.Options;
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var parameter in command.Parameters)
        {
            var names = parameter.Kind switch
            {
                ParameterKind.Shows => ShowListOptions,
                ParameterKind.Members => MemberOptions,
                _ => [parameter.Name],
            };
            var given = names.Select(name => options.FirstOrDefault(o => o.Name == name)).OfType<InteractionOption>().Select(Value).OfType<string>().ToList();
            if (given.Count > 0)
            {
                values[parameter.Name] = given;
            }
        }

        return new CommandArguments(values);
    }

    /// <summary>The users the interaction's USER options name, with what they are called here; null when the command names none.</summary>
    public static IReadOnlyList<GroupMember>? MembersOf(Interaction interaction, ChatCommand command)
    {
        if (!command.Parameters.Any(p => p.Kind == ParameterKind.Members))
        {
            return null;
        }

        return interaction.Options
            .Where(o => MemberOptions.Contains(o.Name))
            .Select(o => o.Text)
            .OfType<string>()
            .Select(id => new GroupMember(new UserKey(DiscordChatPlatform.PlatformName, id), interaction.Data.Resolved?.NameOf(id) ?? id))
            .ToList();
    }

    private static string? Value(InteractionOption option) =>
        option.Integer?.ToString(CultureInfo.InvariantCulture) ?? option.Boolean?.ToString(CultureInfo.InvariantCulture) ?? option.Text;

    private static IEnumerable<JsonNode> Options(CommandParameter parameter) => parameter.Kind switch
    {
        ParameterKind.Shows => ShowListOptions.Select((name, i) => (JsonNode)Option(StringOption, name, i == 0 ? parameter.Summary : "Another show you like", autocomplete: true)),
        ParameterKind.Show => [Option(StringOption, parameter.Name, parameter.Summary, parameter.Required, autocomplete: true)],
        ParameterKind.Count => [Option(IntegerOption, parameter.Name, parameter.Summary, parameter.Required, minValue: 1, maxValue: 10)],
        ParameterKind.Genre => [Option(StringOption, parameter.Name, parameter.Summary, parameter.Required, autocomplete: true)],
        ParameterKind.Opinion => [Choices(Option(StringOption, parameter.Name, parameter.Summary, parameter.Required), "like", "dislike")],
        ParameterKind.Flag => [Option(BooleanOption, parameter.Name, parameter.Summary, parameter.Required)],
        ParameterKind.Members => MemberOptions.Select((name, i) => (JsonNode)Option(UserOption, name, i == 0 ? parameter.Summary : "Someone else watching with you", required: i == 0 && parameter.Required)),
        _ => [Option(StringOption, parameter.Name, parameter.Summary, parameter.Required)],
    };

    private static JsonObject AdminCommand()
    {
        var command = Command(Admin, "ShowBot administration",
        [
            .. CommandCatalog.All.Where(c => c.AdminOnly).Select(c => (JsonNode)SubCommandWith(Option(SubCommand, c.Name, c.Summary), [.. c.Parameters.SelectMany(Options)])),
        ]);
        // Hidden from everyone without Manage Server; the handler checks the invoker's permissions again.
        command["default_member_permissions"] = ManageGuild.ToString(CultureInfo.InvariantCulture);
        command["contexts"] = new JsonArray(0);
        return command;
    }

    private static JsonObject Command(string name, string description, JsonNode[] options) => new()
    {
        ["name"] = name,
        ["type"] = 1,
        ["description"] = description,
        ["options"] = new JsonArray(options),
    };

    private static JsonObject Option(int type, string name, string description, bool required = false, bool autocomplete = false, int? minValue = null, int? maxValue = null)
    {
        var option = new JsonObject { ["type"] = type, ["name"] = name, ["description"] = description };
        if (required)
        {
            option["required"] = true;
        }

        if (autocomplete)
        {
            option["autocomplete"] = true;
        }

        if (minValue is { } min)
        {
            option["min_value"] = min;
        }

        if (maxValue is { } max)
        {
            option["max_value"] = max;
        }

        return option;
    }

    private static JsonObject SubCommandWith(JsonObject subCommand, JsonNode[] options)
    {
        if (options.Length > 0)
        {
            subCommand["options"] = new JsonArray(options);
        }

        return subCommand;
    }

    private static JsonObject Choices(JsonObject option, params string[] values)
    {
        option["choices"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["name"] = v, ["value"] = v })]);
        return option;
    }

    private sealed class DiscordSyntax : ICommandSyntax
    {
        public string Invocation(ChatCommand command) => command.AdminOnly ? $"/{Admin} {command.Name}" : "/" + command.Name;

        public string Parameter(CommandParameter parameter)
        {
            var written = parameter.Kind switch
            {
                ParameterKind.Shows => "show: <a show, several comma-separated, or words> … show5:",
                ParameterKind.Count => "count: 1-10",
                ParameterKind.Opinion => "opinion: like|dislike",
                ParameterKind.Flag => parameter.Name + ": True",
                ParameterKind.Members => "member: @someone … member5:",
                _ => $"{parameter.Name}: <{parameter.Name}>",
            };
            return parameter.Required || parameter.Kind == ParameterKind.Shows ? written : $"[{written}]";
        }
    }
}
