using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Discord.Gateway;
using ShowBot.Discord.Http;
using ShowBot.Discord.Interactions;
using ShowBot.Discord.Rest;

namespace ShowBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// The Discord adapter: its <see cref="IChatPlatform"/> (replies through REST) with the number reactions added in
    /// the background; with <paramref name="gateway"/> the hosted gateway connection (reactions, interactions when no
    /// endpoint URL is set, and the slash commands registered after READY); with <paramref name="httpInteractions"/>
    /// the endpoint Discord posts interactions to. Without either, the adapter only replies. Needs Core's services, a
    /// <see cref="TimeProvider"/> and <see cref="DiscordOptions"/> (bound and validated by the caller).
    /// </summary>
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, bool gateway = true, bool httpInteractions = false)
    {
        services.AddSingleton<DiscordRestClient>();
        services.AddSingleton<DiscordGateway>();
        services.AddSingleton<ReactionQueue>();
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<InteractionResponder>();
        services.AddSingleton<DiscordChatPlatform>();
        services.AddSingleton<IChatPlatform>(sp => sp.GetRequiredService<DiscordChatPlatform>());
        services.AddHostedService(sp => sp.GetRequiredService<ReactionQueue>());
        if (gateway || httpInteractions)
        {
            services.AddHostedService<AdminAccessWarning>();
        }

        if (gateway)
        {
            services.AddHostedService<DiscordBot>();
        }

        if (httpInteractions)
        {
            services.AddSingleton<InteractionSignature>();
            services.AddSingleton<RecentInteractions>();
            services.AddSingleton<DiscordHttpService>();
            services.AddHostedService(sp => sp.GetRequiredService<DiscordHttpService>());
        }

        return services;
    }
}
