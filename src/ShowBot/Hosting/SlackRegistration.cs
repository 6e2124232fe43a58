using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using ShowBot.Slack;

namespace ShowBot.Hosting;

internal static class SlackRegistration
{
    /// <summary>
    /// Whether any Slack token is set. Then Slack runs, and a missing or malformed token stops the start with a message
    /// naming the setting, rather than the bot quietly running deaf.
    /// </summary>
    public static bool IsSlackConfigured(this IConfiguration configuration)
    {
        var slack = configuration.GetSection(SlackOptions.Section);
        return !string.IsNullOrEmpty(slack[nameof(SlackOptions.BotToken)]) || !string.IsNullOrEmpty(slack[nameof(SlackOptions.AppToken)]);
    }

    /// <summary>The Slack adapter (Socket Mode) with its validated options.</summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlackOptions>(configuration, SlackOptions.Section);
        return services.AddSlackAdapter();
    }
}
