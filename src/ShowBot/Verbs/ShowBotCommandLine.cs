using System.CommandLine;
using System.CommandLine.Invocation;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

using ShowBot.ConsoleChat;
using ShowBot.Control;
using ShowBot.Core;
using ShowBot.Core.Catalog;
using ShowBot.Core.Ratings;
using ShowBot.Core.Chat;
using ShowBot.Hosting;
using ShowBot.Storage;

namespace ShowBot.Verbs;

/// <summary>The <c>showbot</c> command line: <c>run</c> (the default), <c>chat</c>, <c>import …</c>.</summary>
internal static class ShowBotCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("ShowBot: TV-show recommendations in Discord, Slack and the console.");
        var run = new Command("run", "Run the bot: the configured chat platforms, or the console chat when none is configured and a terminal is attached.");
        run.SetAction((_, cancellationToken) => RunAsync(ConsoleTerminal.FromProcess(), consoleOnly: false, cancellationToken));
        var chat = new Command("chat", "Chat with ShowBot in this terminal (commands can also be piped in, one per line).");
        chat.SetAction((_, cancellationToken) => RunAsync(ConsoleTerminal.FromProcess(), consoleOnly: true, cancellationToken));

        root.Subcommands.Add(run);
        root.Subcommands.Add(chat);
        root.Subcommands.Add(ImportVerbs.Create());
        root.Subcommands.Add(EvaluateVerb.Create());
        root.Subcommands.Add(EvaluateSimilarVerb.Create());
        foreach (var verb in ModelVerbs.Create())
        {
            root.Subcommands.Add(verb);
        }

        foreach (var verb in MaintenanceVerbs.Create())
        {
            root.Subcommands.Add(verb);
        }
        root.Subcommands.Add(MigrateVerb.Create());
        root.SetAction((_, cancellationToken) => RunAsync(ConsoleTerminal.FromProcess(), consoleOnly: false, cancellationToken));
        return root;
    }

    /// <summary>
    /// The command line parsed. A bad value or a missing option is answered with its one-line error (exit code 1), not
    /// followed by the verb's whole help, which `--help` still gives.
    /// </summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var parsed = Create().Parse(args);
        if (parsed.Action is ParseErrorAction error)
        {
            error.ShowHelp = false;
        }

        return parsed;
    }

    /// <summary>Runs the bot host until it stops; returns the process exit code.</summary>
    public static async Task<int> RunAsync(ConsoleTerminal terminal, bool consoleOnly, CancellationToken cancellationToken, IDictionary<string, string?>? settings = null)
    {
        var builder = ShowBotHost.CreateBuilder(settings);
        builder.Services.AddShowBotStorage(builder.Configuration, consoleOnly ? "showbot chat" : "showbot run").AddShowBotCore(builder.Configuration);
        if (!StorageOpener.UsesPostgres(builder.Configuration))
        {
            // Verbs reach the owner of the LiteDB file through its control socket; with PostgreSQL they run on their own.
            builder.Services.AddHostedService<ControlServer>();
        }

        var platforms = 0;
        if (!consoleOnly && DiscordRegistration.IsConfigured(builder.Configuration))
        {
            builder.Services.AddDiscord(builder.Configuration);
            platforms++;
        }

        if (!consoleOnly && builder.Configuration.IsSlackConfigured())
        {
            builder.Services.AddSlack(builder.Configuration);
            platforms++;
        }

        if (platforms == 0 && (consoleOnly || terminal.Interactive))
        {
            builder.Services.AddConsoleChat(builder.Configuration, terminal);

            // The terminal is the chat: routine information from the background would interleave with the
            // conversation, so only warnings and errors reach it.
            builder.Logging.AddFilter<ConsoleLoggerProvider>("ShowBot", LogLevel.Warning);
        }
        else if (platforms == 0)
        {
            await Console.Error.WriteLineAsync(
                "ShowBot: no chat platform is configured and no terminal is attached, so nobody can talk to the bot. " +
                "Run `showbot chat` to use the console chat (input may be piped).");
            return ExitCodes.NothingToServe;
        }

        return await HostRunner.RunAsync(builder.Build(), cancellationToken);
    }
}

/// <summary>Exit codes of the <c>showbot</c> process.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int BadConfiguration = 2;
    public const int NothingToServe = 3;
    public const int PlatformRefused = 4;
    public const int Crashed = 5;
    public const int DatabaseInUse = 6;
    public const int Damaged = 7;
}

/// <summary>Runs a host and reports start-up failures (bad settings, unusable database) as one clear line.</summary>
internal static class HostRunner
{
    public static async Task<int> RunAsync(IHost host, CancellationToken cancellationToken)
    {
        using (host)
        {
            try
            {
                // Checked before the host starts, so a bad setting or an unusable database is one clear line, not a logged
                // stack trace. The database first (the rating store opens it, whichever the provider): a second bot on a
                // LiteDB file is refused before anything else is done.
                host.Services.GetRequiredService<IRatingStore>();
                host.Services.GetService<IStartupValidator>()?.Validate();
                host.Services.GetRequiredService<ShowCatalog>();
                var fatalStop = host.Services.GetRequiredService<FatalStop>();
                var loops = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
                await host.RunAsync(cancellationToken);
                if (fatalStop.Reason is { } reason)
                {
                    await Console.Error.WriteLineAsync("ShowBot stopped: " + reason);
                    return ExitCodes.PlatformRefused;
                }

                // A background loop that died stopped the host; that is a crash, so a supervisor (restart: on-failure) must see one.
                if (loops.FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true }) is { } crashed)
                {
                    var error = crashed.ExecuteTask!.Exception!.GetBaseException();
                    await Console.Error.WriteLineAsync($"ShowBot stopped: {crashed.GetType().Name} failed ({error.GetType().Name}); the log above has the details. Accepted requests are kept and answered after a restart.");
                    return ExitCodes.Crashed;
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (SettingValues.Explain(ex) is { } settings)
            {
                await Console.Error.WriteLineAsync("ShowBot cannot start, " + settings);
                return ExitCodes.BadConfiguration;
            }
            catch (StartupException ex)
            {
                await Console.Error.WriteLineAsync("ShowBot cannot start: " + ex.Message);
                return ExitCodes.BadConfiguration;
            }
            catch (DatabaseInUseException ex)
            {
                await Console.Error.WriteLineAsync(
                    $"ShowBot cannot start: {ex.Message.TrimEnd('.')}, and one process owns a database file. Stop that one first, or give this one " +
                    "its own file (ShowBot:Storage:DatabasePath). Beside a running bot, `showbot train`, `models`, `rollback`, `import`, `export`, `check` and `backup` are run by it.");
                return ExitCodes.DatabaseInUse;
            }
            catch (DatabaseDamagedException ex)
            {
                await Console.Error.WriteLineAsync("ShowBot cannot start: " + ex.Message);
                return ExitCodes.Damaged;
            }
            catch (Exception ex) when (DiskFull.Caused(ex))
            {
                var database = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath;
                await Console.Error.WriteLineAsync($"ShowBot cannot start: the disk holding {Path.GetFullPath(database)} is full. Free some space and start it again; nothing stored is lost.");
                return ExitCodes.BadConfiguration;
            }
        }
    }
}
