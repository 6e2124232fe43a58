using System.CommandLine;
using System.Runtime.InteropServices;

namespace ShowBot.Verbs;

/// <summary>Operator verbs for the model lifecycle: <c>train</c>, <c>models</c>, <c>rollback</c>, <c>export ratings</c>.</summary>
internal static class ModelVerbs
{
    public static IEnumerable<Command> Create() => [Train(), Models(), Rollback(), Export()];

    private static Command Train()
    {
        var force = new Option<bool>("--force") { Description = "Train even when the likes are the ones the serving model was trained on" };
        var command = new Command("train", "Run the retraining job once, in the foreground: train the candidates, evaluate them against the serving model, deploy the winner if it is not worse. Skipped when nothing changed since the serving model was trained.")
        {
            force,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A supervisor's SIGTERM (or Ctrl+C) cancels the run, which ends cleanly and says so instead of dying mid-way.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, stop));
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, stop));
            return await VerbHost.RunAsync(new TrainRequest(parse.GetValue(force)), stop.Token);
        });
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
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync(new ModelsRequest(), cancellationToken));
        return command;
    }

    private static Command Rollback()
    {
        var version = new Argument<string?>("version") { Description = "The version to serve, e.g. v3 (default: the one deployed before the current one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("rollback", "Serve an earlier model version (at once in a running bot, else from its next start).") { version };
        command.SetAction((result, cancellationToken) => VerbHost.RunAsync(new RollbackRequest(result.GetValue(version)), cancellationToken));
        return command;
    }

    private static Command Export()
    {
        var asOf = new Option<string>("--as-of") { Description = "A model version (v3: the data it was trained on), a change number, or 'latest'", DefaultValueFactory = _ => "latest" };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output" };
        var ratings = new Command("ratings", "Export the ratings exactly as they were at a data version, as user,show,rating (1 like, -1 dislike).") { asOf, output };
        ratings.SetAction(async (result, cancellationToken) =>
        {
            var request = new ExportRatingsRequest(result.GetValue(asOf)!);
            if (result.GetValue(output) is not { } file)
            {
                return await VerbHost.RunAsync(request, cancellationToken);
            }

            if (OutputFiles.Problem("--out", file) is { } unwritable)
            {
                await Console.Error.WriteLineAsync("export ratings: " + unwritable);
                return ExitCodes.BadInput;
            }

            await using var writer = new StreamWriter(file.FullName);
            return await VerbHost.RunAsync(request, cancellationToken, writer);
        });
        var export = new Command("export", "Export stored data.");
        export.Subcommands.Add(ratings);
        return export;
    }
}
