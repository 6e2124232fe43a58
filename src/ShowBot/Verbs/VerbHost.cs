using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using ShowBot.Core;
using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.Verbs;

/// <summary>
/// Runs an operator verb against the configured database without starting the bot: the services are built, no
/// hosted service runs. Bad input, bad settings, an unusable database and a full disk each end in one line and an exit code.
/// </summary>
internal static class VerbHost
{
    public static async Task<int> RunAsync(string verb, bool withCore, Func<IServiceProvider, Task<int>> work)
    {
        var builder = ShowBotHost.CreateBuilder();
        builder.Services.AddShowBotStorage(builder.Configuration);
        if (withCore)
        {
            builder.Services.AddShowBotCore(builder.Configuration);
        }

        using var host = builder.Build();
        return await RunAsync(verb, host.Services, work);
    }

    /// <summary>Runs <paramref name="work"/> on built services, turning the failures an operator can fix into one line and an exit code.</summary>
    internal static async Task<int> RunAsync(string verb, IServiceProvider services, Func<IServiceProvider, Task<int>> work)
    {
        try
        {
            return await work(services);
        }
        catch (Exception ex) when (DiskFull.Caused(ex))
        {
            var database = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath);
            await Console.Error.WriteLineAsync(
                $"{verb}: the disk holding {database} is full. What was stored before it filled is kept; free some space and run {verb} again.");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{verb}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"{verb}: a setting is invalid: {string.Join("; ", ex.Failures)}");
            return ExitCodes.BadConfiguration;
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"{verb}: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }
    }
}
