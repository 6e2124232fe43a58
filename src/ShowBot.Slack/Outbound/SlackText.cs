using ShowBot.Core.Chat;

namespace ShowBot.Slack.Outbound;

/// <summary>
/// Makes untrusted text (titles, what people typed) safe to put in a Slack message. <see cref="MentionGuard"/>
/// removes every <c>&lt;</c>/<c>&gt;</c> (so no <c>&lt;!channel&gt;</c> or <c>&lt;@U…&gt;</c> survives) and breaks
/// <c>@here</c>-style words; Slack's own rule then asks for <c>&amp;</c> to be escaped in text fields.
/// </summary>
internal static class SlackText
{
    /// <summary>For <c>text</c> and <c>mrkdwn</c> fields, which Slack parses for markup.</summary>
    public static string Escape(string text) => MentionGuard.Neutralize(text).Replace("&", "&amp;", StringComparison.Ordinal);

    /// <summary>For <c>plain_text</c> objects, which Slack shows literally (no entity escaping) but which must still never ping.</summary>
    public static string Plain(string text) => MentionGuard.Neutralize(text);

    /// <summary>Cuts text to Slack's limit for a field, with an ellipsis.</summary>
    public static string Truncate(string text, int maxLength) => text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
}
