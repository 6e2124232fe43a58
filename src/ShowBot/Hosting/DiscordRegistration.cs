using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using ShowBot.Discord;

namespace ShowBot.Hosting;

internal static class DiscordRegistration
{
    /// <summary>
    /// Whether the Discord section says to run the bot: any of its identifying settings is set. A section with an
    /// application id but no token is then reported at start as a missing token, not silently ignored.
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(DiscordOptions.Section);
        return new[] { nameof(DiscordOptions.Token), nameof(DiscordOptions.ApplicationId), nameof(DiscordOptions.DevGuildId) }
            .Any(key => !string.IsNullOrWhiteSpace(section[key]));
    }

    /// <summary>
    /// The Discord adapter with its validated options: the gateway connection on a node with the <c>gateway</c> role;
    /// with <c>ShowBot:Discord:Interactions</c> = <c>Http</c>, its interactions endpoint on a node with <c>ingress</c>.
    /// Replies go through REST on every node.
    /// </summary>
    public static IServiceCollection AddDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DiscordOptions>(configuration, DiscordOptions.Section);
        var interactions = configuration.GetSection(DiscordOptions.Section)[nameof(DiscordOptions.Interactions)];
        var roles = NodeRoles.Read(configuration);
        return services.AddDiscordAdapter(
            gateway: roles.Has(NodeRole.Gateway),
            httpInteractions: roles.Has(NodeRole.Ingress) && string.Equals(interactions, DiscordOptions.HttpInteractions, StringComparison.OrdinalIgnoreCase));
    }
}
