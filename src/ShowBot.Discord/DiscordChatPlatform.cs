using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.Extensions.Logging;

using ShowBot.Core.Chat;
using ShowBot.Discord.Rest;

namespace ShowBot.Discord;

/// <summary>
/// Discord's outgoing side: a reply edits the interaction's deferred response (<c>PATCH …/messages/@original</c>),
/// or for a follow-up target is posted as a follow-up message (<c>POST /webhooks/{app}/{token}</c>, ephemeral unless public), while
/// the token lives, and is posted in the channel once it has expired. A suggestion list then gets its number
/// reactions through the <see cref="ReactionQueue"/>.
/// </summary>
internal sealed partial class DiscordChatPlatform(DiscordRestClient rest, ReactionQueue reactions, TimeProvider time, ILogger<DiscordChatPlatform> logger) : IChatPlatform
{
    public const string PlatformName = "discord";

    public string Platform => PlatformName;

    public async Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        var discord = DiscordReplyTarget.Parse(target);
        var message = await EditOrPostAsync(discord, DiscordMessages.Render(reply), cancellationToken);
        var posted = new MessageRef(PlatformName, message.GetProperty("channel_id").GetString()!, message.GetProperty("id").GetString()!);
        if (reply is SuggestionsReply suggestions && suggestions.Items.Count > 0)
        {
            reactions.Enqueue(posted.Channel, posted.MessageId, suggestions.Items.Count);
        }

        return posted;
    }

    private async Task<JsonElement> EditOrPostAsync(DiscordReplyTarget target, JsonObject body, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (target.TokenValidAt(now))
        {
            try
            {
                return await AnswerInteractionAsync(target, body, cancellationToken);
            }
            catch (DiscordApiException ex) when (ex.InteractionTokenInvalid)
            {
                LogTokenRejected(ex.Code);
            }
        }
        else
        {
            LogTokenExpired(now - target.IssuedAt);
        }

        try
        {
            return await rest.SendAsync(DiscordRoute.CreateMessage(target.ChannelId), body, cancellationToken)
                ?? throw new JsonException("Creating the message returned no message.");
        }
        catch (DiscordApiException ex) when (ex.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            || ex.Code is DiscordErrorCodes.MissingAccess or DiscordErrorCodes.MissingPermissions or DiscordErrorCodes.UnknownChannel)
        {
            throw new UndeliverableReplyException($"Cannot post in channel {target.ChannelId}: {ex.Message}", ex);
        }
    }

    private async Task<JsonElement> AnswerInteractionAsync(DiscordReplyTarget target, JsonObject body, CancellationToken cancellationToken)
    {
        if (!target.FollowUp)
        {
            return await rest.SendAsync(DiscordRoute.EditOriginalResponse(target.ApplicationId, target.InteractionToken), body, cancellationToken)
                ?? throw new JsonException("Editing the response returned no message.");
        }

        // Unless public, seen like the response it follows only by the person who ran the command. (A channel message cannot be ephemeral.)
        var followUp = body.DeepClone().AsObject();
        if (!target.Public)
        {
            followUp["flags"] = DiscordMessages.EphemeralFlag;
        }

        return await rest.SendAsync(DiscordRoute.CreateFollowUpMessage(target.ApplicationId, target.InteractionToken), followUp, cancellationToken)
            ?? throw new JsonException("Posting the follow-up returned no message.");
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "The interaction token is {Age} old, past its 15 minutes; posting the reply in the channel instead")]
    private partial void LogTokenExpired(TimeSpan age);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Discord no longer accepts the interaction token (code {Code}); posting the reply in the channel instead")]
    private partial void LogTokenRejected(int? code);
}
