using RadLine;

using Spectre.Console;

namespace ShowBot.ConsoleChat;

/// <summary>
/// The text streams the console chat talks through: the process's own (with line editing and history at a terminal
/// that supports it), or a test's.
/// </summary>
internal sealed class ConsoleTerminal
{
    private const string Prompt = "> ";

    private readonly Func<CancellationToken, Task<string?>> readLine;
    private readonly TextWriter output;
    private readonly bool drawsItsOwnPrompt;
    private readonly Lock writeGate = new();

    /// <summary>Lines read from <paramref name="input"/>; at a terminal (<paramref name="interactive"/>) a prompt is shown first.</summary>
    public ConsoleTerminal(TextReader input, TextWriter output, bool interactive)
        : this(cancellationToken => input.ReadLineAsync(cancellationToken).AsTask(), output, interactive, drawsItsOwnPrompt: false)
    {
    }

    private ConsoleTerminal(Func<CancellationToken, Task<string?>> readLine, TextWriter output, bool interactive, bool drawsItsOwnPrompt)
    {
        this.readLine = readLine;
        this.output = output;
        Interactive = interactive;
        this.drawsItsOwnPrompt = drawsItsOwnPrompt;
    }

    /// <summary>True when a person types at a terminal (prompts are shown); false for piped input.</summary>
    public bool Interactive { get; }

    public static ConsoleTerminal FromProcess() =>
        !Console.IsInputRedirected && LineEditor.IsSupported(AnsiConsole.Console)
            ? WithLineEditor(AnsiConsole.Console, keys: null, Console.Out)
            : new(Console.In, Console.Out, interactive: !Console.IsInputRedirected);

    /// <summary>
    /// A terminal where a line is edited before it is sent: arrows, Home/End, Ctrl+U to clear what is before the
    /// cursor, Up/Down through the lines sent before. <paramref name="keys"/> replaces the keyboard (a test's keys).
    /// </summary>
    public static ConsoleTerminal WithLineEditor(IAnsiConsole console, IInputSource? keys, TextWriter output)
    {
        var editor = new LineEditor(console, keys) { Prompt = new LineEditorPrompt(Prompt.TrimEnd()) };
        editor.KeyBindings.Add(ConsoleKey.U, ConsoleModifiers.Control, () => new ClearBeforeCursorCommand());
        editor.KeyBindings.Add<PreviousHistoryCommand>(ConsoleKey.UpArrow);
        editor.KeyBindings.Add<NextHistoryCommand>(ConsoleKey.DownArrow);
        // A line typed ahead, before the editor took the terminal, ends in a newline the terminal turned into Ctrl+J.
        editor.KeyBindings.Add<SubmitCommand>(ConsoleKey.Enter, ConsoleModifiers.Control);
        return new(
            async cancellationToken =>
            {
                var line = await editor.ReadLine(cancellationToken);
                if (!string.IsNullOrWhiteSpace(line))
                {
                    editor.History.Add(line);
                }

                return line;
            },
            output,
            interactive: true,
            drawsItsOwnPrompt: true);
    }

    /// <summary>The next line typed, after the prompt at a terminal; null at the end of the input.</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (Interactive && !drawsItsOwnPrompt)
        {
            Write(Prompt);
        }

        return readLine(cancellationToken);
    }

    /// <summary>Writes a whole block at once, so replies from the worker never interleave with each other.</summary>
    public void Write(string text)
    {
        lock (writeGate)
        {
            output.Write(text);
            output.Flush();
        }
    }

    /// <summary>Ctrl+U as in a shell: what was typed before the cursor goes.</summary>
    private sealed class ClearBeforeCursorCommand : LineEditorCommand
    {
        public override void Execute(LineEditorContext context)
        {
            var buffer = context.Buffer;
            var before = buffer.Position;
            buffer.Clear(0, before);
            buffer.Move(0);
        }
    }
}
