namespace ShowBot.ConsoleChat;

/// <summary>The local console chat. Bound from <c>ShowBot:Console</c>.</summary>
internal sealed class ConsoleChatOptions
{
    public const string Section = "ShowBot:Console";

    /// <summary>Who the person at the terminal is for ratings; empty means the operating-system user name.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Whether the person at the terminal may use the admin commands (/showbot …); the terminal's owner runs the bot, so yes by default.</summary>
    public bool Admin { get; set; } = true;
}
