using System.Text;

using ShowBot.Core.Chat;

namespace ShowBot.Slack.Outbound;

/// <summary>
/// Makes untrusted text (titles, what people typed) safe to put in a Slack message. <see cref="DisplayText"/> keeps it
/// on one line without control, bidi or zero-width characters and makes mentions inert (every <c>&lt;</c>/<c>&gt;</c>
/// becomes a look-alike, so no <c>&lt;!channel&gt;</c> or <c>&lt;@U…&gt;</c> survives); Slack's own rule then asks for
/// <c>&amp;</c> to be escaped in text fields. Slack documents no escape for mrkdwn's <c>* _ ~ `</c>, so in untrusted
/// text they become look-alikes too: the title stays readable and cannot turn bold, italic, struck or code.
/// </summary>
internal static class SlackText
{
    /// <summary>For untrusted text in <c>text</c> and <c>mrkdwn</c> fields, which Slack parses for markup.</summary>
    public static string Escape(string text) => NeutralizeFormatting(EscapeAmpersands(DisplayText.UnlinkedLine(text)));

    /// <summary>For untrusted text as a link's text (<c>&lt;url|text&gt;</c>): as <see cref="Escape"/>, and a "|" becomes a look-alike so the text reads the same to every client.</summary>
    public static string LinkText(string text) => Escape(text).Replace('|', '∣');

    /// <summary>For <c>plain_text</c> objects, which Slack shows literally (no entity escaping) but which must still never ping.</summary>
    public static string Plain(string text) => DisplayText.Line(text);

    /// <summary>
    /// For text the bot wrote (help, status, an acknowledgement): its line breaks and mrkdwn are meant; controls,
    /// invisible characters and mentions are still removed.
    /// </summary>
    public static string Composed(string text) => EscapeAmpersands(DisplayText.Lines(text));

    /// <summary>A reply the bot wrote around quoted titles and typed text: its own mrkdwn kept, the quoted parts' neutralised.</summary>
    public static string Composed(TextReply reply) =>
        string.Concat(reply.Parts.Select(part => part.Quoted ? Escape(part.Text) : Composed(part.Text)));

    private static string EscapeAmpersands(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal);

    private static string NeutralizeFormatting(string text)
    {
        if (text.AsSpan().IndexOfAny("*_~`") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '*' => '∗',
                '_' => 'ˍ',
                '~' => '∼',
                '`' => 'ˋ',
                _ => c,
            });
        }

        return builder.ToString();
    }
}
