using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Slack.Api;
using ShowBot.Slack.Http;
using ShowBot.Slack.Inbound;
using ShowBot.Slack.Outbound;
using ShowBot.Slack.SocketMode;

namespace ShowBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// The Slack adapter: the chat platform for replies, the reaction queue, and when <paramref name="receives"/> one
    /// transport, Socket Mode or (when <paramref name="httpMode"/>) the HTTP endpoint; without it the adapter only
    /// replies. Needs Core's services and <see cref="SlackOptions"/> registered by the caller (which validates them).
    /// </summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, bool httpMode = false, bool receives = true)
    {
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackBotIdentity>();
        services.AddSingleton<SlackCommandRouter>();
        services.AddSingleton<SlackInbox>();
        services.AddSingleton<SlackReactionQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackReactionQueue>());
        services.AddSingleton<IChatPlatform, SlackChatPlatform>();
        services.AddSingleton<SlackAdapterRunner>();
        if (receives && httpMode)
        {
            services.AddSingleton<SlackRequestVerifier>();
            services.AddSingleton<SlackHttpService>();
            services.AddHostedService(sp => sp.GetRequiredService<SlackHttpService>());
        }
        else if (receives)
        {
            services.AddHostedService<SlackSocketModeService>();
        }

        return services;
    }
}
