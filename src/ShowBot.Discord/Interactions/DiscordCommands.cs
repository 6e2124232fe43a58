using System.Text.Json.Nodes;

namespace ShowBot.Discord.Interactions;

/// <summary>The slash commands ShowBot registers, by bulk overwrite, every start.</summary>
internal static class DiscordCommands
{
    public const string Recommend = "recommend";
    public const string Rate = "rate";
    public const string Likes = "likes";
    public const string ForgetMe = "forget-me";
    public const string Help = "help";
    public const string Admin = "showbot";
    public const string AdminRetrain = "retrain";
    public const string AdminStatus = "status";
    public const string AdminModels = "models";
    public const string AdminRollback = "rollback";
    public const string ForceOption = "force";
    public const string VersionOption = "version";

    /// <summary>The /recommend show options, all optional: a genre alone browses; a show option may hold words instead of a title.</summary>
    public static readonly IReadOnlyList<string> ShowOptions = ["show", "show2", "show3", "show4", "show5"];

    public const string CountOption = "count";
    public const string GenreOption = "genre";
    public const string OpinionOption = "opinion";

    /// <summary>MANAGE_GUILD (1 &lt;&lt; 5): who may use the admin commands.</summary>
    public const ulong ManageGuild = 1 << 5;

    /// <summary>ADMINISTRATOR (1 &lt;&lt; 3) implies every permission.</summary>
    public const ulong Administrator = 1 << 3;

    private const int SubCommand = 1;
    private const int StringOption = 3;
    private const int IntegerOption = 4;
    private const int BooleanOption = 5;

    public static JsonArray All() =>
    [
        Command(Recommend, "Suggest TV shows like the ones you name, or as you describe them",
        [
            .. ShowOptions.Select((name, i) => Option(StringOption, name, i == 0 ? "A show you like, several comma-separated, or words: a cozy British murder mystery" : "Another show you like", autocomplete: true)),
            Option(IntegerOption, CountOption, "How many suggestions (1–10)", minValue: 1, maxValue: 10),
            Option(StringOption, GenreOption, "Only suggest shows of this genre", autocomplete: true),
        ]),
        Command(Rate, "Tell ShowBot you like or dislike a show",
        [
            Option(StringOption, "show", "The show", required: true, autocomplete: true),
            Choices(Option(StringOption, OpinionOption, "Like (default) or dislike"), "like", "dislike"),
        ]),
        Command(Likes, "What you liked and disliked so far", []),
        Command(ForgetMe, "Delete everything ShowBot stored about your tastes", []),
        Command(Help, "How to use ShowBot", []),
        AdminCommand(),
    ];

    private static JsonObject AdminCommand()
    {
        var command = Command(Admin, "ShowBot administration",
        [
            SubCommandWith(Option(SubCommand, AdminRetrain, "Retrain the model now; the outcome follows when it finishes"),
                Option(BooleanOption, ForceOption, "Train even if few ratings changed since the serving model")),
            Option(SubCommand, AdminStatus, "Serving model, its metrics and data, queue, next scheduled retraining"),
            Option(SubCommand, AdminModels, "Recent model versions with their metrics"),
            SubCommandWith(Option(SubCommand, AdminRollback, "Serve an earlier model version"),
                Option(StringOption, VersionOption, "The version to serve, e.g. v3 (default: the one deployed before)")),
        ]);
        // Hidden from everyone without Manage Server; the handler checks the invoker's permissions again.
        command["default_member_permissions"] = ManageGuild.ToString(System.Globalization.CultureInfo.InvariantCulture);
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

    private static JsonObject SubCommandWith(JsonObject subCommand, params JsonNode[] options)
    {
        subCommand["options"] = new JsonArray(options);
        return subCommand;
    }

    private static JsonObject Choices(JsonObject option, params string[] values)
    {
        option["choices"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["name"] = v, ["value"] = v })]);
        return option;
    }
}
