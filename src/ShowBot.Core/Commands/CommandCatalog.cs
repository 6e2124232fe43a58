namespace ShowBot.Core.Commands;

/// <summary>What a command's parameter holds; Core validates each kind once, for every platform.</summary>
public enum ParameterKind
{
    /// <summary>Shows someone likes, or words describing what they want: free text, possibly a list.</summary>
    Shows,

    /// <summary>One show's title or IMDb id.</summary>
    Show,

    /// <summary>How many suggestions: a whole number from 1 to the configured maximum.</summary>
    Count,

    /// <summary>A catalog genre, in any case and by its common other names ("scifi", "sci fi", "Science Fiction").</summary>
    Genre,

    /// <summary><c>like</c> or <c>dislike</c>.</summary>
    Opinion,

    /// <summary>An on/off switch, off unless given.</summary>
    Flag,

    /// <summary>A model version, e.g. <c>v3</c>.</summary>
    Version,

    /// <summary>The people watching with the invoker: names on the console, users on Discord, mentions on Slack.</summary>
    Members,
}

/// <summary>Who sees a command's immediate reply, where the platform can tell.</summary>
public enum ReplyVisibility
{
    /// <summary>Everyone in the channel: a suggestion list is meant to be reacted to there.</summary>
    Channel,

    /// <summary>Only the person who asked: confirmations, their ratings, admin answers, errors.</summary>
    Invoker,
}

/// <summary>One parameter of a <see cref="ChatCommand"/>.</summary>
/// <param name="Name">Its name on every platform: a Discord option's name, a <c>--name</c> in text.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Summary">One line for help and Discord's option description (at most 100 characters).</param>
public sealed record CommandParameter(string Name, ParameterKind Kind, string Summary)
{
    /// <summary>Whether the command cannot run without it.</summary>
    public bool Required { get; init; }

    /// <summary>Another name it goes by in text, e.g. <c>-n</c> for <c>--count</c>.</summary>
    public string? ShortName { get; init; }

    /// <summary>Whether it is the command's free text (typed after the command, not as <c>--name value</c>).</summary>
    public bool IsText => Kind is ParameterKind.Shows or ParameterKind.Show or ParameterKind.Version or ParameterKind.Members;
}

/// <summary>
/// A command of the chat, the same on every platform: the console, Discord and Slack each present the catalog in
/// their own syntax, and <see cref="CommandDispatcher"/> runs it.
/// </summary>
/// <param name="Name">Its name: <c>/name</c> in the console and on Discord, <c>/showbot name</c> on Slack.</param>
/// <param name="Summary">One line for help and Discord's command description (at most 100 characters).</param>
/// <param name="Parameters">Its parameters, in the order help shows them.</param>
public sealed record ChatCommand(string Name, string Summary, IReadOnlyList<CommandParameter> Parameters)
{
    /// <summary>Only for ShowBot's admins (whom each platform recognises in its own way).</summary>
    public bool AdminOnly { get; init; }

    /// <summary>Who sees the immediate reply.</summary>
    public ReplyVisibility Visibility { get; init; } = ReplyVisibility.Invoker;

    /// <summary>The parameter typed as free text after the command, if any.</summary>
    public CommandParameter? Text => Parameters.FirstOrDefault(p => p.IsText);
}

/// <summary>Every chat command ShowBot has. A command added here appears, with its help line and validation, everywhere.</summary>
public static class CommandCatalog
{
    /// <summary>Suggestions like the shows named, or as described; queued and answered with a numbered list.</summary>
    public static readonly ChatCommand Recommend = new(
        "recommend",
        "Suggest TV shows like the ones you name, or as you describe them",
        [
            new("shows", ParameterKind.Shows, "Shows you like, comma-separated, or words: a cozy British murder mystery"),
            new("count", ParameterKind.Count, "How many suggestions (1–10)") { ShortName = "-n" },
            new("genre", ParameterKind.Genre, "Only suggest shows of this genre"),
        ])
    {
        Visibility = ReplyVisibility.Channel,
    };

    /// <summary>One list for a group: the invoker and the people named; queued and answered like /recommend.</summary>
    public static readonly ChatCommand Together = new(
        "together",
        "Suggest TV shows for you and the people watching with you",
        [new("members", ParameterKind.Members, "Who is watching with you (up to five people)") { Required = true }])
    {
        Visibility = ReplyVisibility.Channel,
    };

    /// <summary>A like or dislike of one show, by title.</summary>
    public static readonly ChatCommand Rate = new(
        "rate",
        "Tell ShowBot you like or dislike a show",
        [
            new("show", ParameterKind.Show, "The show") { Required = true },
            new("opinion", ParameterKind.Opinion, "Like (default) or dislike"),
        ]);

    /// <summary>The person's likes and dislikes.</summary>
    public static readonly ChatCommand Likes = new("likes", "What you liked and disliked so far", []);

    /// <summary>Erases everything stored about the person.</summary>
    public static readonly ChatCommand ForgetMe = new(
        "forget-me",
        "Delete everything ShowBot stored about your tastes (it asks first)",
        [new("confirm", ParameterKind.Flag, "Delete at once, without asking first")]);

    /// <summary>The commands the person may use.</summary>
    public static readonly ChatCommand Help = new("help", "How to use ShowBot", []);

    /// <summary>Starts a retraining run now (admins).</summary>
    public static readonly ChatCommand Retrain = new(
        "retrain",
        "Retrain the model now; the outcome follows when it finishes",
        [new("force", ParameterKind.Flag, "Train even if few ratings changed since the serving model")])
    {
        AdminOnly = true,
    };

    /// <summary>What serves, the queue, the next run (admins).</summary>
    public static readonly ChatCommand Status = new("status", "Serving model, its metrics and data, queue, next scheduled retraining", []) { AdminOnly = true };

    /// <summary>Recent model versions (admins).</summary>
    public static readonly ChatCommand Models = new("models", "Recent model versions with their metrics", []) { AdminOnly = true };

    /// <summary>Serves an earlier version (admins).</summary>
    public static readonly ChatCommand Rollback = new(
        "rollback",
        "Serve an earlier model version",
        [new("version", ParameterKind.Version, "The version to serve, e.g. v3 (default: the one deployed before)")])
    {
        AdminOnly = true,
    };

    /// <summary>Every command, in the order help lists them.</summary>
    public static IReadOnlyList<ChatCommand> All { get; } = [Recommend, Together, Rate, Likes, ForgetMe, Help, Retrain, Status, Models, Rollback];

    /// <summary>The command of that name (any case), or null.</summary>
    public static ChatCommand? Find(string name) => All.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
