using System.Text.Json.Nodes;

using Microsoft.Extensions.Logging;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Discord.Rest;

namespace ShowBot.Discord.Interactions;

/// <summary>
/// Answers interactions. Every command is acknowledged first with a deferred response (type 5), in this one place,
/// before any work; then Core does the work and the deferred response is edited with the result — or, for a
/// queued /recommend, the prediction worker edits it later. Autocomplete is answered from the in-memory title index.
/// </summary>
internal sealed partial class InteractionResponder(
    DiscordRestClient rest,
    CommandHandler commands,
    AdminCommands admin,
    AdminAccess adminAccess,
    ShowCatalog catalog,
    TimeProvider time,
    ILogger<InteractionResponder> logger)
{
    private const int MaxChoices = 25;
    private const int MaxChoiceName = 100;
    private const int DeferredChannelMessage = 5;
    private const int AutocompleteResult = 8;

    public async Task HandleAsync(Interaction interaction, long receivedAt, CancellationToken cancellationToken)
    {
        switch (interaction.Type)
        {
            case Interaction.ApplicationCommand:
                await HandleCommandAsync(interaction, receivedAt, cancellationToken);
                break;
            case Interaction.Autocomplete:
                await AnswerAutocompleteAsync(interaction, receivedAt, cancellationToken);
                break;
            default:
                LogUnhandledType(interaction.Type);
                break;
        }
    }

    private async Task HandleCommandAsync(Interaction interaction, long receivedAt, CancellationToken cancellationToken)
    {
        // Suggestion lists are public so that reactions on them can be seen and counted; everything else is for the invoker only.
        var ephemeral = interaction.CommandName != DiscordCommands.Recommend;
        if (!await DeferAsync(interaction, ephemeral, cancellationToken))
        {
            return;
        }

        LogDeferred(interaction.CommandName, time.GetElapsedTime(receivedAt));
        Reply? reply;
        try
        {
            reply = await ExecuteAsync(interaction, cancellationToken);
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

    /// <summary>Acknowledges the interaction; false when it must not be handled (already acknowledged, or too late).</summary>
    private async Task<bool> DeferAsync(Interaction interaction, bool ephemeral, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["type"] = DeferredChannelMessage };
        if (ephemeral)
        {
            body["data"] = new JsonObject { ["flags"] = DiscordMessages.EphemeralFlag };
        }

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
    private async Task<Reply?> ExecuteAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var user = new UserKey(DiscordChatPlatform.PlatformName, interaction.UserId);
        switch (interaction.CommandName)
        {
            case DiscordCommands.Recommend:
                var result = commands.Recommend(new RecommendCommand(
                    interaction.Id,
                    user,
                    [.. DiscordCommands.ShowOptions.Select(name => interaction.Option(name)?.Text).OfType<string>()],
                    ReplyTargetOf(interaction, followUp: false))
                {
                    Count = interaction.Option(DiscordCommands.CountOption)?.Integer,
                    Genre = interaction.Option(DiscordCommands.GenreOption)?.Text,
                });
                return result.Queued ? null : result.Reply;
            case DiscordCommands.Rate:
                var kind = interaction.Option(DiscordCommands.OpinionOption)?.Text == "dislike" ? RatingKind.Dislike : RatingKind.Like;
                return commands.Rate(user, interaction.Option("show")?.Text ?? "", kind);
            case DiscordCommands.Likes:
                return commands.Likes(user);
            case DiscordCommands.ForgetMe:
                return commands.ForgetMe(user);
            case DiscordCommands.Help:
                return new TextReply(HelpText);
            case DiscordCommands.Admin:
                return await AdministerAsync(interaction, cancellationToken);
            default:
                return new TextReply($"I don't know /{interaction.CommandName}. Try /help.");
        }
    }

    private async Task<Reply> AdministerAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (!adminAccess.Allows(interaction))
        {
            LogAdminRefused(interaction.UserId, interaction.GuildId);
            return new TextReply(adminAccess.Refusal);
        }

        var subCommand = interaction.Options.Count > 0 ? interaction.Options[0] : null;
        switch (subCommand?.Name)
        {
            case DiscordCommands.AdminRetrain:
                // The acceptance edits the deferred response; the outcome comes later as a follow-up to the same interaction.
                var force = subCommand.Option(DiscordCommands.ForceOption)?.Boolean ?? false;
                LogAdminCommand(DiscordCommands.AdminRetrain, interaction.UserId);
                return await admin.RetrainAsync(ReplyTargetOf(interaction, followUp: true), force, cancellationToken);
            case DiscordCommands.AdminStatus:
                return await admin.StatusAsync(cancellationToken);
            case DiscordCommands.AdminModels:
                return admin.Models();
            case DiscordCommands.AdminRollback:
                LogAdminCommand(DiscordCommands.AdminRollback, interaction.UserId);
                return admin.Rollback(subCommand.Option(DiscordCommands.VersionOption)?.Text?.Trim() is { Length: > 0 } version ? version : null);
            default:
                return new TextReply($"I don't know /showbot {subCommand?.Name}. Try retrain, status, models or rollback.");
        }
    }

    private ReplyTarget ReplyTargetOf(Interaction interaction, bool followUp) =>
        new DiscordReplyTarget(interaction.ApplicationId, interaction.Token, interaction.ChannelId, time.GetUtcNow(), followUp).ToReplyTarget();

    private async Task AnswerAutocompleteAsync(Interaction interaction, long receivedAt, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["type"] = AutocompleteResult,
            ["data"] = new JsonObject { ["choices"] = Choices(interaction) },
        };
        await rest.SendAsync(DiscordRoute.InteractionCallback(interaction.Id, interaction.Token), body, cancellationToken);
        LogAutocompleteAnswered(time.GetElapsedTime(receivedAt));
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

    private const string HelpText = """
        **ShowBot** suggests TV shows like the ones you enjoy.
        `/recommend show: Breaking Bad` — up to five shows (each may be a comma-separated list), optional `count` (1–10) and `genre`.
        Or say it in words: `/recommend show: a cozy British murder mystery`, `something like Severance but funnier`, `90s sitcoms`; `genre` alone lists the best of a genre.
        React to a suggestion list with its number (1️⃣ … 🔟) to like a show, or 👎 if none fit; remove the reaction to take it back.
        `/rate show: The Wire opinion: dislike` — rate a show directly.
        `/likes` — what you liked and disliked. `/forget-me` — delete your ratings.
        """;

    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "/{Command} acknowledged {Elapsed} after it was received")]
    private partial void LogDeferred(string command, TimeSpan elapsed);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "/{Command} answered {Elapsed} after it was received")]
    private partial void LogAnswered(string command, TimeSpan elapsed);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "/{Command} not handled: Discord refused the acknowledgement (code {Code})")]
    private partial void LogNotAcknowledged(string command, int? code);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "/{Command} failed")]
    private partial void LogCommandFailed(Exception exception, string command);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Refused /showbot to user {UserId} in server {GuildId}: not an admin")]
    private partial void LogAdminRefused(string userId, string? guildId);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Debug, Message = "Autocomplete answered {Elapsed} after it was received")]
    private partial void LogAutocompleteAnswered(TimeSpan elapsed);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Error, Message = "Autocomplete failed; answered with no choices")]
    private partial void LogAutocompleteFailed(Exception exception);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Debug, Message = "Ignored an interaction of type {Type}")]
    private partial void LogUnhandledType(int type);

    [LoggerMessage(EventId = 1408, Level = LogLevel.Information, Message = "/showbot {SubCommand} by user {UserId}")]
    private partial void LogAdminCommand(string subCommand, string userId);
}
