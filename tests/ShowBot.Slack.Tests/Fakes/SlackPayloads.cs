using System.Text.Json.Nodes;

namespace ShowBot.Slack.Tests.Fakes;

/// <summary>Socket Mode envelopes shaped like Slack's (as in the samples of slackapi/java-slack-sdk, json-logs/samples).</summary>
internal static class SlackPayloads
{
    public static JsonObject SlashCommand(string envelopeId, string command, string text, string user = "U2", string channel = "C1", Uri? responseUrl = null) => new()
    {
        ["envelope_id"] = envelopeId,
        ["type"] = "slash_commands",
        ["accepts_response_payload"] = true,
        ["payload"] = new JsonObject
        {
            ["token"] = "deprecated-verification-token",
            ["team_id"] = FakeSlack.TeamId,
            ["team_domain"] = "fake",
            ["channel_id"] = channel,
            ["channel_name"] = "tv",
            ["user_id"] = user,
            ["user_name"] = "someone",
            ["command"] = command,
            ["text"] = text,
            ["api_app_id"] = "A1",
            ["is_enterprise_install"] = "false",
            ["response_url"] = responseUrl?.ToString() ?? "https://hooks.slack.com/commands/T1/1/x",
            ["trigger_id"] = "trigger-" + envelopeId,
        },
    };

    public static JsonObject Reaction(string envelopeId, string eventId, string reaction, string channel, string ts, string user = "U2", bool added = true, int? retryAttempt = null)
    {
        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = "events_api",
            ["accepts_response_payload"] = false,
            ["payload"] = new JsonObject
            {
                ["token"] = "deprecated-verification-token",
                ["team_id"] = FakeSlack.TeamId,
                ["api_app_id"] = "A1",
                ["event"] = new JsonObject
                {
                    ["type"] = added ? "reaction_added" : "reaction_removed",
                    ["user"] = user,
                    ["item"] = new JsonObject { ["type"] = "message", ["channel"] = channel, ["ts"] = ts },
                    ["reaction"] = reaction,
                    ["item_user"] = FakeSlack.BotUserId,
                    ["event_ts"] = "1700000100.000100",
                },
                ["type"] = "event_callback",
                ["event_id"] = eventId,
                ["event_time"] = 1700000100,
                ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = FakeSlack.TeamId, ["user_id"] = FakeSlack.BotUserId, ["is_bot"] = true }),
            },
        };
        if (retryAttempt is { } attempt)
        {
            envelope["retry_attempt"] = attempt;
            envelope["retry_reason"] = "timeout";
        }

        return envelope;
    }

    /// <summary>
    /// An <c>interactive</c> envelope with a <c>block_actions</c> payload: <paramref name="user"/> pressed the button
    /// <paramref name="actionId"/> of the bot's message <paramref name="ts"/> (shaped as Slack's reference for
    /// block_actions payloads shows it).
    /// </summary>
    public static JsonObject ButtonPress(string envelopeId, string actionId, Uri responseUrl, string ts, string user = "U2", string channel = "C1", string actionTs = "1700000200.000100", bool ephemeral = true) =>
        Interactive(envelopeId, BlockActions(actionId, responseUrl, ts, user, channel, actionTs, ephemeral));

    /// <summary>An <c>interactive</c> envelope: <paramref name="user"/> picked the option <paramref name="value"/> of the bot's <c>static_select</c> <paramref name="actionId"/>.</summary>
    public static JsonObject OptionPicked(string envelopeId, string actionId, string value, Uri responseUrl, string ts, string user = "U2", bool ephemeral = true)
    {
        var payload = BlockActions(actionId, responseUrl, ts, user, ephemeral: ephemeral);
        payload["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "static_select",
            ["action_id"] = actionId,
            ["block_id"] = "b1",
            ["selected_option"] = new JsonObject
            {
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "a choice", ["emoji"] = true },
                ["value"] = value,
            },
            ["placeholder"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Pick", ["emoji"] = true },
            ["action_ts"] = "1700000250.000100",
        });
        return Interactive(envelopeId, payload);
    }

    private static JsonObject Interactive(string envelopeId, JsonObject payload) => new()
    {
        ["envelope_id"] = envelopeId,
        ["type"] = "interactive",
        ["accepts_response_payload"] = false,
        ["payload"] = payload,
    };

    /// <summary>The <c>block_actions</c> payload itself, as HTTP mode posts it in the form field <c>payload</c>.</summary>
    public static JsonObject BlockActions(string actionId, Uri responseUrl, string ts, string user = "U2", string channel = "C1", string actionTs = "1700000200.000100", bool ephemeral = true) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "someone", ["name"] = "someone", ["team_id"] = FakeSlack.TeamId },
        ["api_app_id"] = "A1",
        ["token"] = "deprecated-verification-token",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = ts, ["channel_id"] = channel, ["is_ephemeral"] = ephemeral },
        ["trigger_id"] = "trigger-" + actionTs,
        ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId, ["domain"] = "fake" },
        ["enterprise"] = null,
        ["is_enterprise_install"] = false,
        ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "tv" },
        ["state"] = new JsonObject { ["values"] = new JsonObject() },
        ["response_url"] = responseUrl.ToString(),
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = actionId,
            ["block_id"] = "b1",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "a button", ["emoji"] = true },
            ["type"] = "button",
            ["action_ts"] = actionTs,
        }),
    };

    public static JsonObject Disconnect(string reason) => new()
    {
        ["type"] = "disconnect",
        ["reason"] = reason,
        ["debug_info"] = new JsonObject { ["host"] = "fake" },
    };
}
