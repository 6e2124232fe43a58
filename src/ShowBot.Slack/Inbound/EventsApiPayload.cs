using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShowBot.Slack.Inbound;

/// <summary>
/// What the Events API delivers (the payload of an <c>events_api</c> envelope, or an HTTP mode request body): an
/// <c>event_callback</c> with one of the events the app subscribes to, or HTTP mode's <c>url_verification</c>.
/// </summary>
internal sealed record EventsApiPayload
{
    public const string EventCallback = "event_callback";
    public const string UrlVerification = "url_verification";

    public required string Type { get; init; }

    /// <summary>The same on every redelivery of one event.</summary>
    public string? EventId { get; init; }

    public string TeamId { get => field ?? ""; init; }

    /// <summary>A <c>reaction_added</c> or <c>reaction_removed</c>, the only events the app subscribes to.</summary>
    public SlackReaction? Event { get; init; }

    /// <summary>A <c>url_verification</c>'s challenge, to be answered with.</summary>
    public string? Challenge { get; init; }
}

/// <summary>A <c>reaction_added</c> or <c>reaction_removed</c> event.</summary>
internal sealed record SlackReaction
{
    public const string Added = "reaction_added";
    public const string Removed = "reaction_removed";

    public required string Type { get; init; }

    public required string User { get; init; }

    /// <summary>The emoji's name, with a skin tone after <c>::</c>.</summary>
    public required string Reaction { get; init; }

    public required ReactedItem Item { get; init; }
}

/// <summary>What was reacted to: a message (by its channel and ts), or a file.</summary>
internal sealed record ReactedItem : IJsonOnDeserialized
{
    public const string Message = "message";

    public required string Type { get; init; }

    public string? Channel { get; init; }

    public string? Ts { get; init; }

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (Type == Message && (Channel is null || Ts is null))
        {
            throw new JsonException("A reacted message needs a channel and a ts.");
        }
    }
}
