namespace ShowBot.Slack;

/// <summary>Who the bot is in the workspace, from <c>auth.test</c>: its own reactions are echoed back as events and must be told apart.</summary>
internal sealed class SlackBotIdentity
{
    private volatile string userId = "";

    public string UserId => userId;

    public void Set(string botUserId) => userId = botUserId;

    public bool IsBot(string user) => user.Length > 0 && string.Equals(user, userId, StringComparison.Ordinal);
}
