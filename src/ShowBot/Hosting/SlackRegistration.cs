using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using ShowBot.Slack;

namespace ShowBot.Hosting;

internal static class SlackRegistration
{
    /// <summary>
    /// Whether any Slack token (or the signing secret of HTTP mode) is set. Then Slack runs, and a missing or malformed token stops the start with a message
    /// naming the setting, rather than the bot quietly running deaf.
    /// </summary>
    public static bool IsSlackConfigured(this IConfiguration configuration)
    {
        var slack = configuration.GetSection(SlackOptions.Section);
        return !string.IsNullOrEmpty(slack[nameof(SlackOptions.BotToken)]) || !string.IsNullOrEmpty(slack[nameof(SlackOptions.AppToken)])
            || !string.IsNullOrEmpty(slack[nameof(SlackOptions.SigningSecret)]);
    }

    /// <summary>
    /// The Slack adapter with its validated options, receiving over Socket Mode on a node with the <c>gateway</c> role
    /// or, with <c>ShowBot:Slack:Mode</c> = <c>Http</c>, at an HTTP endpoint on a node with <c>ingress</c>; elsewhere it only replies.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlackOptions>(configuration, SlackOptions.Section);
        var httpMode = string.Equals(configuration.GetSection(SlackOptions.Section)[nameof(SlackOptions.Mode)], SlackOptions.HttpName, StringComparison.OrdinalIgnoreCase);
        var roles = NodeRoles.Read(configuration);
        return services.AddSlackAdapter(httpMode, receives: roles.Has(httpMode ? NodeRole.Ingress : NodeRole.Gateway));
    }
}
