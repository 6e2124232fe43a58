using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ShowBot.Core.Lifecycle;

namespace ShowBot.Scheduling;

/// <summary>
/// Before requests are answered (it starts after the scheduler, before the prediction worker): serve the deployed
/// model, or the newest good earlier one.
/// </summary>
internal sealed partial class ServingModelStartup(ModelLifecycle lifecycle, ILogger<ServingModelStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var serving = lifecycle.RestoreServing();
        LogServing(serving?.Version ?? "the content baseline");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Serving {Version}")]
    private partial void LogServing(string version);
}
