using System.Globalization;

using Microsoft.Extensions.Options;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Requests;
using ShowBot.Slack.Outbound;

namespace ShowBot.Slack.Inbound;

/// <summary>
/// Translates slash commands into Core calls and returns the immediate reply (the ack's content):
/// <c>/recommend &lt;titles&gt;</c>, and <c>/showbot likes | forget-me | rate | help</c> plus the admin <c>status</c>.
/// </summary>
internal sealed class SlackCommandRouter(
    CommandHandler commands,
    ShowCatalog catalog,
    ServingModel serving,
    IPredictionQueue queue,
    IOptions<SlackOptions> options)
{
    private readonly SlackOptions settings = options.Value;

    public Reply Handle(SlashCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var user = UserOf(command.TeamId, command.UserId);
        return command.Command.ToLowerInvariant() switch
        {
            "/recommend" => Recommend(command, user),
            "/showbot" => ShowBot(command, user),
            _ => Private($"I don't know the command {command.Command}. Try `/showbot help`."),
        };
    }

    /// <summary>A person on Slack: <c>slack:T…/U…</c>. User ids are only unique within a workspace.</summary>
    public static UserKey UserOf(string teamId, string userId) => new(SlackPlatform.Name, $"{teamId}/{userId}");

    private Reply Recommend(SlashCommand command, UserKey user)
    {
        var commandId = "slack:" + command.TriggerId;
        var target = new SlackReplyTarget(command.ChannelId, command.TeamId, command.UserId, command.ResponseUrl).ToReplyTarget();
        return commands.Recommend(new RecommendCommand(commandId, user, [command.Text], target)).Reply;
    }

    private Reply ShowBot(SlashCommand command, UserKey user)
    {
        var text = command.Text.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var (subcommand, rest) = space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim());
        return subcommand.ToLowerInvariant() switch
        {
            "likes" => commands.Likes(user),
            "forget-me" => commands.ForgetMe(user),
            "rate" => Rate(user, rest),
            "status" => settings.IsAdmin(command.UserId) ? Status() : Private("Only ShowBot admins can use `/showbot status`."),
            "" or "help" => Private(HelpText),
            _ => Private($"I don't know `/showbot {subcommand}`.\n{HelpText}"),
        };
    }

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

    private TextReply Status() => Private(string.Create(
        CultureInfo.InvariantCulture,
        $"Model: {serving.Current.Version} · queue: {queue.CountOutstanding()} request(s) outstanding ({queue.CountOutstanding(SlackPlatform.Name)} from Slack) · catalog: {catalog.Shows.Count:N0} shows"));

    private static TextReply Private(string text) => new(text) { Private = true };

    private const string HelpText = """
        *ShowBot* suggests TV shows like the ones you name.
        • `/recommend Breaking Bad, The Wire`: suggestions, posted in this channel. React with :one:, :two:, … on the ones you like, :thumbsdown: if none fit.
        • `/showbot likes`: what you liked and disliked.
        • `/showbot rate <show> [like|dislike]`: rate one show.
        • `/showbot forget-me`: delete your ratings and lists.
        • `/showbot status` (admins): model, queue and catalog.
        """;
}
