using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;

using Spectre.Console;

namespace ShowBot.Verbs;

/// <summary>Operator verbs for the model lifecycle: <c>train</c>, <c>models</c>, <c>rollback</c>, <c>export ratings</c>.</summary>
internal static class ModelVerbs
{
    public static IEnumerable<Command> Create() => [Train(), Models(), Rollback(), Export()];

    private static Command Train()
    {
        var command = new Command("train", "Run the retraining job once, in the foreground: train the candidates, evaluate them against the serving model, deploy the winner if it is not worse.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync("train", withCore: true, async services =>
        {
            // A supervisor's SIGTERM (or Ctrl+C) cancels the run, which ends cleanly and says so instead of dying mid-way.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, stop));
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, stop));
            var lifecycle = services.GetRequiredService<ModelLifecycle>();
            lifecycle.RestoreServing();
            var outcome = AnsiConsole.Profile.Capabilities.Interactive
                ? await AnsiConsole.Status().StartAsync("training…", context =>
                    lifecycle.RetrainAsync(force: true, new Progress<string>(step => context.Status(Markup.Escape(step))), stop.Token))
                : await lifecycle.RetrainAsync(force: true, new Progress<string>(step => Console.Error.WriteLine(step)), stop.Token);
            Console.WriteLine(outcome.Message);
            return outcome.Result is RetrainResult.Failed or RetrainResult.Cancelled ? ExitCodes.BadInput : ExitCodes.Ok;
        }));
        return command;
    }

    private static void Stop(PosixSignalContext signal, CancellationTokenSource stop)
    {
        signal.Cancel = true;
        stop.Cancel();
    }

    private static Command Models()
    {
        var command = new Command("models", "List the recent model versions with their metrics and data versions.");
        command.SetAction((_, _) => VerbHost.RunAsync("models", withCore: true, services =>
        {
            Console.WriteLine(((TextReply)services.GetRequiredService<AdminCommands>().Models()).Text);
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Rollback()
    {
        var version = new Argument<string?>("version") { Description = "The version to serve, e.g. v3 (default: the one deployed before the current one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("rollback", "Serve an earlier model version (from the next start of the bot).") { version };
        command.SetAction((result, _) => VerbHost.RunAsync("rollback", withCore: true, services =>
        {
            Console.WriteLine(services.GetRequiredService<ModelLifecycle>().Rollback(result.GetValue(version)));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Export()
    {
        var asOf = new Option<string>("--as-of") { Description = "A model version (v3: the data it was trained on), a change number, or 'latest'", DefaultValueFactory = _ => "latest" };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output" };
        var ratings = new Command("ratings", "Export the ratings exactly as they were at a data version, as user,show,rating (1 like, -1 dislike).") { asOf, output };
        ratings.SetAction((result, _) => VerbHost.RunAsync("export ratings", withCore: true, async services =>
        {
            var store = services.GetRequiredService<IRatingStore>();
            var change = ResolveChange(result.GetValue(asOf)!, store, services.GetRequiredService<IModelStore>());
            var rows = store.AsOf(change);
            await using var writer = result.GetValue(output) is { } file ? new StreamWriter(file.FullName) : new StreamWriter(Console.OpenStandardOutput());
            await writer.WriteLineAsync("user,show,rating");
            foreach (var rating in rows.OrderBy(r => r.User.ToString(), StringComparer.Ordinal).ThenBy(r => r.ShowId, StringComparer.Ordinal))
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Csv(rating.User.ToString())},{rating.ShowId},{(int)rating.Kind}"));
            }

            await Console.Error.WriteLineAsync($"export ratings: {rows.Count:N0} ratings as of change {change}");
            return ExitCodes.Ok;
        }));
        var export = new Command("export", "Export stored data.");
        export.Subcommands.Add(ratings);
        return export;
    }

    private static long ResolveChange(string asOf, IRatingStore ratings, IModelStore models)
    {
        if (asOf.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return ratings.LastChange;
        }

        if (long.TryParse(asOf, NumberStyles.None, CultureInfo.InvariantCulture, out var change))
        {
            return change;
        }

        return models.Find(asOf)?.Data.LastChange
            ?? throw new ArgumentException($"'{asOf}' is neither a model version, a change number nor 'latest'.");
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
