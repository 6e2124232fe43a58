using System.Text.Json.Nodes;

using Microsoft.Extensions.Logging;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Discord.Rest;

namespace ShowBot.Discord.Interactions;

/// <summary>
/// Sends an interaction's initial response (the interaction response object: PONG, a deferred message, choices);
/// false when the interaction must not be handled (already acknowledged, or too late). Over the gateway it is the
/// callback POST (<see cref="InteractionResponder.Callback"/>); over HTTP, the body of the response to Discord's request.
/// </summary>
internal delegate Task<bool> InitialResponse(JsonObject response, CancellationToken cancellationToken);

/// <summary>
/// Answers interactions, however they arrived. Every command is acknowledged first with a deferred response (type 5),
/// in this one place, before any work; then Core does the work and the deferred response is edited with the result —
/// or, for a queued /recommend, the prediction worker edits it later. Autocomplete is answered from the in-memory
/// title index. The initial response goes the way the interaction came (<see cref="InitialResponse"/>); everything
/// after it goes through REST.
/// </summary>
internal sealed partial class InteractionResponder(
    DiscordRestClient rest,
    CommandDispatcher commands,
    ActionHandler actions,
    AdminAccess adminAccess,
    ShowCatalog catalog,
    TimeProvider time,
    ILogger<InteractionResponder> logger)
{
    private const int MaxChoices = 25;
    private const int MaxChoiceName = 100;
    private const int DeferredChannelMessage = 5;
    private const int DeferredUpdateMessage = 6;
    private const int AutocompleteResult = 8;

    /// <summary>Whether ShowBot answers interactions of this type (a command, a component, autocomplete).</summary>
    public static bool Handles(int type) => type is Interaction.ApplicationCommand or Interaction.MessageComponent or Interaction.Autocomplete;

    /// <summary>
    /// Handles the interaction: <paramref name="respond"/> first, then the work. Never throws but when stopping: a
    /// failure after the initial response is logged, the person having been answered or told where possible.
    /// </summary>
    public async Task HandleAsync(Interaction interaction, long receivedAt, InitialResponse respond, CancellationToken cancellationToken)
    {
        try
        {
            switch (interaction.Type)
            {
                case Interaction.ApplicationCommand:
                    await HandleCommandAsync(interaction, receivedAt, respond, cancellationToken);
                    break;
                case Interaction.Autocomplete:
                    await AnswerAutocompleteAsync(interaction, receivedAt, respond, cancellationToken);
                    break;
                case Interaction.MessageComponent:
                    await HandleComponentAsync(interaction, receivedAt, respond, cancellationToken);
                    break;
                default:
                    LogUnhandledType(interaction.Type);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogInteractionFailed(ex, interaction.CommandName);
        }
    }

    /// <summary>The gateway's way of sending the initial response: <c>POST /interactions/{id}/{token}/callback</c>.</summary>
    public InitialResponse Callback(Interaction interaction) => (body, cancellationToken) => CallbackAsync(interaction, body, cancellationToken);

    private async Task HandleCommandAsync(Interaction interaction, long receivedAt, InitialResponse respond, CancellationToken cancellationToken)
    {
        // Suggestion lists are public so that reactions on them can be seen and counted; everything else is for the invoker only.
        var command = DiscordCommands.Find(interaction);
        var ephemeral = command?.Visibility != ReplyVisibility.Channel;
        if (!await respond(Deferred(ephemeral), cancellationToken))
        {
            return;
        }

        LogDeferred(interaction.CommandName, time.GetElapsedTime(receivedAt));
        Reply? reply;
        try
        {
            reply = await ExecuteAsync(interaction, command, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCommandFailed(ex, interaction.CommandName);
            reply = new TextReply("Sorry — something went wrong on my side. Please try again in a moment.");
        }

        if (reply is not null)
        {
            await rest.SendAsync(DiscordRoute.EditOriginalResponse(interaction.ApplicationId, interaction.Token), DiscordMessages.Render(reply), cancellationToken);
            LogAnswered(interaction.CommandName, time.GetElapsedTime(receivedAt));
        }
    }

    /// <summary>
    /// A pressed button: acknowledged first with a deferred update (type 6), so a redelivery is handled once (Discord
    /// refuses its callback over the gateway; the endpoint answers it from its memory over HTTP); then Core acts on the button's id, and the message it was on shows the outcome in place of its
    /// buttons, or, when the button was not the presser's to press, the presser alone is told so.
    /// </summary>
    private async Task HandleComponentAsync(Interaction interaction, long receivedAt, InitialResponse respond, CancellationToken cancellationToken)
    {
        if (!await respond(new JsonObject { ["type"] = DeferredUpdateMessage }, cancellationToken))
        {
            return;
        }

        LogComponentAcknowledged(time.GetElapsedTime(receivedAt));
        ActionResult result;
        try
        {
            var message = new MessageRef(DiscordChatPlatform.PlatformName, interaction.ChannelId, interaction.Message!.Id);
            result = actions.Handle(new ActionPress(interaction.Data.CustomId!, new UserKey(DiscordChatPlatform.PlatformName, interaction.UserId), message)
            {
                PressId = interaction.Id,
                Picked = interaction.Data.Values is [var picked, ..] ? picked : null,
                ReplyTo = new DiscordReplyTarget(interaction.ApplicationId, interaction.Token, interaction.ChannelId, time.GetUtcNow(), FollowUp: true, Public: true).ToReplyTarget(),
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogComponentFailed(ex);
            result = new ActionResult(new TextReply("Sorry — something went wrong on my side. Please try again in a moment."), ReplacesMessage: false);
        }

        if (result.ReplacesMessage)
        {
            await rest.SendAsync(DiscordRoute.EditOriginalResponse(interaction.ApplicationId, interaction.Token), DiscordMessages.Replacing(result.Reply), cancellationToken);
        }
        else
        {
            var followUp = DiscordMessages.Render(result.Reply);
            followUp["flags"] = DiscordMessages.EphemeralFlag;
            await rest.SendAsync(DiscordRoute.CreateFollowUpMessage(interaction.ApplicationId, interaction.Token), followUp, cancellationToken);
        }
    }

    /// <summary>The deferred response to a command: the person sees "thinking…" until @original is edited.</summary>
    private static JsonObject Deferred(bool ephemeral)
    {
        var body = new JsonObject { ["type"] = DeferredChannelMessage };
        if (ephemeral)
        {
            body["data"] = new JsonObject { ["flags"] = DiscordMessages.EphemeralFlag };
        }

        return body;
    }

    private async Task<bool> CallbackAsync(Interaction interaction, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            await rest.SendAsync(DiscordRoute.InteractionCallback(interaction.Id, interaction.Token), body, cancellationToken);
            return true;
        }
        catch (DiscordApiException ex) when (ex.Code is DiscordErrorCodes.InteractionAlreadyAcknowledged or DiscordErrorCodes.UnknownInteraction)
        {
            // Already acknowledged: a redelivery, answered the first time. Unknown: past the 3 seconds, nobody is waiting.
            LogNotAcknowledged(interaction.CommandName, ex.Code);
            return false;
        }
    }

    /// <summary>Runs the command in Core; null when the answer will come later from the prediction worker.</summary>
    private async Task<Reply?> ExecuteAsync(Interaction interaction, ChatCommand? command, CancellationToken cancellationToken)
    {
        if (command is null)
        {
            return new TextReply($"I don't know /{interaction.CommandName}. Try /help.");
        }

        var isAdmin = adminAccess.Allows(interaction);
        if (command.AdminOnly && isAdmin)
        {
            LogAdminCommand(command.Name, interaction.UserId);
        }
        else if (command.AdminOnly)
        {
            LogAdminRefused(interaction.UserId, interaction.GuildId);
        }

        // A channel command's list replaces its (public) deferred reply; a later notice to a private one (a retrain's
        // outcome) follows the reply as a new message.
        var target = new DiscordReplyTarget(interaction.ApplicationId, interaction.Token, interaction.ChannelId, time.GetUtcNow(), FollowUp: command.Visibility != ReplyVisibility.Channel).ToReplyTarget();
        var result = await commands.RunAsync(
            new CommandInvocation(command, interaction.Id, new UserKey(DiscordChatPlatform.PlatformName, interaction.UserId), target, DiscordCommands.Syntax)
            {
                Arguments = DiscordCommands.ArgumentsOf(interaction, command),
                IsAdmin = isAdmin,
                UserName = interaction.UserName,
                Members = DiscordCommands.MembersOf(interaction, command),
            },
            cancellationToken);
        return result.Queued ? null : result.Reply;
    }

    private async Task AnswerAutocompleteAsync(Interaction interaction, long receivedAt, InitialResponse respond, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["type"] = AutocompleteResult,
            ["data"] = new JsonObject { ["choices"] = Choices(interaction) },
        };
        if (await respond(body, cancellationToken))
        {
            LogAutocompleteAnswered(time.GetElapsedTime(receivedAt));
        }
    }

    /// <summary>Up to 25 choices for the focused option; never throws, an empty list at worst.</summary>
    private JsonArray Choices(Interaction interaction)
    {
        try
        {
            if (interaction.Focused is not { } focused)
            {
                return [];
            }

            var typed = focused.Text ?? "";
            if (focused.Name == DiscordCommands.GenreOption)
            {
                return [.. catalog.Genres
                    .Where(g => g.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase))
                    .Take(MaxChoices)
                    .Select(g => (JsonNode)Choice(g, g))];
            }

            return [.. catalog.Matcher.Autocomplete(typed, MaxChoices)
                .Select(show => (JsonNode)Choice(show.Years.Length > 0 ? $"{show.Title} ({show.Years})" : show.Title, show.Id))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAutocompleteFailed(ex);
            return [];
        }
    }

    // Choice names are shown as plain text: no Markdown to escape, but no control or invisible characters either.
    private static JsonObject Choice(string name, string value) =>
        new() { ["name"] = DisplayText.Truncate(DisplayText.Line(name), MaxChoiceName), ["value"] = value };

    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "/{Command} acknowledged {Elapsed} after it was received")]
    private partial void LogDeferred(string command, TimeSpan elapsed);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "/{Command} answered {Elapsed} after it was received")]
    private partial void LogAnswered(string command, TimeSpan elapsed);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "/{Command} not handled: Discord refused the acknowledgement (code {Code})")]
    private partial void LogNotAcknowledged(string command, int? code);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "/{Command} failed")]
    private partial void LogCommandFailed(Exception exception, string command);


    [LoggerMessage(EventId = 1405, Level = LogLevel.Debug, Message = "Autocomplete answered {Elapsed} after it was received")]
    private partial void LogAutocompleteAnswered(TimeSpan elapsed);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Error, Message = "Autocomplete failed; answered with no choices")]
    private partial void LogAutocompleteFailed(Exception exception);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Debug, Message = "Ignored an interaction of type {Type}")]
    private partial void LogUnhandledType(int type);

    [LoggerMessage(EventId = 1409, Level = LogLevel.Debug, Message = "Button press acknowledged {Elapsed} after it was received")]
    private partial void LogComponentAcknowledged(TimeSpan elapsed);

    [LoggerMessage(EventId = 1410, Level = LogLevel.Error, Message = "A button press failed")]
    private partial void LogComponentFailed(Exception exception);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Error, Message = "Interaction /{Command} failed")]
    private partial void LogInteractionFailed(Exception exception, string command);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Refused /showbot to user {UserId} in server {GuildId}: not an admin")]
    private partial void LogAdminRefused(string userId, string? guildId);

    [LoggerMessage(EventId = 1408, Level = LogLevel.Information, Message = "/showbot {SubCommand} by user {UserId}")]
    private partial void LogAdminCommand(string subCommand, string userId);
}
