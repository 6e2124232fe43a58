using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Slack.Api;
using ShowBot.Slack.Inbound;
using ShowBot.Slack.Outbound;
using ShowBot.Slack.SocketMode;

namespace ShowBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// The Slack adapter over Socket Mode: the chat platform for replies, the socket service, the reaction queue.
    /// Needs Core's services and <see cref="SlackOptions"/> registered by the caller (which validates them).
    /// </summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services)
    {
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackBotIdentity>();
        services.AddSingleton<SlackCommandRouter>();
        services.AddSingleton<SlackInbox>();
        services.AddSingleton<SlackReactionQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackReactionQueue>());
        services.AddSingleton<IChatPlatform, SlackChatPlatform>();
        services.AddHostedService<SlackSocketModeService>();
        return services;
    }
}
