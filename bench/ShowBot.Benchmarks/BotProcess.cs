using System.Diagnostics;
using System.Globalization;

namespace ShowBot.Benchmarks;

/// <summary>
/// A <c>showbot</c> process as an operator starts it (<c>dotnet showbot.dll &lt;verb&gt;</c>, settings in the environment),
/// with its standard error kept for when it fails and its peak working set read from the kernel.
/// </summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process process;
    private readonly Queue<string> lastErrors = new();
    private readonly List<(string Part, TaskCompletionSource<string> Line)> awaitedErrors = [];

    private BotProcess(Process process) => this.process = process;

    public StreamWriter Input => process.StandardInput;

    public StreamReader Output => process.StandardOutput;

    public bool HasExited => process.HasExited;

    /// <summary>The newest lines the process wrote to standard error, for a failure message.</summary>
    public string ErrorTail
    {
        get
        {
            lock (lastErrors)
            {
                return string.Join('\n', lastErrors);
            }
        }
    }

    /// <summary>A line among the newest on standard error, or the first to come, that contains <paramref name="part"/>.</summary>
    public Task<string> ErrorLineAsync(string part)
    {
        var line = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (lastErrors)
        {
            if (lastErrors.FirstOrDefault(l => l.Contains(part, StringComparison.Ordinal)) is { } written)
            {
                line.SetResult(written);
            }
            else
            {
                awaitedErrors.Add((part, line));
            }
        }

        return line.Task;
    }

    public static BotProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The Docker image's setting: workstation GC, as the bot runs in production.
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var bot = new BotProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
        bot.process.ErrorDataReceived += (_, e) => bot.KeepError(e.Data);
        bot.process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>Runs a verb to its end; throws with its standard error when it fails.</summary>
    public static async Task<string> RunVerbAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        using var verb = Start(dll, args, environment);
        verb.Input.Close();
        var output = await verb.Output.ReadToEndAsync();
        await verb.process.WaitForExitAsync();
        return verb.process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"showbot {string.Join(' ', args)} exited {verb.process.ExitCode}: {output}\n{verb.ErrorTail}");
    }

    /// <summary>The most memory the process has held in RAM since it started (VmHWM), in MB.</summary>
    public double PeakWorkingSetMegabytes()
    {
        var status = $"/proc/{process.Id}/status";
        if (File.Exists(status) && File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line)
        {
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }

        process.Refresh();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>The CPU time the process has used so far (user and system, every thread).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The bytes the process has handed to write calls so far (files and sockets: <c>wchar</c>), 0 where the kernel does not tell.</summary>
    public long WrittenBytes
    {
        get
        {
            var io = $"/proc/{process.Id}/io";
            return File.Exists(io) && File.ReadLines(io).FirstOrDefault(l => l.StartsWith("wchar:", StringComparison.Ordinal)) is { } line
                ? long.Parse(line["wchar:".Length..].Trim(), CultureInfo.InvariantCulture)
                : 0;
        }
    }

    /// <summary>Stops the bot as a supervisor does (SIGTERM), killing it if it has not ended within 30 s.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }

    private void KeepError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lastErrors)
        {
            foreach (var awaited in awaitedErrors.Where(a => line.Contains(a.Part, StringComparison.Ordinal)).ToList())
            {
                awaited.Line.TrySetResult(line);
                awaitedErrors.Remove(awaited);
            }

            lastErrors.Enqueue(line);
            if (lastErrors.Count > 20)
            {
                lastErrors.Dequeue();
            }
        }
    }
}
