using System.Text.Json;
using System.Text.Json.Serialization;

using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;

namespace ShowBot.Slack.Inbound;

/// <summary>
/// A <c>block_actions</c> interaction: someone pressed a button of a message the bot sent. Socket Mode delivers it as an
/// <c>interactive</c> envelope's payload, HTTP mode as the form field <c>payload</c>.
/// </summary>
internal sealed record BlockActionsPayload : IJsonOnDeserialized
{
    public const string BlockActions = "block_actions";

    public required string Type { get; init; }

    public SlackTeam? Team { get; init; }

    public required SlackActionUser User { get; init; }

    /// <summary>Where the pressed button is: the message's channel and ts.</summary>
    public ActionContainer? Container { get; init; }

    public SlackTeam? Channel { get; init; }

    /// <summary>Where the answer goes; it can replace the message the button is on.</summary>
    public string? ResponseUrl { get; init; }

    public string TriggerId { get => field ?? ""; init; }

    public IReadOnlyList<BlockAction> Actions { get => field ?? []; init; }

    [JsonIgnore]
    public UserKey Presser => SlackCommandRouter.UserOf(User.TeamId ?? Team?.Id ?? "", User.Id);

    [JsonIgnore]
    public MessageRef Message => new(SlackPlatform.Name, Container?.ChannelId ?? Channel?.Id ?? "", Container?.MessageTs ?? "");

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (Type == BlockActions && (Actions.Count == 0 || ResponseUrl is null))
        {
            throw new JsonException("A block_actions payload needs its actions and a response_url.");
        }
    }
}

internal sealed record SlackTeam
{
    public required string Id { get; init; }
}

internal sealed record SlackActionUser
{
    public required string Id { get; init; }

    public string? TeamId { get; init; }
}

internal sealed record ActionContainer
{
    public string? ChannelId { get; init; }

    public string? MessageTs { get; init; }
}

/// <summary>One pressed button or picked menu choice: the id ShowBot gave it, when (the same on a redelivery), and what was picked.</summary>
internal sealed record BlockAction
{
    public required string ActionId { get; init; }

    public string ActionTs { get => field ?? ""; init; }

    /// <summary>The choice picked from a <c>static_select</c>; null for a button.</summary>
    public SelectedOption? SelectedOption { get; init; }
}

internal sealed record SelectedOption
{
    public required string Value { get; init; }
}
