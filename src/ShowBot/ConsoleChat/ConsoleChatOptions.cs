namespace ShowBot.ConsoleChat;

/// <summary>The local console chat. Bound from <c>ShowBot:Console</c>.</summary>
internal sealed class ConsoleChatOptions
{
    public const string Section = "ShowBot:Console";

    /// <summary>Who the person at the terminal is for ratings; empty means the operating-system user name.</summary>
    public string UserName { get; set; } = "";
}
