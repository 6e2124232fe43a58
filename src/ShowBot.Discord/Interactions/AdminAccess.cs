using Microsoft.Extensions.Options;

namespace ShowBot.Discord.Interactions;

/// <summary>
/// Who may use <c>/showbot</c>, decided by the bot, not by Discord: <c>default_member_permissions</c> only hides the
/// command, and every server's owner decides who has Manage Server there, while the model is shared by all servers.
/// The users in <see cref="DiscordOptions.AdminUserIds"/> are admins anywhere; with
/// <see cref="DiscordOptions.AdminGuildIds"/>, Manage Server counts in those servers only; with only user ids set,
/// it counts nowhere; with neither, it counts in every server.
/// </summary>
internal sealed class AdminAccess(IOptions<DiscordOptions> options)
{
    private readonly HashSet<string> users = [.. options.Value.AdminUserIds.Select(id => id.Trim())];
    private readonly HashSet<string> guilds = [.. options.Value.AdminGuildIds.Select(id => id.Trim())];

    /// <summary>True when nothing is configured, so a manager of any server the bot is in is an admin.</summary>
    public bool AnyServerManager => users.Count == 0 && guilds.Count == 0;

    public bool Allows(Interaction interaction) =>
        users.Contains(interaction.UserId) || (ManagerCounts(interaction.GuildId) && ManagesServer(interaction.MemberPermissions));

    private bool ManagerCounts(string? guildId) =>
        AnyServerManager || (guildId is not null && guilds.Contains(guildId));

    private static bool ManagesServer(ulong? permissions) =>
        permissions is { } granted && (granted & (DiscordCommands.ManageGuild | DiscordCommands.Administrator)) != 0;
}
