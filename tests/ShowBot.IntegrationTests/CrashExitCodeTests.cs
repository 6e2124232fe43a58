using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using ShowBot.Hosting;
using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

/// <summary>A bot whose background loop dies must say so with a non-zero exit code, or `restart: on-failure` never restarts it.</summary>
[Collection(StandardErrorCollection.Name)]
public class CrashExitCodeTests
{
    [Fact]
    public async Task A_background_service_that_fails_stops_the_bot_with_exit_code_5_and_one_line_naming_it()
    {
        using var data = new TempDirectory();
        using var error = new StandardErrorCapture();
        var builder = ShowBotHost.CreateBuilder(new Dictionary<string, string?> { ["ShowBot:Storage:DatabasePath"] = data.DatabasePath });
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        builder.Services.AddHostedService<FullDiskLoop>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var exitCode = await HostRunner.RunAsync(builder.Build(), timeout.Token);

        Assert.Equal(ExitCodes.Crashed, exitCode);
        Assert.False(timeout.IsCancellationRequested, "the host should stop by itself when a background service fails");
        Assert.Contains("ShowBot stopped: FullDiskLoop failed (IOException); the log above has the details.", error.Text, StringComparison.Ordinal);
    }

    private sealed class FullDiskLoop : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new IOException("No space left on device");
        }
    }
}
