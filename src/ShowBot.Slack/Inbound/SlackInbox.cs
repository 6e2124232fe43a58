using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Slack.Api;
using ShowBot.Slack.Outbound;
using ShowBot.Slack.SocketMode;

namespace ShowBot.Slack.Inbound;

/// <summary>Sends the acknowledgement of one delivery: a Socket Mode ack frame, or an HTTP response. The payload is the slash command's immediate message, if any.</summary>
internal delegate Task Acknowledge(JsonObject? payload);

/// <summary>
/// Everything Slack delivers, whatever the transport: acks first, then works. Events are acked at once and handled in
/// order off the transport's read loop; a slash command's answer is computed off the loop too and goes out in the ack
/// when it is ready within <see cref="SlackOptions.AckBudget"/>, or else the ack says "working on it" and the answer
/// follows through the command's <c>response_url</c>. Redeliveries (same envelope or event id) are acked and dropped.
/// </summary>
internal sealed partial class SlackInbox(
    SlackCommandRouter router,
    ReactionHandler reactions,
    ActionHandler actions,
    SlackBotIdentity bot,
    SlackApiClient api,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackInbox> logger)
{
    private readonly Channel<EventsApiPayload> events = Channel.CreateUnbounded<EventsApiPayload>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RecentDeliveries deliveries = new(time);
    private readonly SlackOptions settings = options.Value;

    /// <summary>
    /// Handles one Socket Mode envelope (a frame of a delivery type, or one with an envelope id); <paramref name="receivedAt"/>
    /// is a <see cref="Stopwatch"/> timestamp of its arrival.
    /// </summary>
    public async Task OnEnvelopeAsync(SocketModeFrame envelope, Acknowledge ack, long receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(ack);
        if (envelope.EnvelopeId is not { Length: > 0 } envelopeId || envelope.Payload.ValueKind == JsonValueKind.Undefined)
        {
            // Without its id the envelope cannot be acked.
            LogMalformed(envelope.Type, "no envelope_id or no payload");
            return;
        }

        if (deliveries.Contains("envelope:" + envelopeId))
        {
            await ack(null);
            LogRedelivery(envelopeId, envelope.RetryAttempt);
            return;
        }

        switch (envelope.Type)
        {
            case SocketModeFrame.SlashCommands:
                deliveries.TryRecord("envelope:" + envelopeId);
                if (Read(envelope, SlackJson.Default.SlashCommand) is not { } command)
                {
                    await ack(null);
                    return;
                }

                _ = AnswerSlashCommandAsync(command, envelopeId, ack, receivedAt, cancellationToken);
                break;
            case SocketModeFrame.EventsApi:
                // Recorded only once the ack is out: an envelope whose ack failed comes back and must be handled then.
                await ack(null);
                LogAcked(envelopeId, Stopwatch.GetElapsedTime(receivedAt));
                if (deliveries.TryRecord("envelope:" + envelopeId) && Read(envelope, SlackJson.Default.EventsApiPayload) is { } callback)
                {
                    OnEventCallback(callback);
                }

                break;
            case SocketModeFrame.Interactive:
                await ack(null);
                LogAcked(envelopeId, Stopwatch.GetElapsedTime(receivedAt));
                if (deliveries.TryRecord("envelope:" + envelopeId) && Read(envelope, SlackJson.Default.BlockActionsPayload) is { } interaction)
                {
                    OnInteraction(interaction, cancellationToken);
                }

                break;
            default:
                await ack(null);
                LogIgnored(envelope.Type, envelopeId);
                break;
        }
    }

    /// <summary>Records a delivery id (HTTP mode: a slash command's trigger id); false when it was handled already.</summary>
    public bool TryRecordDelivery(string id) => deliveries.TryRecord(id);

    /// <summary>Queues an <c>event_callback</c> for in-order handling, unless its event id was seen already.</summary>
    public void OnEventCallback(EventsApiPayload callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (callback.EventId is { Length: > 0 } eventId && !deliveries.TryRecord("event:" + eventId))
        {
            LogDuplicateEvent(eventId);
            return;
        }

        events.Writer.TryWrite(callback);
    }

    /// <summary>
    /// Acts on pressed buttons, already acked, off the transport's loop, each once (by who pressed it and when: the same
    /// on a redelivery); the answer goes to the payload's response_url, replacing the message or to the presser alone.
    /// </summary>
    public void OnInteraction(BlockActionsPayload interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Type != BlockActionsPayload.BlockActions || !Uri.TryCreate(interaction.ResponseUrl, UriKind.Absolute, out var responseUrl))
        {
            LogIgnored(interaction.Type, interaction.TriggerId);
            return;
        }

        // A further list goes to the channel the pressed one is in, for everyone to see and rate.
        var replyTo = new SlackReplyTarget(interaction.Message.Channel, interaction.User.TeamId ?? interaction.Team?.Id ?? "", interaction.User.Id, ResponseUrl: null).ToReplyTarget();
        foreach (var action in interaction.Actions)
        {
            var pressId = $"action:{interaction.Presser}:{action.ActionTs}:{action.ActionId}";
            if (!deliveries.TryRecord(pressId))
            {
                LogDuplicateAction(action.ActionTs);
                continue;
            }

            _ = AnswerActionAsync(new ActionPress(action.ActionId, interaction.Presser, interaction.Message) { PressId = pressId, ReplyTo = replyTo, Picked = action.SelectedOption?.Value }, responseUrl, cancellationToken);
        }
    }

    private async Task AnswerActionAsync(ActionPress press, Uri responseUrl, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Task.Run(() => actions.Handle(press), cancellationToken);
            await api.PostToResponseUrlAsync(responseUrl, SlackMessageRenderer.Answering(result), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogActionFailed(ex);
        }
    }

    /// <summary>Handles queued events one at a time, in arrival order (an add then a remove must stay in that order).</summary>
    public async Task RunEventsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var callback in events.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (SlackReactionTranslator.Translate(callback, bot) is { } reaction)
                    {
                        var outcome = reactions.Handle(reaction);
                        LogReaction(reaction.Message.ToString(), reaction.Number, reaction.Added, outcome);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogEventFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Computes a slash command's immediate reply (title matching, queueing), off the transport's loop.</summary>
    public Task<Reply> ReplyToAsync(SlashCommand command, CancellationToken cancellationToken) =>
        Task.Run(() => SafeHandleAsync(command, cancellationToken), cancellationToken);

    /// <summary>
    /// Acks with the reply when it is ready within the budget; otherwise acks with "working on it" and sends the reply
    /// to the response_url when it is ready.
    /// </summary>
    public async Task<JsonObject> AckWithinBudgetAsync(SlashCommand command, Func<JsonObject, Task> ackWith, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(ackWith);
        var reply = ReplyToAsync(command, cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(settings.AckBudget, time, budget.Token);
        if (await Task.WhenAny(reply, timer) == reply)
        {
            await budget.CancelAsync();
            var message = SlackMessageRenderer.Ephemeral(await reply);
            await ackWith(message);
            return message;
        }

        await ackWith(SlackMessageRenderer.Ephemeral(new TextReply("Working on it…")));
        var late = SlackMessageRenderer.Ephemeral(await reply);
        if (Uri.TryCreate(command.ResponseUrl, UriKind.Absolute, out var responseUrl))
        {
            await api.PostToResponseUrlAsync(responseUrl, late, cancellationToken);
        }

        return late;
    }

    private async Task AnswerSlashCommandAsync(SlashCommand command, string envelopeId, Acknowledge ack, long receivedAt, CancellationToken cancellationToken)
    {
        try
        {
            await AckWithinBudgetAsync(
                command,
                async message =>
                {
                    await ack(message);
                    LogAcked(envelopeId, Stopwatch.GetElapsedTime(receivedAt));
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCommandFailed(ex, envelopeId);
        }
    }

    private async Task<Reply> SafeHandleAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await router.HandleAsync(command, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCommandFailed(ex, command.TriggerId);
            return new TextReply("Sorry, something went wrong with that command. Please try again.");
        }
    }

    /// <summary>The envelope's payload as its record; null, logged, when it is malformed.</summary>
    private T? Read<T>(SocketModeFrame envelope, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return envelope.Payload.ValueKind == JsonValueKind.Object
                ? envelope.Payload.Deserialize(type)
                : throw new JsonException($"The payload is not an object but {envelope.Payload.ValueKind}.");
        }
        catch (JsonException ex)
        {
            LogMalformed(envelope.Type, ex.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 520, Level = LogLevel.Warning, Message = "Skipped a malformed Slack delivery (type '{Type}'): {Error}")]
    private partial void LogMalformed(string type, string error);

    [LoggerMessage(EventId = 521, Level = LogLevel.Information, Message = "Slack redelivered envelope {EnvelopeId} (retry {RetryAttempt}); acked, not handled again")]
    private partial void LogRedelivery(string envelopeId, int retryAttempt);

    [LoggerMessage(EventId = 522, Level = LogLevel.Information, Message = "Slack event {EventId} was already handled; dropped")]
    private partial void LogDuplicateEvent(string eventId);

    [LoggerMessage(EventId = 523, Level = LogLevel.Debug, Message = "Ignored a Slack envelope of type '{Type}' ({EnvelopeId})")]
    private partial void LogIgnored(string type, string envelopeId);

    [LoggerMessage(EventId = 524, Level = LogLevel.Debug, Message = "Acked envelope {EnvelopeId} {Elapsed} after it arrived")]
    private partial void LogAcked(string envelopeId, TimeSpan elapsed);

    [LoggerMessage(EventId = 525, Level = LogLevel.Debug, Message = "Reaction on {Message} (number {Number}, added {Added}): {Outcome}")]
    private partial void LogReaction(string message, int? number, bool added, ReactionOutcome outcome);

    [LoggerMessage(EventId = 526, Level = LogLevel.Error, Message = "A Slack event could not be handled")]
    private partial void LogEventFailed(Exception exception);

    [LoggerMessage(EventId = 528, Level = LogLevel.Information, Message = "A Slack button press of {ActionTs} was already handled; dropped")]
    private partial void LogDuplicateAction(string actionTs);

    [LoggerMessage(EventId = 529, Level = LogLevel.Error, Message = "A Slack button press could not be answered")]
    private partial void LogActionFailed(Exception exception);

    [LoggerMessage(EventId = 527, Level = LogLevel.Error, Message = "Slack command {CommandId} failed")]
    private partial void LogCommandFailed(Exception exception, string commandId);
}
