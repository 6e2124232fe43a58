using ShowBot.Core.Import;

using Spectre.Console;

namespace ShowBot.Verbs;

/// <summary>
/// Where an operator verb reports: the terminal of the process that runs it, or, when the running bot runs it, the
/// control connection back to the operator's process, which shows it on its terminal the same way.
/// </summary>
internal interface IVerbOutput
{
    /// <summary>Steps of a long job (training).</summary>
    IProgress<string> Steps { get; }

    /// <summary>How far an import has got.</summary>
    IProgress<ImportProgress> Import { get; }

    /// <summary>A line of the result (standard output).</summary>
    Task WriteLineAsync(string line);

    /// <summary>A note or a warning (standard error).</summary>
    Task WriteErrorAsync(string line);
}

/// <summary>
/// An operator verb on this process's terminal: a status line for steps and a progress bar for imports when a person
/// watches, steps on standard error otherwise. Lines that come while a live display is on screen follow it.
/// </summary>
internal sealed class TerminalOutput : IVerbOutput
{
    private readonly TextWriter output;
    private readonly List<(bool IsError, string Line)> held = [];
    private StatusContext? status;
    private ProgressTask? bar;
    private bool live;

    private TerminalOutput(TextWriter output, string verb)
    {
        this.output = output;
        Steps = new SynchronousProgress<string>(step =>
        {
            if (status is not null)
            {
                status.Status(Markup.Escape(step));
            }
            else if (!live)
            {
                Console.Error.WriteLine(step);
            }
        });
        Import = new SynchronousProgress<ImportProgress>(progress =>
        {
            if (bar is not null)
            {
                bar.Description = $"{verb}: {progress.Stage}, {progress.RowsRead:N0} rows";
                bar.Value = progress.Fraction ?? 0;
            }
        });
    }

    public IProgress<string> Steps { get; }

    public IProgress<ImportProgress> Import { get; }

    /// <summary>Runs <paramref name="work"/> with its results going to <paramref name="output"/> and its notes to standard error.</summary>
    public static async Task<int> RunAsync(string verb, VerbProgress progress, TextWriter output, Func<IVerbOutput, Task<int>> work)
    {
        var terminal = new TerminalOutput(output, verb);
        if (!AnsiConsole.Profile.Capabilities.Interactive || progress == VerbProgress.None)
        {
            return await work(terminal);
        }

        terminal.live = true;
        try
        {
            return progress == VerbProgress.Steps
                ? await AnsiConsole.Status().StartAsync($"{verb}…", context =>
                {
                    terminal.status = context;
                    return work(terminal);
                })
                : await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        terminal.bar = context.AddTask(verb, maxValue: 1.0);
                        var code = await work(terminal);
                        terminal.bar.Value = 1.0;
                        return code;
                    });
        }
        finally
        {
            terminal.live = false;
            terminal.status = null;
            terminal.bar = null;
            foreach (var (isError, line) in terminal.held)
            {
                await (isError ? Console.Error : output).WriteLineAsync(line);
            }
        }
    }

    public Task WriteLineAsync(string line) => WriteAsync(isError: false, line);

    public Task WriteErrorAsync(string line) => WriteAsync(isError: true, line);

    private Task WriteAsync(bool isError, string line)
    {
        if (live)
        {
            held.Add((isError, line));
            return Task.CompletedTask;
        }

        return (isError ? Console.Error : output).WriteLineAsync(line);
    }
}

/// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> posts to the thread pool), so steps and lines keep their order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
