using System.Text.RegularExpressions;

using ShowBot.Core.Groups;

namespace ShowBot.Slack.Inbound;

/// <summary>
/// The people a command's text mentions: Slack sends a mention as <c>&lt;@U123|name&gt;</c> (a command that escapes
/// users) or <c>&lt;@U123&gt;</c>. Without a name, the list calls them by their id: echoing the mention would ping them.
/// </summary>
internal static partial class SlackMentions
{
    public static IReadOnlyList<GroupMember> In(string text, string teamId) =>
        [.. Mention().Matches(text ?? "").Select(m => new GroupMember(
            SlackCommandRouter.UserOf(teamId, m.Groups["id"].Value),
            m.Groups["name"].Success && m.Groups["name"].Value.Length > 0 ? m.Groups["name"].Value : m.Groups["id"].Value))];

    [GeneratedRegex("<@(?<id>[UW][A-Z0-9]+)(?:\\|(?<name>[^>]*))?>", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();
}
