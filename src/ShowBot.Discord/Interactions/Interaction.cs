using System.Globalization;
using System.Text.Json;

namespace ShowBot.Discord.Interactions;

/// <summary>The parts of an INTERACTION_CREATE ShowBot reads, taken out of the JSON once.</summary>
internal sealed record Interaction(
    string Id,
    string ApplicationId,
    int Type,
    string Token,
    string ChannelId,
    string? GuildId,
    string UserId,
    ulong? MemberPermissions,
    string CommandName,
    IReadOnlyList<InteractionOption> Options)
{
    public const int ApplicationCommand = 2;
    public const int Autocomplete = 4;

    public static Interaction Parse(JsonElement d)
    {
        var member = d.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object ? m : (JsonElement?)null;
        var user = member is { } mm ? mm.GetProperty("user") : d.GetProperty("user");
        var data = d.GetProperty("data");
        ulong? permissions = member is { } withPermissions && withPermissions.TryGetProperty("permissions", out var p) && p.ValueKind == JsonValueKind.String
            ? ulong.Parse(p.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
        return new Interaction(
            d.GetProperty("id").GetString()!,
            d.GetProperty("application_id").GetString()!,
            d.GetProperty("type").GetInt32(),
            d.GetProperty("token").GetString()!,
            d.TryGetProperty("channel_id", out var channel) ? channel.GetString()! : d.GetProperty("channel").GetProperty("id").GetString()!,
            d.TryGetProperty("guild_id", out var guild) ? guild.GetString() : null,
            user.GetProperty("id").GetString()!,
            permissions,
            data.GetProperty("name").GetString()!,
            InteractionOption.ParseAll(data));
    }

    public InteractionOption? Option(string name) => Options.FirstOrDefault(o => o.Name == name);

    public InteractionOption? Focused => Options.SelectMany(o => o.Options.Prepend(o)).FirstOrDefault(o => o.Focused);
}

/// <summary>A slash-command option as the interaction carries it; a subcommand has options of its own.</summary>
internal sealed record InteractionOption(string Name, int Type, JsonElement Value, bool Focused, IReadOnlyList<InteractionOption> Options)
{
    public string? Text => Value.ValueKind switch
    {
        JsonValueKind.String => Value.GetString(),
        JsonValueKind.Number => Value.GetRawText(),
        _ => null,
    };

    public int? Integer => Value.ValueKind == JsonValueKind.Number && Value.TryGetInt32(out var n) ? n : null;

    public bool? Boolean => Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>An option of this subcommand.</summary>
    public InteractionOption? Option(string name) => Options.FirstOrDefault(o => o.Name == name);

    public static IReadOnlyList<InteractionOption> ParseAll(JsonElement parent) =>
        parent.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Array
            ? [.. options.EnumerateArray().Select(Parse)]
            : [];

    private static InteractionOption Parse(JsonElement option) => new(
        option.GetProperty("name").GetString()!,
        option.GetProperty("type").GetInt32(),
        option.TryGetProperty("value", out var value) ? value : default,
        option.TryGetProperty("focused", out var focused) && focused.ValueKind == JsonValueKind.True,
        ParseAll(option));
}
