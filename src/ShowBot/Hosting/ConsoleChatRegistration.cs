using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using ShowBot.ConsoleChat;
using ShowBot.Core.Chat;

namespace ShowBot.Hosting;

internal static class ConsoleChatRegistration
{
    /// <summary>The console chat adapter, talking through <paramref name="terminal"/>.</summary>
    public static IServiceCollection AddConsoleChat(this IServiceCollection services, IConfiguration configuration, ConsoleTerminal terminal)
    {
        services.AddValidatedOptions<ConsoleChatOptions>(configuration, ConsoleChatOptions.Section);
        services.AddSingleton(terminal);
        services.AddSingleton<ConsoleReplies>();
        services.AddSingleton(ConsoleAddress.From(configuration));
        services.AddSingleton<IChatPlatform, ConsoleChatPlatform>();
        services.AddHostedService<ConsoleChatService>();
        return services;
    }
}
