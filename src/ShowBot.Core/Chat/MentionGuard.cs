using System.Text;

namespace ShowBot.Core.Chat;

/// <summary>
/// Neutralises text that would ping people or channels if echoed into a chat: <c>@everyone</c>, <c>@here</c>,
/// <c>@name</c>, Discord's <c>&lt;@id&gt;</c>/<c>&lt;@&amp;id&gt;</c>/<c>&lt;#id&gt;</c> and Slack's <c>&lt;!channel&gt;</c>/<c>&lt;@U…&gt;</c>.
/// A zero-width space after every <c>@</c>, and angle brackets replaced by look-alikes, keep the text readable
/// while no platform parses it as a mention.
/// </summary>
public static class MentionGuard
{
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>The text with every mention made inert; the same instance when there is nothing to neutralise.</summary>
    public static string Neutralize(string text)
    {
        if (text.AsSpan().IndexOfAny('@', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '@':
                    builder.Append('@').Append(ZeroWidthSpace);
                    break;
                case '<':
                    builder.Append('‹');
                    break;
                case '>':
                    builder.Append('›');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
