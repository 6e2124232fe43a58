using System.Globalization;

using Microsoft.Extensions.Configuration;

using ShowBot.Core.Chat;
using ShowBot.Core.Requests;
using ShowBot.Hosting;

namespace ShowBot.ConsoleChat;

/// <summary>
/// The console as a chat platform: prints each reply as one block, and numbers suggestion lists itself (#1, #2, …),
/// since a terminal has no message ids; <c>/react 2 1</c> names list #2.
/// </summary>
internal sealed class ConsoleChatPlatform(ConsoleTerminal terminal, ConsoleReplies replies, ISuggestionMessageStore messages, ConsoleAddress address) : IChatPlatform
{
    public const string Name = "console";
    public const string Channel = "terminal";

    private long lastListNumber;

    public string Platform => address.Platform;

    public Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(target);
        var messageId = reply is SuggestionsReply ? NextFreeListNumber() : "-";
        terminal.Write(ConsoleReplyRenderer.Render(reply, messageId));
        replies.Answered(target.Payload);
        return Task.FromResult(address.List(messageId));
    }

    /// <summary>
    /// The next number no stored list has. After a restart the count starts again from 1 and steps over the lists an
    /// earlier run posted (a reaction to one of them still counts); a number is reused only once its list is pruned.
    /// </summary>
    private string NextFreeListNumber()
    {
        while (true)
        {
            var number = Interlocked.Increment(ref lastListNumber).ToString(CultureInfo.InvariantCulture);
            if (messages.Find(address.List(number)) is null)
            {
                return number;
            }
        }
    }
}

/// <summary>
/// The platform name this console's requests and lists carry. Where one process owns the storage it is <c>console</c>;
/// on storage several nodes share it is <c>console@node</c>, since a worker claims the requests of the platforms it runs
/// and only this node can print on this terminal: a second console node's worker would otherwise answer them on its own.
/// </summary>
internal sealed record ConsoleAddress(string Platform)
{
    /// <summary>This process's console: on PostgreSQL named after its node (<c>ShowBot:Storage:NodeName</c>, the host name by default).</summary>
    public static ConsoleAddress From(IConfiguration configuration) =>
        !StorageOpener.UsesPostgres(configuration)
            ? new(ConsoleChatPlatform.Name)
            : new($"{ConsoleChatPlatform.Name}@{StorageOpener.NodeName(configuration)}");

    public static bool IsConsole(string platform) =>
        platform == ConsoleChatPlatform.Name || platform.StartsWith(ConsoleChatPlatform.Name + "@", StringComparison.Ordinal);

    public MessageRef List(string number) => new(Platform, ConsoleChatPlatform.Channel, number);
}
