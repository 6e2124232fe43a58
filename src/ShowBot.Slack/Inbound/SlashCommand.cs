using System.Text.Json;

namespace ShowBot.Slack.Inbound;

/// <summary>The fields of a slash command ShowBot uses, as Socket Mode (JSON) and HTTP mode (form) both deliver them.</summary>
internal sealed record SlashCommand(string Command, string Text, string UserId, string TeamId, string ChannelId, string? ResponseUrl, string TriggerId)
{
    public static SlashCommand? FromJson(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string Field(string name) => payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
        return From(Field);
    }

    public static SlashCommand? FromForm(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return From(name => form.GetValueOrDefault(name, ""));
    }

    private static SlashCommand? From(Func<string, string> field)
    {
        var command = new SlashCommand(field("command"), field("text"), field("user_id"), field("team_id"), field("channel_id"), field("response_url"), field("trigger_id"));
        return command.Command.Length > 0 && command.UserId.Length > 0 && command.ChannelId.Length > 0 ? command : null;
    }
}
