using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Slack.Outbound;

namespace ShowBot.Slack.Inbound;

/// <summary>
/// Translates slash commands into Core's commands and returns the immediate reply (the ack's content):
/// <c>/recommend &lt;titles&gt;</c>, and every other command of the catalog as <c>/showbot &lt;command&gt;</c>; admin
/// commands count as an admin's for the Slack user ids in <see cref="SlackOptions.AdminUserIds"/> only.
/// </summary>
internal sealed class SlackCommandRouter(CommandDispatcher commands, IOptions<SlackOptions> options)
{
    /// <summary>Slack's syntax: <c>/recommend …</c>, and <c>/showbot rate …</c> for the rest.</summary>
    public static readonly ICommandSyntax Syntax = new TextCommandSyntax(c => c == CommandCatalog.Recommend || c == CommandCatalog.Together ? "/" + c.Name : "/showbot " + c.Name);

    private readonly SlackOptions settings = options.Value;

    public async Task<Reply> HandleAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Command.ToLowerInvariant())
        {
            case "/recommend":
                return await RunAsync(CommandCatalog.Recommend, command, command.Text, cancellationToken);
            case "/together":
                return await RunAsync(CommandCatalog.Together, command, command.Text, cancellationToken);
            case "/showbot":
                var text = command.Text.Trim();
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                var (name, rest) = space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim());
                return CommandCatalog.Find(name.Length == 0 ? CommandCatalog.Help.Name : name) is { } known
                    ? await RunAsync(known, command, rest, cancellationToken)
                    : new TextReply($"I don't know /showbot {name}. Try /showbot help.");
            default:
                return new TextReply($"I don't know the command {command.Command}. Try /showbot help.");
        }
    }

    /// <summary>A person on Slack: <c>slack:T…/U…</c>. User ids are only unique within a workspace.</summary>
    public static UserKey UserOf(string teamId, string userId) => new(SlackPlatform.Name, $"{teamId}/{userId}");

    /// <summary>
    /// Runs the command in Core. Replies that come later (the suggestions, a retrain's outcome) are posted in the
    /// channel the command came from (a response_url expires after 30 minutes, a training run may not).
    /// </summary>
    private async Task<Reply> RunAsync(ChatCommand chatCommand, SlashCommand command, string text, CancellationToken cancellationToken)
    {
        var target = new SlackReplyTarget(command.ChannelId, command.TeamId, command.UserId, command.ResponseUrl).ToReplyTarget();
        var invocation = new CommandInvocation(chatCommand, "slack:" + command.TriggerId, UserOf(command.TeamId, command.UserId), target, Syntax)
        {
            Text = text,
            IsAdmin = settings.IsAdmin(command.UserId),
            UserName = command.UserName,
            Members = chatCommand == CommandCatalog.Together ? SlackMentions.In(text, command.TeamId) : null,
        };
        var reply = (await commands.RunAsync(invocation, cancellationToken)).Reply;
        // The versions table lines up in columns only in a code block.
        return chatCommand == CommandCatalog.Models && invocation.IsAdmin && reply is TextReply table ? new TextReply("```\n" + table.Text + "\n```") : reply;
    }
}
