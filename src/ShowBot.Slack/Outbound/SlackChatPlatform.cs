using ShowBot.Core.Chat;
using ShowBot.Slack.Api;

namespace ShowBot.Slack.Outbound;

/// <summary>
/// Slack's outgoing side: suggestion lists are posted in the channel with <c>chat.postMessage</c> (so anyone there
/// can rate them by reacting, and the channel + ts can be stored), then numbered by the reaction queue. Private text
/// goes to the invoker only. Other text (an admin's retraining outcome) is posted in the channel, or, where the bot
/// may not post, sent privately to the invoker instead.
/// </summary>
internal sealed class SlackChatPlatform(SlackApiClient api, SlackReactionQueue reactions) : IChatPlatform
{
    /// <summary>Errors after which the same post can never succeed, so the request is failed rather than retried.</summary>
    private static readonly HashSet<string> PermanentErrors = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "no_text", "invalid_blocks", "restricted_action",
        "user_not_in_channel", "ekm_access_denied", "team_access_not_granted",
    };

    public string Platform => SlackPlatform.Name;

    public async Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var to = SlackReplyTarget.Parse(target);
        try
        {
            if (reply is TextReply { Private: true })
            {
                return await SendPrivateAsync(to, reply, cancellationToken);
            }

            try
            {
                return await PostAsync(to, reply, cancellationToken);
            }
            catch (SlackApiException ex) when (reply is TextReply && ex.Error is "not_in_channel" or "channel_not_found" && to.User.Length > 0)
            {
                return await SendPrivateAsync(to, reply, cancellationToken);
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

    private async Task<MessageRef> SendPrivateAsync(SlackReplyTarget to, Reply reply, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(to.ResponseUrl, UriKind.Absolute, out var responseUrl))
        {
            try
            {
                await api.PostToResponseUrlAsync(responseUrl, SlackMessageRenderer.Ephemeral(reply), cancellationToken);
                return new MessageRef(SlackPlatform.Name, to.Channel, "");
            }
            catch (SlackApiException)
            {
                // A response_url lasts 30 minutes and 5 uses; past that the ephemeral goes through the Web API.
            }
        }

        var ts = await api.PostEphemeralAsync(to.Channel, to.User, SlackMessageRenderer.Render(reply), cancellationToken);
        return new MessageRef(SlackPlatform.Name, to.Channel, ts);
    }
}
