namespace ShowBot.ConsoleChat;

/// <summary>The text streams the console chat talks through: the process's own, or a test's.</summary>
internal sealed class ConsoleTerminal(TextReader input, TextWriter output, bool interactive)
{
    private readonly Lock writeGate = new();

    public TextReader Input { get; } = input;

    /// <summary>True when a person types at a terminal (prompts are shown); false for piped input.</summary>
    public bool Interactive { get; } = interactive;

    public static ConsoleTerminal FromProcess() =>
        new(Console.In, Console.Out, interactive: !Console.IsInputRedirected);

    /// <summary>Writes a whole block at once, so replies from the worker never interleave with each other.</summary>
    public void Write(string text)
    {
        lock (writeGate)
        {
            output.Write(text);
            output.Flush();
        }
    }
}
