using System.Globalization;
using System.Text;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Text;

namespace ShowBot.ConsoleChat;

/// <summary>
/// Renders Core replies as console text. Every title and typed text goes through <see cref="UntrustedText"/>, so none
/// can send a terminal escape (ESC[2J, an OSC title), reverse the reading order or start a line of its own. A terminal
/// pings nobody, so unlike the chat platforms' renderers this one leaves "@" alone ("recall@20" stays as written).
/// </summary>
internal static class ConsoleReplyRenderer
{
    public static string Render(Reply reply, string? messageId = null) => Body(reply, messageId) + TypedActions(reply);

    private static string Body(Reply reply, string? messageId) => reply switch
    {
        SuggestionsReply suggestions => RenderSuggestions(suggestions, messageId),
        DidYouMeanReply didYouMean => RenderDidYouMean(didYouMean),
        LikesReply likes => RenderLikes(likes),
        TextReply text => UntrustedText.Lines(text.Text) + "\n",
        HelpReply help => RenderHelp(help),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "No console rendering for this reply."),
    };

    /// <summary>The console has no buttons: a control that can be typed instead is shown as its command.</summary>
    private static string TypedActions(Reply reply) =>
        string.Concat(reply.Actions.Where(a => a.Typed is not null).Select(a => $"  {ConsoleCommandLine.Syntax.Invocation(a.Typed!.Command)} {a.Typed.Arguments}: {a.Label}\n"));

    /// <summary>The catalog's commands, then what only the console has: reactions by command, and leaving.</summary>
    private static string RenderHelp(HelpReply help)
    {
        (string Usage, string Summary)[] consoleOnly =
        [
            ("/react <list> <number>", "like suggestion <number> of list #<list>; /react <list> 👎 if none fit"),
            ("/unreact <list> <number>", "take a reaction back"),
            ("/more <list>", "more suggestions like list #<list>, none you were shown before"),
            ("/quit", "leave (after any replies still owed)"),
        ];
        var lines = help.Lines.Select(l => (l.Usage, Summary: l.AdminOnly ? "admin: " + l.Summary : l.Summary)).Concat(consoleOnly).ToList();
        var width = lines.Max(l => l.Usage.Length) + 2;
        var text = new StringBuilder("Commands:\n");
        foreach (var (usage, summary) in lines)
        {
            text.Append("  ").Append(usage.PadRight(width)).Append(summary).Append('\n');
        }

        return text.ToString();
    }

    public static string Describe(Show show)
    {
        var years = show.Years.Length > 0 ? $" ({show.Years})" : "";
        var genres = show.Genres.Count > 0 ? " · " + Safe(string.Join(", ", show.Genres)) : "";
        return Safe(show.Title) + years + genres;
    }

    private static string RenderSuggestions(SuggestionsReply reply, string? messageId)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"[#{messageId}] {Safe(reply.Heading)}:");
        foreach (var item in reply.Items)
        {
            var because = item.Explanation.Length > 0 ? $" — {Safe(item.Explanation)}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {item.Number,2}. {Describe(item.Show)}{because}");
            if (Safe(item.Premise) is { Length: > 0 } premise)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"      {premise}");
            }

            if (item.ImdbPage is { } page)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"      {page.AbsoluteUri}");
            }
        }

        foreach (var note in reply.Notes)
        {
            text.AppendLine("  " + Safe(note));
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  Like one with /react {messageId} <number>, or /react {messageId} 👎 if none fit; /more {messageId} for more like these.");
        return text.ToString();
    }

    /// <summary>The shows a "did you mean" offers, numbered from 1 in the order shown: a person picks one by its number.</summary>
    public static IReadOnlyList<(UnresolvedTitle Title, Show Show)> Choices(DidYouMeanReply reply) =>
        [.. reply.Titles.SelectMany(title => title.Offered.Select(show => (title, show)))];

    private static string RenderDidYouMean(DidYouMeanReply reply)
    {
        var text = new StringBuilder();
        var choices = Choices(reply);
        var number = 0;
        foreach (var title in reply.Titles)
        {
            text.Append(CultureInfo.InvariantCulture, $"I couldn't place \"{DisplayText.Truncate(Safe(title.Typed), 81)}\".");
            text.AppendLine(title.Candidates.Count == 0
                ? " Try another spelling or the IMDb id (tt…)."
                : " Did you mean:");
            foreach (var (_, candidate) in choices.Where(c => ReferenceEquals(c.Title, title)))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {++number}. {Describe(candidate)}  [{candidate.Id}]");
            }
        }

        if (choices.Count > 0)
        {
            text.AppendLine(choices.Count == 1 ? "Type 1 to pick it." : $"Type a number (1–{choices.Count}) to pick one.");
        }

        return text.ToString();
    }

    private static string RenderLikes(LikesReply reply)
    {
        if (reply.Liked.Count == 0 && reply.Disliked.Count == 0)
        {
            return "You haven't rated anything yet. Try /recommend with shows you like.\n";
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"You like ({reply.Liked.Count}):");
        foreach (var show in reply.Liked)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  + {Describe(show)}");
        }

        if (reply.Disliked.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"You don't like ({reply.Disliked.Count}):");
            foreach (var show in reply.Disliked)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {Describe(show)}");
            }
        }

        return text.ToString();
    }

    private static string Safe(string text) => UntrustedText.Line(text);
}
