namespace ShowBot.Slack.SocketMode;

/// <summary>A failure no retry can fix (a rejected token, Socket Mode switched off): the bot stops and says why.</summary>
internal sealed class SlackFatalException(string message, Exception? inner = null) : Exception(message, inner);
