using System.Diagnostics;
using System.Text;

namespace ShowBot.IntegrationTests;

/// <summary>The real executable as its own process on a test's database, with what it prints collected as it comes.</summary>
internal sealed class ShowBotProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    private ShowBotProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Output => Read(output);

    public string Errors => Read(errors);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Starts <c>showbot</c> with <paramref name="arguments"/> on <paramref name="data"/>'s database, in that folder, with
    /// <paramref name="settings"/> (configuration keys such as <c>ShowBot:Retraining:MinLikes</c>) in its environment.
    /// </summary>
    public static ShowBotProcess Start(TempDirectory data, IReadOnlyDictionary<string, string?>? settings, params string[] arguments) =>
        Start(data, settings, "dotnet", [Path.Combine(AppContext.BaseDirectory, "showbot.dll"), .. arguments]);

    /// <summary>
    /// Starts <c>showbot</c> as a terminal starts a foreground job: Ctrl+C (SIGINT) at its default, even when these
    /// tests run in a background job, whose children inherit SIGINT ignored (and .NET keeps an ignored SIGINT ignored).
    /// </summary>
    public static ShowBotProcess StartInForeground(TempDirectory data, IReadOnlyDictionary<string, string?>? settings, params string[] arguments) =>
        Start(data, settings, "env", ["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "showbot.dll"), .. arguments]);

    private static ShowBotProcess Start(TempDirectory data, IReadOnlyDictionary<string, string?>? settings, string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data.Path,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["ShowBot__Storage__DatabasePath"] = data.DatabasePath;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new ShowBotProcess(Process.Start(start)!);
    }

    /// <summary>Runs a verb to its end: its exit code, standard output and standard error.</summary>
    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(TempDirectory data, IReadOnlyDictionary<string, string?>? settings, params string[] arguments) =>
        RunAsync(data, settings, input: [], arguments);

    /// <summary>Runs a verb to its end with <paramref name="input"/> typed line by line, then its input closed, as a pipe does.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        TempDirectory data, IReadOnlyDictionary<string, string?>? settings, IEnumerable<string> input, params string[] arguments)
    {
        using var verb = Start(data, settings, arguments);
        foreach (var line in input)
        {
            await verb.TryWriteLineAsync(line);
        }

        verb.CloseInput();
        var exitCode = await verb.WaitForExitAsync();
        return (exitCode, verb.Output, verb.Errors);
    }

    /// <summary>Types a line; false when the process has already gone (a refused process closes its input).</summary>
    public async Task<bool> TryWriteLineAsync(string line)
    {
        try
        {
            await process.StandardInput.WriteLineAsync(line);
            await process.StandardInput.FlushAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void CloseInput()
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    /// <summary>The exit code; a process still running after <paramref name="patience"/> fails the test with its log.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"showbot is still running after {(patience ?? TimeSpan.FromSeconds(120)).TotalSeconds:0} s. Its log:\n{Errors}\nIts output:\n{Output}");
        }

        return process.ExitCode;
    }

    /// <summary>Sends <paramref name="signal"/> (<c>TERM</c> as a supervisor does, <c>INT</c> as Ctrl+C at a terminal does).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Ends the process as kill -9 does: no shutdown, no clean-up.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
