using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using ShowBot.Control;
using ShowBot.Core;
using ShowBot.Core.Lifecycle;
using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.Verbs;

/// <summary>
/// Runs an operator verb in the process that owns the database (with PostgreSQL, which every process shares, in this
/// one). When no other process owns the LiteDB file, that is this one: the
/// services are built and no hosted service runs. When a bot runs on the file, the verb is handed to it over the
/// control socket; when the owner cannot take it, the verb is refused in one line (exit code 6). Bad input, bad
/// settings, an unusable database and a full disk each end in one line and an exit code.
/// </summary>
internal static class VerbHost
{
    public static async Task<int> RunAsync(OperatorRequest request, CancellationToken cancellationToken, TextWriter? results = null)
    {
        var builder = ShowBotHost.CreateBuilder();
        builder.Services.AddShowBotStorage(builder.Configuration, "showbot " + request.Verb).AddShowBotCore(builder.Configuration);
        // This process serves no requests (a verb a running bot takes runs there, under its settings), so training has every core.
        builder.Services.PostConfigure<RetrainingOptions>(retraining => retraining.Threads = retraining.Threads > 0 ? retraining.Threads : Environment.ProcessorCount);
        using var host = builder.Build();
        return await TerminalOutput.RunAsync(request.Verb, request.Progress, results ?? Console.Out, output => GuardAsync(request.Verb, output, host.Services, async () =>
        {
            // Every setting is checked, as `run` checks it, not only those this verb happens to read.
            host.Services.GetService<IStartupValidator>()?.Validate();
            try
            {
                // The LiteDB file has one owner, which a verb may have to hand itself to; PostgreSQL is shared by every process.
                if (!StorageOpener.UsesPostgres(builder.Configuration))
                {
                    host.Services.GetRequiredService<ShowBotDatabase>();
                }
            }
            catch (DatabaseInUseException ex)
            {
                if (!request.RunsInRunningBot)
                {
                    await output.WriteErrorAsync(
                        $"{request.Verb}: {ex.Message.TrimEnd('.')}, and {request.Verb} needs the file to itself. Stop that process, then run `showbot {request.Verb}` again.");
                    return ExitCodes.DatabaseInUse;
                }

                if (await ControlClient.TryRunAsync(ex, request, output, cancellationToken) is { } code)
                {
                    return code;
                }

                await output.WriteErrorAsync(
                    $"{request.Verb}: {ex.Message.TrimEnd('.')}, which cannot take the command (it is not a running bot, or it does not answer). " +
                    $"Wait for it to finish or stop it, then run `showbot {request.Verb}` again.");
                return ExitCodes.DatabaseInUse;
            }

            request.PrepareStandalone(host.Services);
            return await request.RunAsync(host.Services, output, cancellationToken);
        }));
    }

    /// <summary>Runs a verb's work, turning the failures a person can fix into one line on <paramref name="output"/> and an exit code.</summary>
    public static async Task<int> GuardAsync(string verb, IVerbOutput output, IServiceProvider services, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception ex) when (DiskFull.Caused(ex))
        {
            var database = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath);
            await output.WriteErrorAsync(
                $"{verb}: the disk holding {database} is full. What was stored before it filled is kept; free some space and run {verb} again.");
            return ExitCodes.BadInput;
        }
        catch (ArgumentException ex)
        {
            await output.WriteErrorAsync($"{verb}: {VerbOptions.Plain(ex)}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException)
        {
            await output.WriteErrorAsync($"{verb}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (SettingValues.Explain(ex) is { } settings)
        {
            await output.WriteErrorAsync($"{verb}: {settings}");
            return ExitCodes.BadConfiguration;
        }
        catch (StartupException ex)
        {
            await output.WriteErrorAsync($"{verb}: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }
        catch (DatabaseDamagedException ex)
        {
            await output.WriteErrorAsync($"{verb}: {ex.Message}");
            return ExitCodes.Damaged;
        }
    }
}
