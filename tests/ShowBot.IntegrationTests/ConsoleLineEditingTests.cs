using System.Collections.Concurrent;

using RadLine;

using Spectre.Console;

using ShowBot.ConsoleChat;

namespace ShowBot.IntegrationTests;

/// <summary>The console chat at a terminal: keys as a person presses them, through the line editor, into the real host.</summary>
public class ConsoleLineEditingTests
{
    private const ConsoleKey Enter = ConsoleKey.Enter;

    [Fact]
    public async Task Ctrl_U_clears_what_was_typed_backspace_mends_it_and_up_sends_the_line_before_again()
    {
        using var data = new TempDirectory();
        var keys = new Keyboard()
            .Type("/recommend Breaking Bad").Press(Enter)
            .Type("/recommend Fargo").Press(ConsoleKey.U, ConsoleModifiers.Control).Type("/likez").Press(ConsoleKey.Backspace).Type("s").Press(Enter)
            .Press(ConsoleKey.UpArrow).Press(Enter)
            .Type("/quit").Press(Enter);
        var chat = new StringWriter();
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });

        var exitCode = await ConsoleChatTests.RunChatAsync("alice", data, ConsoleTerminal.WithLineEditor(console, keys, chat));

        Assert.Equal(0, exitCode);
        var output = chat.ToString();
        Assert.Contains("[#1] Because you like Breaking Bad:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Fargo", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("You like (1):").Length - 1);
        Assert.DoesNotContain("I don't know", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_while_the_chat_waits_for_a_line_ends_it_cleanly_with_exit_code_0()
    {
        using var data = new TempDirectory();
        using var chat = ShowBotProcess.StartInForeground(data, new Dictionary<string, string?> { ["Logging:Console:LogLevel:Default"] = "Debug" }, "chat");
        Assert.True(await chat.TryWriteLineAsync("/recommend Dark"), chat.Errors);
        await Eventually.TrueAsync(() => chat.Output.Contains("[#1] Because you like Dark", StringComparison.Ordinal) || chat.HasExited, patience: TimeSpan.FromSeconds(60));
        Assert.False(chat.HasExited, chat.Errors);

        await chat.SignalAsync("INT");

        Assert.Equal(0, await chat.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain("   at ", chat.Output + chat.Errors, StringComparison.Ordinal);
    }

    /// <summary>Keys pressed in order, as the terminal reports them to the line editor.</summary>
    private sealed class Keyboard : IInputSource
    {
        private readonly ConcurrentQueue<ConsoleKeyInfo> keys = new();

        public bool ByPassProcessing => false;

        public Keyboard Type(string text)
        {
            foreach (var c in text)
            {
                var key = char.IsAsciiLetter(c) ? ConsoleKey.A + (char.ToUpperInvariant(c) - 'A') : c == ' ' ? ConsoleKey.Spacebar : ConsoleKey.Oem2;
                keys.Enqueue(new ConsoleKeyInfo(c, key, shift: char.IsAsciiLetterUpper(c), alt: false, control: false));
            }

            return this;
        }

        public Keyboard Press(ConsoleKey key, ConsoleModifiers modifiers = 0)
        {
            var c = key switch
            {
                ConsoleKey.Enter => '\r',
                ConsoleKey.Backspace => '\b',
                ConsoleKey.U when modifiers == ConsoleModifiers.Control => '\u0015',
                _ => '\0',
            };
            keys.Enqueue(new ConsoleKeyInfo(c, key, shift: false, alt: false, control: modifiers.HasFlag(ConsoleModifiers.Control)));
            return this;
        }

        public bool IsKeyAvailable() => !keys.IsEmpty;

        public ConsoleKeyInfo ReadKey() => keys.TryDequeue(out var key) ? key : throw new InvalidOperationException("No key was pressed.");
    }
}
