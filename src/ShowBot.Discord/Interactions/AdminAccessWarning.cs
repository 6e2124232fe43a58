using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ShowBot.Discord.Interactions;

/// <summary>
/// Warns at start, on every node that takes Discord's commands (over the gateway or the interactions endpoint), when no
/// allow-list restricts the admin commands: there, anyone with Manage Server in any server is an admin.
/// </summary>
internal sealed partial class AdminAccessWarning(AdminAccess adminAccess, ILogger<AdminAccessWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (adminAccess.AnyServerManager)
        {
            LogAdminsUnrestricted();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1507, Level = LogLevel.Warning, Message = "Discord: neither ShowBot:Discord:AdminUserIds nor ShowBot:Discord:AdminGuildIds is set, so anyone with Manage Server in any server the bot is in can retrain or roll back the model every server shares")]
    private partial void LogAdminsUnrestricted();
}
