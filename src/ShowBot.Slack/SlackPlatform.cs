namespace ShowBot.Slack;

/// <summary>The platform name Slack's replies, messages and users are stored under.</summary>
public static class SlackPlatform
{
    public const string Name = "slack";
}
