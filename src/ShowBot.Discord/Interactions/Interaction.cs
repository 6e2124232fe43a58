using System.Text.Json;
using System.Text.Json.Serialization;

using ShowBot.Discord.Gateway;

namespace ShowBot.Discord.Interactions;

/// <summary>The parts of an INTERACTION_CREATE ShowBot reads.</summary>
internal sealed record Interaction : GatewayEvent, IJsonOnDeserialized
{
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;

    public required string Id { get; init; }

    public required string ApplicationId { get; init; }

    public required int Type { get; init; }

    public required string Token { get; init; }

    /// <summary>The channel it was sent from, as <c>channel_id</c>; when that is missing, the partial <c>channel</c> says it.</summary>
    [JsonPropertyName("channel_id")]
    public string? SentChannelId { get; init; }

    public DiscordEntity? Channel { get; init; }

    public string? GuildId { get; init; }

    /// <summary>Who invoked it in a server (with their permissions there); <see cref="User"/> says it elsewhere.</summary>
    public GuildMember? Member { get; init; }

    public DiscordUser? User { get; init; }

    public required InteractionData Data { get; init; }

    /// <summary>The message a pressed component is on (a component interaction only).</summary>
    public DiscordEntity? Message { get; init; }

    [JsonIgnore]
    public string ChannelId => SentChannelId ?? Channel!.Id;

    [JsonIgnore]
    public string UserId => (Member?.User ?? User)!.Id;

    /// <summary>What the invoker is called here: their server nickname, display name or username.</summary>
    [JsonIgnore]
    public string UserName => Member?.Nick ?? (Member?.User ?? User)!.Name;

    [JsonIgnore]
    public ulong? MemberPermissions => Member?.Permissions;

    [JsonIgnore]
    public string CommandName => Type == MessageComponent ? "(button)" : Data.Name;

    [JsonIgnore]
    public IReadOnlyList<InteractionOption> Options => Data.Options;

    [JsonIgnore]
    public InteractionOption? Focused => Options.SelectMany(o => o.Options.Prepend(o)).FirstOrDefault(o => o.Focused);

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (SentChannelId is null && Channel is null)
        {
            throw new JsonException("The interaction has neither channel_id nor channel.");
        }

        if ((Member?.User ?? User) is null)
        {
            throw new JsonException("The interaction has neither member.user nor user.");
        }

        if (Type == MessageComponent ? Data.CustomId is null || Message is null : Data.Name.Length == 0)
        {
            throw new JsonException(Type == MessageComponent ? "A component interaction needs data.custom_id and message." : "A command interaction needs data.name.");
        }
    }
}

/// <summary>What any interaction Discord posts says first: its type. A PING (type 1) carries little else.</summary>
internal sealed record InteractionEnvelope
{
    public const int Ping = 1;

    public required int Type { get; init; }
}

internal sealed record GuildMember
{
    public DiscordUser? User { get; init; }

    public string? Nick { get; init; }

    /// <summary>The member's permissions in the channel, a bit set Discord sends as a string.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public ulong? Permissions { get; init; }
}

/// <summary>The invoked command (its name and the options given), or the pressed component (its custom_id).</summary>
internal sealed record InteractionData
{
    public string Name { get => field ?? ""; init; }

    /// <summary>The id ShowBot gave the pressed component.</summary>
    public string? CustomId { get; init; }

    /// <summary>The values of the options picked from a menu (a string select); empty for a button.</summary>
    public IReadOnlyList<string> Values { get => field ?? []; init; }

    public IReadOnlyList<InteractionOption> Options { get => field ?? []; init; }

    /// <summary>The users (and their server membership) that USER options name, by id.</summary>
    public ResolvedData? Resolved { get; init; }
}

/// <summary>What the options' ids stand for: <c>data.resolved</c>.</summary>
internal sealed record ResolvedData
{
    public IReadOnlyDictionary<string, DiscordUser> Users { get => field ?? new Dictionary<string, DiscordUser>(); init; }

    /// <summary>Server members, without their <c>user</c> (that is in <see cref="Users"/>).</summary>
    public IReadOnlyDictionary<string, GuildMember> Members { get => field ?? new Dictionary<string, GuildMember>(); init; }

    /// <summary>What the user of that id is called here: their server nickname, display name or username; null if not resolved.</summary>
    public string? NameOf(string userId) =>
        Members.TryGetValue(userId, out var member) && member.Nick is { } nick ? nick : Users.GetValueOrDefault(userId)?.Name;
}

/// <summary>A user: the id, and the names a list may call them by.</summary>
internal sealed record DiscordUser
{
    public required string Id { get; init; }

    public string? Username { get; init; }

    public string? GlobalName { get; init; }

    [JsonIgnore]
    public string Name => GlobalName ?? Username ?? Id;
}

/// <summary>A slash-command option as the interaction carries it; a subcommand has options of its own.</summary>
internal sealed record InteractionOption
{
    public required string Name { get; init; }

    /// <summary>A string, number or boolean by the option's type; absent on a subcommand.</summary>
    public JsonElement Value { get; init; }

    public bool Focused { get; init; }

    public IReadOnlyList<InteractionOption> Options { get => field ?? []; init; }

    [JsonIgnore]
    public string? Text => Value.ValueKind switch
    {
        JsonValueKind.String => Value.GetString(),
        JsonValueKind.Number => Value.GetRawText(),
        _ => null,
    };

    [JsonIgnore]
    public int? Integer => Value.ValueKind == JsonValueKind.Number && Value.TryGetInt32(out var n) ? n : null;

    [JsonIgnore]
    public bool? Boolean => Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
