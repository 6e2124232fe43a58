using Microsoft.Extensions.Options;

using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.Verbs;

/// <summary>
/// Runs an operator verb against the configured database without starting the bot: the services are built, no
/// hosted service runs. Bad input, bad settings and an unusable database each end in one line and an exit code.
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
        try
        {
            return await work(host.Services);
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
        catch (DatabaseDamagedException ex)
        {
            await Console.Error.WriteLineAsync($"{verb}: {ex.Message}");
            return ExitCodes.Damaged;
        }
    }
}
