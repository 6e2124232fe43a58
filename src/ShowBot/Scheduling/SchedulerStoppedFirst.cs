using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

using Quartz;

namespace ShowBot.Scheduling;

/// <summary>
/// Quartz, stopped before anything else stops. Hosted services stop in reverse order of registration, and the chat
/// adapters are registered after Quartz, so they would be gone by the time a retraining run, cancelled by the
/// shutdown, tells its admin. Every service's <see cref="StoppingAsync"/> runs before any service stops.
/// </summary>
internal sealed class SchedulerStoppedFirst(IHostApplicationLifetime lifetime, IServiceProvider services, IOptionsMonitor<QuartzHostedServiceOptions> options)
    : QuartzHostedService(lifetime, services, options)
{
    public override Task StoppingAsync(CancellationToken cancellationToken) => StopAsync(cancellationToken);
}
