using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;

namespace ShowBot.Discord;

/// <summary>
/// Renders Core replies as Discord message bodies. Every body turns mentions off (<c>allowed_mentions.parse = []</c>)
/// and every title or typed text goes through <see cref="DisplayText"/> and Markdown escaping, so untrusted text
/// can neither ping anyone, restyle the message, hide or reorder text nor start a line. Lengths stay within Discord's limits.
/// </summary>
internal static class DiscordMessages
{
    public const int MaxContent = 2000;

    /// <summary>EPHEMERAL (1 &lt;&lt; 6): only the person who ran the command sees the message.</summary>
    public const int EphemeralFlag = 1 << 6;

    private const int MaxEmbedTitle = 256;
    private const int MaxEmbedDescription = 4096;
    private const int MaxFooter = 2048;
    private const int MaxEmbedTotal = 6000;
    private const int MaxNotes = 1000;
    private const int EmbedColor = 0x5865F2;

    public static JsonObject Render(Reply reply) => WithButtons(RenderBody(reply), reply.Actions);

    private static JsonObject RenderBody(Reply reply) => reply switch
    {
        SuggestionsReply suggestions => Suggestions(suggestions),
        DidYouMeanReply didYouMean => Content(DidYouMean(didYouMean)),
        LikesReply likes => Content(Likes(likes)),
        TextReply text => Content(Composed(text)),
        HelpReply help => Content(Help(help)),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply?.GetType().Name, "No Discord rendering for this reply."),
    };

    /// <summary>A reply the bot wrote: its own Markdown and lines kept, what it quotes (titles, typed text) made inert.</summary>
    private static string Composed(TextReply reply) =>
        string.Concat(reply.Parts.Select(part => part.Quoted ? Safe(part.Text) : DisplayText.Lines(part.Text)));

    private static string Help(HelpReply help)
    {
        var text = new StringBuilder("**ShowBot** suggests TV shows like the ones you enjoy.\n");
        foreach (var line in help.Lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"`{line.Usage}` — {(line.AdminOnly ? "admins: " : "")}{line.Summary}\n");
        }

        text.Append("React to a suggestion list with its number (1️⃣ … 🔟) to like a show, or 👎 if none fit; remove the reaction to take it back. Or press a suggestion's 👍 / 👎 (\"not for me\") button: it rates for whoever presses it.");
        return text.ToString();
    }

    /// <summary>Untrusted text made inert: one line, no mentions, no Markdown, no clickable address.</summary>
    public static string Safe(string text) => EscapeMarkdown(DisplayText.UnlinkedLine(text));

    /// <summary>Every Markdown character escaped with a backslash, as Discord reads it: emphasis, code, spoilers, headings, masked links.</summary>
    private static string EscapeMarkdown(string neutral)
    {
        if (neutral.AsSpan().IndexOfAny(MarkdownSpecials) < 0)
        {
            return neutral;
        }

        var escaped = new StringBuilder(neutral.Length + 8);
        foreach (var c in neutral)
        {
            if (MarkdownSpecials.Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    public static string Describe(Show show)
    {
        var years = show.Years.Length > 0 ? $" ({show.Years})" : "";
        var genres = show.Genres.Count > 0 ? " · " + Safe(string.Join(", ", show.Genres)) : "";
        return "**" + Safe(show.Title) + "**" + years + genres;
    }

    private static readonly SearchValues<char> MarkdownSpecials = SearchValues.Create("\\*_~`|[]#");

    private static JsonObject Suggestions(SuggestionsReply reply)
    {
        var last = reply.Items.Count > 0 ? reply.Items[^1].Number : 1;
        var title = DisplayText.Truncate(Safe(reply.Heading), MaxEmbedTitle);
        var footer = DisplayText.Truncate($"React with {ReactionEmoji.ForNumber(1)}–{ReactionEmoji.ForNumber(last)} on the shows you like, or 👎 if none fit.", MaxFooter);
        var notes = reply.Notes.Count == 0 ? "" : DisplayText.Truncate("\n\n" + string.Join('\n', reply.Notes.Select(Safe)), MaxNotes);
        var room = Math.Min(MaxEmbedDescription, MaxEmbedTotal - title.Length - footer.Length) - notes.Length;
        var embed = new JsonObject
        {
            ["title"] = title,
            ["description"] = DisplayText.Truncate(SuggestionLines(reply.Items, room) + notes, MaxEmbedDescription),
            ["color"] = EmbedColor,
            ["footer"] = new JsonObject { ["text"] = footer },
        };
        return new JsonObject { ["content"] = "", ["embeds"] = new JsonArray(embed), ["allowed_mentions"] = NoMentions() };
    }

    /// <summary>
    /// Each suggestion as its number and title (a link to its IMDb page), its explanation and its premise, cut to at
    /// most <paramref name="room"/> characters in <see cref="SuggestionTexts.FitInto"/>'s order.
    /// </summary>
    private static string SuggestionLines(IReadOnlyList<Suggestion> items, int room)
    {
        var texts = new SuggestionTexts(
            Titles: [.. items.Select(i => i.ImdbPage is null ? Safe(i.Show.Title) : LinkText(i.Show.Title))],
            Genres: [.. items.Select(i => Safe(string.Join(", ", i.Show.Genres)))],
            Explanations: [.. items.Select(i => Safe(i.Explanation))],
            Premises: [.. items.Select(i => Safe(i.Premise))]);
        string Compose(SuggestionTexts t) => string.Join('\n', items.Select((item, n) => SuggestionLine(item, t.Titles[n], t.Genres[n], t.Explanations[n], t.Premises[n])));

        return Compose(texts.FitInto(room, t => Compose(t).Length));
    }

    private static string SuggestionLine(Suggestion item, string title, string genres, string explanation, string premise)
    {
        var line = new StringBuilder(ReactionEmoji.ForNumber(item.Number)).Append(" **");
        line.Append(item.ImdbPage is { } page ? $"[{title}]({page.AbsoluteUri})" : title).Append("**");
        if (item.Show.Years.Length > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" ({item.Show.Years})");
        }

        if (genres.Length > 0)
        {
            line.Append(" · ").Append(genres);
        }

        if (explanation.Length > 0)
        {
            line.Append("\n    *").Append(explanation).Append('*');
        }

        if (premise.Length > 0)
        {
            line.Append("\n    ").Append(premise);
        }

        return line.ToString();
    }

    /// <summary>A title as a masked link's text: its brackets become look-alikes, because Discord ends the text at a "]" even when escaped.</summary>
    private static string LinkText(string title) => EscapeMarkdown(DisplayText.UnlinkedLine(title).Replace('[', '［').Replace(']', '］'));

    private static string DidYouMean(DidYouMeanReply reply)
    {
        var text = new StringBuilder();
        foreach (var title in reply.Titles)
        {
            text.Append(CultureInfo.InvariantCulture, $"I couldn't place \"{DisplayText.Truncate(Safe(title.Typed), 81)}\".");
            text.AppendLine(title.Candidates.Count == 0 ? " Try another spelling or the IMDb id (tt…)." : " Did you mean:");
            foreach (var candidate in title.Offered)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {Describe(candidate)} `{candidate.Id}`");
            }
        }

        return text.ToString();
    }

    private static string Likes(LikesReply reply)
    {
        if (reply.Liked.Count == 0 && reply.Disliked.Count == 0)
        {
            return "You haven't rated anything yet. Try `/recommend` with shows you like.";
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"You like ({reply.Liked.Count}):");
        foreach (var show in reply.Liked)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"+ {Describe(show)}");
        }

        if (reply.Disliked.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"You don't like ({reply.Disliked.Count}):");
            foreach (var show in reply.Disliked)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {Describe(show)}");
            }
        }

        return text.ToString();
    }

    private static JsonObject Content(string text) =>
        new() { ["content"] = DisplayText.Truncate(text.TrimEnd(), MaxContent), ["embeds"] = new JsonArray(), ["allowed_mentions"] = NoMentions() };

    /// <summary>
    /// A reply that takes the place of the message a button was on: its own buttons, if any, replace the old ones, so a
    /// pressed confirm leaves no button to press again.
    /// </summary>
    public static JsonObject Replacing(Reply reply)
    {
        var body = Render(reply);
        body["components"] ??= new JsonArray();
        return body;
    }

    /// <summary>
    /// Buttons and menus in action rows, within Discord's limits: 5 rows of 5 buttons or one string select (25 options,
    /// a placeholder of 150 characters, an option's label and value of 100), a label of 80 characters, a custom_id of 100.
    /// </summary>
    private static JsonObject WithButtons(JsonObject body, IReadOnlyList<ReplyAction> actions)
    {
        if (actions.Count == 0)
        {
            return body;
        }

        var rows = ChatActions.InRows(actions, MaxButtonsPerRow);
        if (rows.Count > MaxRows || actions.Any(a => a.Id.Length > MaxCustomId || a.Options.Count > ChatActions.MaxOptions || a.Options.Any(o => o.Value.Length > MaxOptionText)))
        {
            throw new ArgumentOutOfRangeException(nameof(actions), actions.Count, "More buttons, or longer ids, than a Discord message holds.");
        }

        body["components"] = new JsonArray([.. rows.Select(row => (JsonNode)new JsonObject
        {
            ["type"] = ActionRow,
            ["components"] = new JsonArray([.. row.Select(action => action.Options.Count > 0 ? StringSelect(action) : (JsonNode)new JsonObject
            {
                ["type"] = Button,
                ["style"] = ButtonStyle(action.Style),
                ["label"] = DisplayText.Truncate(DisplayText.Line(action.Label), MaxButtonLabel),
                ["custom_id"] = action.Id,
            })]),
        })]);
        return body;
    }

    /// <summary>A menu to pick one choice from; its labels are plain text (no Markdown, no mentions), so only made one line.</summary>
    private static JsonObject StringSelect(ReplyAction action) => new()
    {
        ["type"] = SelectMenu,
        ["custom_id"] = action.Id,
        ["placeholder"] = DisplayText.Truncate(DisplayText.Line(action.Label), MaxPlaceholder),
        ["min_values"] = 1,
        ["max_values"] = 1,
        ["options"] = new JsonArray([.. action.Options.Select(option => (JsonNode)new JsonObject
        {
            ["label"] = DisplayText.Truncate(DisplayText.Line(option.Label), MaxOptionText),
            ["value"] = option.Value,
        })]),
    };

    private static int ButtonStyle(ActionStyle style) => style switch
    {
        ActionStyle.Primary => 1,
        ActionStyle.Danger => 4,
        _ => 2,
    };

    private const int ActionRow = 1;
    private const int Button = 2;
    private const int SelectMenu = 3;
    private const int MaxPlaceholder = 150;
    private const int MaxOptionText = 100;
    private const int MaxRows = 5;
    private const int MaxButtonsPerRow = 5;
    private const int MaxButtonLabel = 80;
    private const int MaxCustomId = 100;

    private static JsonObject NoMentions() => new() { ["parse"] = new JsonArray() };
}
