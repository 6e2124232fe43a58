using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;

namespace ShowBot.Slack.Outbound;

/// <summary>
/// Renders Core replies as Slack messages: Block Kit plus a plain-text <c>text</c> fallback (what notifications and
/// screen readers show). Every piece of untrusted text goes through <see cref="SlackText"/>.
/// </summary>
internal static class SlackMessageRenderer
{
    private const int HeaderLimit = 150;
    private const int SectionLimit = 3000;
    private const int FallbackLimit = 4000;

    /// <summary>The reaction names for suggestion numbers 1..10, as <c>reactions.add</c> and reaction events spell them.</summary>
    public static IReadOnlyList<string> NumberReactions { get; } = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "keycap_ten"];

    public static JsonObject Render(Reply reply) => WithActions(RenderBody(reply), reply.Actions);

    private static JsonObject RenderBody(Reply reply) => reply switch
    {
        SuggestionsReply suggestions => RenderSuggestions(suggestions),
        DidYouMeanReply didYouMean => TextMessage(DidYouMeanText(didYouMean)),
        LikesReply likes => TextMessage(LikesText(likes)),
        TextReply text => TextMessage(SlackText.Composed(text)),
        HelpReply help => TextMessage(SlackText.Composed(HelpText(help))),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "No Slack rendering for this reply."),
    };

    /// <summary>A message only the invoker sees, as a slash command's ack or response_url payload.</summary>
    public static JsonObject Ephemeral(Reply reply) => Ephemeral(Render(reply));

    /// <summary>A copy of a rendered message, marked for a slash command's ack or response_url as seen by the invoker only.</summary>
    public static JsonObject Ephemeral(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var copy = (JsonObject)message.DeepClone();
        copy["response_type"] = "ephemeral";
        return copy;
    }

    /// <summary>
    /// A suggestion list sent privately, because the bot may not post in the channel: the same blocks and fallback,
    /// but <paramref name="hint"/> (why it is private, what to do) takes the place of the reaction hint, since nobody
    /// can react to an ephemeral message.
    /// </summary>
    public static JsonObject RenderPrivately(SuggestionsReply reply, string hint)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return RenderSuggestions(reply, hint);
    }

    /// <summary>
    /// The answer to a pressed button, for the interaction's response_url: it replaces the message the button was on
    /// (its buttons go, the outcome shows), or is shown to the presser alone and leaves the message as it was.
    /// </summary>
    public static JsonObject Answering(ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var message = result.ReplacesMessage ? Render(result.Reply) : Ephemeral(result.Reply);
        message["replace_original"] = result.ReplacesMessage;
        return message;
    }

    /// <summary>Buttons in an <c>actions</c> block (at most 25 elements); a text message gets its text as a section above them.</summary>
    private static JsonObject WithActions(JsonObject message, IReadOnlyList<ReplyAction> actions)
    {
        if (actions.Count == 0)
        {
            return message;
        }

        if (actions.Count > MaxActionElements)
        {
            throw new ArgumentOutOfRangeException(nameof(actions), actions.Count, "More buttons than a Slack actions block holds.");
        }

        var blocks = message["blocks"]?.AsArray() ?? [new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(DisplayText.Truncate(message["text"]!.GetValue<string>(), SectionLimit)) }];
        blocks.Add(new JsonObject
        {
            ["type"] = "actions",
            ["elements"] = new JsonArray([.. actions.Select(action => (JsonNode)(action.Options.Count > 0 ? StaticSelect(action) : Button(action)))]),
        });
        message["blocks"] = blocks;
        return message;
    }

    private static JsonObject Button(ReplyAction action)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(DisplayText.Truncate(SlackText.Plain(action.Label), ButtonTextLimit)),
            ["action_id"] = action.Id,
        };
        if (action.Style != ActionStyle.Secondary)
        {
            button["style"] = action.Style == ActionStyle.Danger ? "danger" : "primary";
        }

        return button;
    }

    /// <summary>A menu to pick one choice from: a <c>static_select</c>, within Slack's limits (a placeholder of 150 characters, an option's text of 75 and value of 150).</summary>
    private static JsonObject StaticSelect(ReplyAction action) => new()
    {
        ["type"] = "static_select",
        ["action_id"] = action.Id,
        ["placeholder"] = PlainText(DisplayText.Truncate(SlackText.Plain(action.Label), PlaceholderLimit)),
        ["options"] = new JsonArray([.. action.Options.Select(option => (JsonNode)new JsonObject
        {
            ["text"] = PlainText(DisplayText.Truncate(SlackText.Plain(option.Label), ButtonTextLimit)),
            ["value"] = option.Value,
        })]),
    };

    private const int PlaceholderLimit = 150;
    private const int MaxActionElements = 25;
    private const int ButtonTextLimit = 75;

    private static JsonObject TextMessage(string mrkdwn) => new()
    {
        ["text"] = mrkdwn,
    };

    private static JsonObject RenderSuggestions(SuggestionsReply reply, string? privateHint = null)
    {
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = PlainText(DisplayText.Truncate(SlackText.Plain(reply.Heading), HeaderLimit)),
            },
        };
        foreach (var item in reply.Items)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["text"] = Mrkdwn(SuggestionSection(item)),
            });
        }

        var hint = privateHint ?? (reply.Items.Count == 1
            ? "React with :one: if you like it, or :thumbsdown: if it doesn't fit."
            : $"React with :one:–:{NumberReactions[reply.Items.Count - 1]}: on the ones you like, or :thumbsdown: if none fit.");
        var context = new JsonArray { Mrkdwn(hint) };
        if (reply.Notes.Count > 0)
        {
            // One element for every note: a context block takes at most ten.
            context.Add(Mrkdwn(DisplayText.Truncate(string.Join(' ', reply.Notes.Select(SlackText.Escape)), SectionLimit)));
        }

        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = context });
        var text = Fallback(reply, FallbackLimit - (privateHint is null ? 0 : privateHint.Length + 1));
        return new JsonObject
        {
            ["text"] = privateHint is null ? text : $"{text}\n{privateHint}",
            ["blocks"] = blocks,
        };
    }

    /// <summary>
    /// One suggestion's section: its number, its title linking to its IMDb page, its explanation and its premise, cut
    /// to Slack's limit for a text object in <see cref="SuggestionTexts.FitInto"/>'s order.
    /// </summary>
    private static string SuggestionSection(Suggestion item)
    {
        var texts = new SuggestionTexts(
            Titles: [SlackText.LinkText(item.Show.Title)],
            Genres: [SlackText.Escape(string.Join(", ", item.Show.Genres))],
            Explanations: [SlackText.Escape(item.Explanation)],
            Premises: [SlackText.Escape(item.Premise)]);
        string Compose(SuggestionTexts t)
        {
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{item.Number}.* *{Link(item, t.Titles[0])}*{Years(item.Show)}");
            line.Append(t.Genres[0].Length > 0 ? " · " + t.Genres[0] : "");
            line.Append(t.Explanations[0].Length > 0 ? $"\n_{t.Explanations[0]}_" : "");
            line.Append(t.Premises[0].Length > 0 ? "\n" + t.Premises[0] : "");
            return line.ToString();
        }

        return Compose(texts.FitInto(SectionLimit, t => Compose(t).Length));
    }

    /// <summary>What notifications and screen readers show: the heading, then each number and linked title, titles cut to fit <paramref name="limit"/>.</summary>
    private static string Fallback(SuggestionsReply reply, int limit)
    {
        var heading = DisplayText.Truncate(SlackText.Escape(reply.Heading), HeaderLimit) + ":";
        IReadOnlyList<string> titles = [.. reply.Items.Select(i => SlackText.LinkText(i.Show.Title))];
        string Compose() => heading + string.Concat(reply.Items.Select((item, n) => $" {item.Number}. {Link(item, titles[n])}{Years(item.Show)};")).TrimEnd(';');

        titles = DisplayText.Shorten(titles, Compose().Length - limit, SuggestionTexts.ShortTitle);
        return Compose();
    }

    private static string Link(Suggestion item, string linkText) => item.ImdbPage is { } page ? $"<{page.AbsoluteUri}|{linkText}>" : linkText;

    private static string DidYouMeanText(DidYouMeanReply reply)
    {
        var text = new StringBuilder();
        foreach (var title in reply.Titles)
        {
            var typed = DisplayText.Truncate(SlackText.Escape(title.Typed), 81);
            text.Append(CultureInfo.InvariantCulture, $"I couldn't place \"{typed}\".");
            text.Append(title.Candidates.Count == 0 ? " Try another spelling or the IMDb id (tt…).\n" : " Did you mean:\n");
            foreach (var candidate in title.Offered)
            {
                text.Append(CultureInfo.InvariantCulture, $"• {Describe(candidate)} `{candidate.Id}`\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string HelpText(HelpReply help)
    {
        static string Line(HelpLine line) => $"• `{line.Usage}`: {line.Summary}";
        var text = new StringBuilder("*ShowBot* suggests TV shows like the ones you name.\n");
        text.AppendJoin('\n', help.Lines.Where(l => !l.AdminOnly).Select(Line));
        text.Append("\nReact to a suggestion list with :one:, :two:, … on the ones you like, :thumbsdown: if none fit, or press a suggestion's 👍 / 👎 (\"not for me\") button: it rates for whoever presses it.");
        if (help.Lines.Any(l => l.AdminOnly))
        {
            text.Append("\nAdmins only:\n").AppendJoin('\n', help.Lines.Where(l => l.AdminOnly).Select(Line));
        }

        return text.ToString();
    }

    private static string LikesText(LikesReply reply)
    {
        if (reply.Liked.Count == 0 && reply.Disliked.Count == 0)
        {
            return "You haven't rated anything yet. Try `/recommend` with shows you like.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*You like ({reply.Liked.Count}):*\n");
        foreach (var show in reply.Liked)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {Describe(show)}\n");
        }

        if (reply.Disliked.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"*You don't like ({reply.Disliked.Count}):*\n");
            foreach (var show in reply.Disliked)
            {
                text.Append(CultureInfo.InvariantCulture, $"• {Describe(show)}\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Describe(Show show) => SlackText.Escape(show.Title) + Years(show) + Genres(show);

    private static string Years(Show show) => show.Years.Length > 0 ? $" ({show.Years})" : "";

    private static string Genres(Show show) => show.Genres.Count > 0 ? " · " + SlackText.Escape(string.Join(", ", show.Genres)) : "";

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
