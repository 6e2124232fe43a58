using ShowBot.Core.Commands;

namespace ShowBot.Core.Chat;

/// <summary>How a control under a reply looks, as far as every platform can tell it.</summary>
public enum ActionStyle
{
    /// <summary>The step the reply suggests.</summary>
    Primary,

    /// <summary>An alternative: leave things as they are, an opinion.</summary>
    Secondary,

    /// <summary>A step that cannot be undone, such as deleting data.</summary>
    Danger,
}

/// <summary>
/// A control under a reply: a button on Discord and Slack, or, with <see cref="Options"/>, a menu to pick one from. Pressing it sends <see cref="Id"/> back, which carries
/// everything needed to act (see <see cref="ChatActions"/>), so a press is understood after a restart too.
/// </summary>
/// <param name="Id">What the press sends back; at most <see cref="ChatActions.MaxIdLength"/> characters.</param>
/// <param name="Label">What the control says.</param>
/// <param name="Style">How it looks.</param>
public sealed record ReplyAction(string Id, string Label, ActionStyle Style)
{
    /// <summary>The command a platform without controls (the console) types instead, when there is one.</summary>
    public TypedAction? Typed { get; init; }

    /// <summary>Begins a new row on a platform that lays controls out in rows (Discord), so related controls line up.</summary>
    public bool StartsRow { get; init; }

    /// <summary>
    /// The choices of a menu (at most 25, Discord's limit), <see cref="Label"/> its placeholder; the picked one's value
    /// comes back with the id. Empty for a button.
    /// </summary>
    public IReadOnlyList<ReplyOption> Options { get; init; } = [];
}

/// <summary>One choice of a menu: what it sends back when picked, and what it says (raw: platforms escape it).</summary>
public sealed record ReplyOption(string Value, string Label);

/// <summary>A command and its arguments as text, typed instead of pressing a control: <c>/forget-me confirm</c>.</summary>
public sealed record TypedAction(ChatCommand Command, string Arguments);
