using System.Globalization;

using ShowBot.Core.Chat;
using ShowBot.Core.Requests;

namespace ShowBot.ConsoleChat;

/// <summary>
/// The console as a chat platform: prints each reply as one block, and numbers suggestion lists itself (#1, #2, …),
/// since a terminal has no message ids; <c>/react 2 1</c> names list #2.
/// </summary>
internal sealed class ConsoleChatPlatform(ConsoleTerminal terminal, ConsoleReplies replies, ISuggestionMessageStore messages) : IChatPlatform
{
    public const string Name = "console";
    public const string Channel = "terminal";

    private long lastListNumber;

    public string Platform => Name;

    public static MessageRef List(string number) => new(Name, Channel, number);

    public Task<MessageRef> SendAsync(ReplyTarget target, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(target);
        var messageId = reply is SuggestionsReply ? NextFreeListNumber() : "-";
        terminal.Write(ConsoleReplyRenderer.Render(reply, messageId));
        replies.Answered(target.Payload);
        return Task.FromResult(List(messageId));
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
            if (messages.Find(List(number)) is null)
            {
                return number;
            }
        }
    }
}
