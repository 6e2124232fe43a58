using System.Collections.Concurrent;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Discord.Gateway;
using ShowBot.Discord.Interactions;
using ShowBot.Discord.Rest;

namespace ShowBot.Discord;

/// <summary>
/// The Discord connection as a hosted service: runs the gateway, handles its dispatches off the read loop
/// (interactions each on their own task, reactions in order) and registers the commands after the first READY. When
/// Discord refuses the bot for good, it records why in <see cref="FatalStop"/> (so the process exits with a failure
/// code) and stops the application loudly rather than running deaf.
/// </summary>
internal sealed partial class DiscordBot(
    DiscordGateway gateway,
    DiscordRestClient rest,
    InteractionResponder interactions,
    ReactionHandler reactions,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    FatalStop fatalStop,
    ILogger<DiscordBot> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, bool> running = new();
    private string? ownUserId;
    private int warnedOfGatewayInteraction;
    private bool commandsRegistered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var handled = HandleDispatchesAsync(stoppingToken);
        try
        {
            await gateway.RunAsync(stoppingToken);
        }
        catch (GatewayFatalException ex)
        {
            // The reason names the close code or the setting to fix, never the token; the process then exits with code 4.
            LogFatal(ex.Message);
            fatalStop.Record(ex.Message);
            lifetime.StopApplication();
        }

        await handled;
        await Task.WhenAll(running.Keys);
    }

    private async Task HandleDispatchesAsync(CancellationToken stoppingToken)
    {
        await foreach (var dispatch in gateway.Dispatches.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                Handle(dispatch, stoppingToken);
            }
            catch (Exception ex)
            {
                // A handler that fails (a storage error on a reaction) costs that one event, never the ones after it.
                // Nobody can be answered about a reaction; a command's failure is answered where it is handled.
                LogDispatchFailed(ex, dispatch.Type, dispatch.Sequence);
            }
        }
    }

    private void Handle(GatewayDispatch dispatch, CancellationToken stoppingToken)
    {
        switch (dispatch.Event)
        {
            case Ready ready:
                ownUserId = ready.User.Id;
                var applicationId = options.Value.ApplicationId is { Length: > 0 } configured ? configured.Trim() : ready.Application.Id;
                if (!commandsRegistered)
                {
                    commandsRegistered = true;
                    Track(RegisterCommandsAsync(applicationId, stoppingToken));
                }

                break;
            case Interaction interaction:
                Track(HandleInteractionAsync(interaction, dispatch.ReceivedAt, stoppingToken));
                break;
            case MessageReaction reaction:
                HandleReaction(reaction, added: dispatch.Type == DispatchType.ReactionAdd);
                break;
        }
    }

    private void HandleReaction(MessageReaction reaction, bool added)
    {
        if (!ReactionEmoji.TryRead(reaction.Emoji.Name, out var number, out var kind))
        {
            return;
        }

        var message = new MessageRef(DiscordChatPlatform.PlatformName, reaction.ChannelId, reaction.MessageId);
        var outcome = reactions.Handle(new ReactionEvent(message, new UserKey(DiscordChatPlatform.PlatformName, reaction.UserId), number, kind, added, ByBot: reaction.UserId == ownUserId));
        LogReaction(message.ToString(), number, kind, added, outcome);
    }

    private Task HandleInteractionAsync(Interaction interaction, long receivedAt, CancellationToken stoppingToken)
    {
        if (options.Value.HttpInteractionsEnabled && Interlocked.Exchange(ref warnedOfGatewayInteraction, 1) == 0)
        {
            // Discord delivers interactions one way only; over the gateway means no endpoint URL is set in the portal
            // (Discord removes it when the endpoint fails its checks). It is answered all the same: nobody else will.
            LogInteractionOverGateway();
        }

        return interactions.HandleAsync(interaction, receivedAt, interactions.Callback(interaction), stoppingToken);
    }

    private async Task RegisterCommandsAsync(string applicationId, CancellationToken stoppingToken)
    {
        var guild = options.Value.DevGuildId is { Length: > 0 } g ? g.Trim() : null;
        var route = guild is null ? DiscordRoute.OverwriteGlobalCommands(applicationId) : DiscordRoute.OverwriteGuildCommands(applicationId, guild);
        try
        {
            await rest.SendAsync(route, DiscordCommands.All(), stoppingToken);
            LogCommandsRegistered(guild ?? "all servers (global)");
        }
        catch (Exception ex) when (ex is DiscordApiException or HttpRequestException || (ex is TaskCanceledException && !stoppingToken.IsCancellationRequested))
        {
            LogCommandsNotRegistered(ex.Message);
        }
    }

    private void Track(Task task)
    {
        running[task] = true;
        _ = task.ContinueWith(t => running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Critical, Message = "Discord: {Reason} ShowBot is stopping.")]
    private partial void LogFatal(string reason);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Error, Message = "Could not handle {Type} dispatch #{Sequence}; going on with the next")]
    private partial void LogDispatchFailed(Exception exception, string type, long sequence);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "Reaction on {Message}: number {Number}, {Kind}, added {Added} → {Outcome}")]
    private partial void LogReaction(string message, int? number, RatingKind kind, bool added, ReactionOutcome outcome);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Warning, Message = "Discord delivered an interaction over the gateway although ShowBot:Discord:Interactions is Http: the application's Interactions Endpoint URL is not set in the Developer Portal (Discord removes it when the endpoint fails its checks). Answering interactions over the gateway until it is set again")]
    private partial void LogInteractionOverGateway();

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "Slash commands registered for {Scope}")]
    private partial void LogCommandsRegistered(string scope);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Error, Message = "Could not register the slash commands: {Error}")]
    private partial void LogCommandsNotRegistered(string error);
}
