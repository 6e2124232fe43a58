using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShowBot.Slack.Inbound;

/// <summary>The fields of a slash command ShowBot uses, as Socket Mode (JSON) and HTTP mode (form) both deliver them.</summary>
internal sealed record SlashCommand : IJsonOnDeserialized
{
    public required string Command { get; init; }

    public string Text { get => field ?? ""; init; }

    public required string UserId { get; init; }

    public string? UserName { get; init; }

    public string TeamId { get => field ?? ""; init; }

    public required string ChannelId { get; init; }

    public string? ResponseUrl { get; init; }

    public string TriggerId { get => field ?? ""; init; }

    /// <summary>The command an HTTP mode form names; null when the form lacks one of the fields a command needs.</summary>
    public static SlashCommand? FromForm(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var command = new SlashCommand
        {
            Command = form.GetValueOrDefault("command", ""),
            Text = form.GetValueOrDefault("text", ""),
            UserId = form.GetValueOrDefault("user_id", ""),
            UserName = form.GetValueOrDefault("user_name"),
            TeamId = form.GetValueOrDefault("team_id", ""),
            ChannelId = form.GetValueOrDefault("channel_id", ""),
            ResponseUrl = form.GetValueOrDefault("response_url"),
            TriggerId = form.GetValueOrDefault("trigger_id", ""),
        };
        return command.IsComplete ? command : null;
    }

    private bool IsComplete => Command.Length > 0 && UserId.Length > 0 && ChannelId.Length > 0;

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (!IsComplete)
        {
            throw new JsonException("A slash command needs a command, a user_id and a channel_id.");
        }
    }
}
