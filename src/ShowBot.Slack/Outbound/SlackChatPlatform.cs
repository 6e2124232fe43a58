using System.Text.Json.Nodes;

using Microsoft.Extensions.Logging;

using ShowBot.Core.Chat;
using ShowBot.Slack.Api;

namespace ShowBot.Slack.Outbound;

/// <summary>
/// Slack's outgoing side: suggestion lists are posted in the channel with <c>chat.postMessage</c> (so anyone there
/// can rate them by reacting, and the channel + ts can be stored), then numbered by the reaction queue. Private text
/// goes to the invoker only. Where the bot may not post (not in the channel, or it is archived), a suggestion list or
/// other text (an admin's retraining outcome) is sent privately to the invoker instead: through the command's
/// <c>response_url</c>, else <c>chat.postEphemeral</c>. A private list carries no reactions, and its
/// <see cref="MessageRef"/> says so (<see cref="IsPrivate"/>).
/// </summary>
internal sealed partial class SlackChatPlatform(SlackApiClient api, SlackReactionQueue reactions, SlackBotIdentity bot, ILogger<SlackChatPlatform> logger) : IChatPlatform
{
    /// <summary>The start of the message id of a reply only its invoker sees. No Slack ts starts so, so no reaction event ever maps to it.</summary>
    public const string PrivateMessagePrefix = "ephemeral:";

    /// <summary>Errors after which the same post can never succeed, so the request is failed rather than retried.</summary>
    private static readonly HashSet<string> PermanentErrors = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "no_text", "invalid_blocks", "restricted_action",
        "user_not_in_channel", "ekm_access_denied", "team_access_not_granted",
    };

    /// <summary>Errors of <c>chat.postMessage</c> that mean the bot may not post in this channel, though the invoker is there.</summary>
    private static readonly HashSet<string> MayNotPostErrors = new(StringComparer.Ordinal) { "not_in_channel", "channel_not_found", "is_archived" };

    public string Platform => SlackPlatform.Name;

    /// <summary>Whether <paramref name="message"/> was sent privately (ephemeral): nobody can react to it.</summary>
    public static bool IsPrivate(MessageRef message) => message.MessageId.StartsWith(PrivateMessagePrefix, StringComparison.Ordinal);

    public async Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var to = SlackReplyTarget.Parse(target);
        try
        {
            try
            {
                return await PostAsync(to, reply, cancellationToken);
            }
            catch (SlackApiException ex) when (MayNotPostErrors.Contains(ex.Error) && to.User.Length > 0 && reply is TextReply or SuggestionsReply)
            {
                return await SendInsteadOfPostAsync(to, reply, ex, cancellationToken);
            }
        }
        catch (SlackApiException ex) when (PermanentErrors.Contains(ex.Error) || ex.IsAuthenticationFailure)
        {
            throw new UndeliverableReplyException(ex.Message, ex);
        }
    }

    private async Task<MessageRef> PostAsync(SlackReplyTarget to, Reply reply, CancellationToken cancellationToken)
    {
        var (channel, ts) = await api.PostMessageAsync(to.Channel, SlackMessageRenderer.Render(reply), cancellationToken);
        if (reply is SuggestionsReply suggestions)
        {
            reactions.Enqueue(channel, ts, SlackMessageRenderer.NumberReactions.Take(suggestions.Items.Count));
        }

        return new MessageRef(SlackPlatform.Name, channel, ts);
    }

    /// <summary>
    /// The reply could not be posted in the channel: it goes to the invoker alone, a suggestion list with a line on why
    /// and how to get lists everyone can rate. If that fails too, the reply can never be delivered.
    /// </summary>
    private async Task<MessageRef> SendInsteadOfPostAsync(SlackReplyTarget to, Reply reply, SlackApiException notPosted, CancellationToken cancellationToken)
    {
        LogSendingPrivately(to.Channel, notPosted.Error);
        var message = reply is SuggestionsReply suggestions
            ? SlackMessageRenderer.RenderPrivately(suggestions, PrivateListHint(notPosted.Error))
            : SlackMessageRenderer.Render(reply);
        try
        {
            return await SendPrivateAsync(to, message, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            throw new UndeliverableReplyException($"{notPosted.Message}, and privately: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A message only the invoker sees: through the command's <c>response_url</c> while that works, else
    /// <c>chat.postEphemeral</c>. Throws the <see cref="SlackApiException"/> of <c>chat.postEphemeral</c> when both fail.
    /// </summary>
    private async Task<MessageRef> SendPrivateAsync(SlackReplyTarget to, JsonObject message, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(to.ResponseUrl, UriKind.Absolute, out var responseUrl))
        {
            try
            {
                await api.PostToResponseUrlAsync(responseUrl, SlackMessageRenderer.Ephemeral(message), cancellationToken);
                return PrivateRef(to, "");
            }
            catch (Exception ex) when (ex is SlackApiException or HttpRequestException || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A response_url lasts 30 minutes and 5 uses; past that (or when it fails) the ephemeral goes through the Web API.
                LogResponseUrlFailed(to.Channel, ex is SlackApiException slack ? slack.Error : ex.GetType().Name);
            }
        }

        var ts = await api.PostEphemeralAsync(to.Channel, to.User, message, cancellationToken);
        return PrivateRef(to, ts);
    }

    /// <summary>
    /// Where a private reply went: the channel, and an id that starts with <see cref="PrivateMessagePrefix"/> and names the
    /// invoker, plus the ephemeral's ts when Slack gave one (a <c>response_url</c> gives none, so a fresh id is used).
    /// </summary>
    private static MessageRef PrivateRef(SlackReplyTarget to, string ts) =>
        new(SlackPlatform.Name, to.Channel, $"{PrivateMessagePrefix}{to.User}:{(ts.Length > 0 ? ts : Guid.NewGuid().ToString("N"))}");

    private string PrivateListHint(string error)
    {
        var me = bot.UserId.Length > 0 ? $"<@{bot.UserId}>" : "@ShowBot";
        return error == "is_archived"
            ? $"Only you can see this list, so it can't be rated with reactions: this channel is archived. Use `/recommend` in a channel I'm in (/invite {me}) to get lists everyone can rate."
            : $"Only you can see this list, so it can't be rated with reactions: I'm not in this channel. Type /invite {me} here and I'll post lists for everyone to rate.";
    }

    [LoggerMessage(EventId = 560, Level = LogLevel.Information, Message = "Could not post in {Channel} ({Error}); sending the reply privately to its invoker")]
    private partial void LogSendingPrivately(string channel, string error);

    [LoggerMessage(EventId = 561, Level = LogLevel.Information, Message = "The response_url of a command in {Channel} did not take the reply ({Reason}); using chat.postEphemeral")]
    private partial void LogResponseUrlFailed(string channel, string reason);
}
