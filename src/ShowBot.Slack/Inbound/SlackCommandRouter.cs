using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Slack.Outbound;

namespace ShowBot.Slack.Inbound;

/// <summary>
/// Translates slash commands into Core calls and returns the immediate reply (the ack's content):
/// <c>/recommend &lt;titles&gt;</c>, <c>/showbot likes | forget-me | rate | help</c>, and the admin subcommands
/// <c>retrain [force] | status | models | rollback [version]</c>, answered by Core's <see cref="AdminCommands"/> for the
/// Slack user ids in <see cref="SlackOptions.AdminUserIds"/> only.
/// </summary>
internal sealed class SlackCommandRouter(
    CommandHandler commands,
    AdminCommands admin,
    IOptions<SlackOptions> options)
{
    private static readonly HashSet<string> AdminSubcommands = new(StringComparer.Ordinal) { "retrain", "status", "models", "rollback" };

    private readonly SlackOptions settings = options.Value;

    public Task<Reply> HandleAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var user = UserOf(command.TeamId, command.UserId);
        return command.Command.ToLowerInvariant() switch
        {
            "/recommend" => Task.FromResult(Recommend(command, user)),
            "/showbot" => ShowBotAsync(command, user, cancellationToken),
            _ => Task.FromResult<Reply>(Private($"I don't know the command {command.Command}. Try `/showbot help`.")),
        };
    }

    /// <summary>A person on Slack: <c>slack:T…/U…</c>. User ids are only unique within a workspace.</summary>
    public static UserKey UserOf(string teamId, string userId) => new(SlackPlatform.Name, $"{teamId}/{userId}");

    /// <summary>Where a reply to this command goes later: the channel (posted), with the invoker and response_url for private text.</summary>
    private static ReplyTarget TargetOf(SlashCommand command) =>
        new SlackReplyTarget(command.ChannelId, command.TeamId, command.UserId, command.ResponseUrl).ToReplyTarget();

    private Reply Recommend(SlashCommand command, UserKey user)
    {
        var commandId = "slack:" + command.TriggerId;
        return commands.Recommend(new RecommendCommand(commandId, user, [command.Text], TargetOf(command))).Reply;
    }

    private async Task<Reply> ShowBotAsync(SlashCommand command, UserKey user, CancellationToken cancellationToken)
    {
        var text = command.Text.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var (subcommand, rest) = space < 0 ? (text.ToLowerInvariant(), "") : (text[..space].ToLowerInvariant(), text[(space + 1)..].Trim());
        if (AdminSubcommands.Contains(subcommand))
        {
            return settings.IsAdmin(command.UserId)
                ? await AdminAsync(command, subcommand, rest, cancellationToken)
                : Private($"Only ShowBot admins can use `/showbot {subcommand}`.");
        }

        return subcommand switch
        {
            "likes" => commands.Likes(user),
            "forget-me" => commands.ForgetMe(user),
            "rate" => Rate(user, rest),
            "" or "help" => Private(HelpText),
            _ => Private($"I don't know `/showbot {subcommand}`.\n{HelpText}"),
        };
    }

    /// <summary>
    /// An admin subcommand, answered by Core. <c>retrain</c>'s outcome comes later through <see cref="SlackChatPlatform"/>:
    /// posted in the channel the command came from (a response_url expires after 30 minutes, a training run may not).
    /// </summary>
    private async Task<Reply> AdminAsync(SlashCommand command, string subcommand, string rest, CancellationToken cancellationToken) => subcommand switch
    {
        "retrain" when rest.Length == 0 || rest.Equals("force", StringComparison.OrdinalIgnoreCase) =>
            await admin.RetrainAsync(TargetOf(command), force: rest.Length > 0, cancellationToken),
        "retrain" => Private("Use `/showbot retrain [force]`."),
        "status" => await admin.StatusAsync(cancellationToken),
        "models" => admin.Models() is TextReply table ? new TextReply("```\n" + table.Text + "\n```") { Private = table.Private } : admin.Models(),
        _ => admin.Rollback(rest.Length == 0 ? null : rest),
    };

    private Reply Rate(UserKey user, string rest)
    {
        var kind = RatingKind.Like;
        if (rest.EndsWith(" dislike", StringComparison.OrdinalIgnoreCase))
        {
            (kind, rest) = (RatingKind.Dislike, rest[..^" dislike".Length]);
        }
        else if (rest.EndsWith(" like", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[..^" like".Length];
        }

        return rest.Length == 0 ? Private("Use `/showbot rate <show> [like|dislike]`.") : commands.Rate(user, rest, kind);
    }

    private static TextReply Private(string text) => new(text) { Private = true };

    private const string HelpText = """
        *ShowBot* suggests TV shows like the ones you name.
        • `/recommend Breaking Bad, The Wire`: suggestions, posted in this channel. React with :one:, :two:, … on the ones you like, :thumbsdown: if none fit.
        • `/recommend a cozy British murder mystery`, `/recommend something like Severance but funnier`, `/recommend 90s sitcoms`: ask in words.
        • `/showbot likes`: what you liked and disliked.
        • `/showbot rate <show> [like|dislike]`: rate one show.
        • `/showbot forget-me`: delete your ratings and lists.
        Admins only:
        • `/showbot retrain [force]`: retrain the model now (`force`: even with few new ratings); the outcome is posted here.
        • `/showbot status`: serving model, queue, ratings since the last training, next scheduled run.
        • `/showbot models`: recent model versions with their metrics.
        • `/showbot rollback [version]`: serve an earlier version.
        """;
}
