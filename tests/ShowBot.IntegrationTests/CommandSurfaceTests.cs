using System.Text.Json.Nodes;

using ShowBot.ConsoleChat;
using ShowBot.Core.Commands;
using ShowBot.Discord;
using ShowBot.Discord.Interactions;
using ShowBot.Slack.Inbound;
using ShowBot.Slack.Outbound;

namespace ShowBot.IntegrationTests;

/// <summary>
/// One catalog of commands in Core, three surfaces: every command of <see cref="CommandCatalog"/> (so a command added
/// there) is registered on Discord with an option per parameter and appears, with its help line, in Slack's and the
/// console's help.
/// </summary>
public class CommandSurfaceTests
{
    public static TheoryData<string> Commands => [.. CommandCatalog.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_of_the_catalog_is_on_discord_on_slack_and_in_the_console_with_its_help_line(string name)
    {
        var command = CommandCatalog.Find(name)!;
        var registered = DiscordCommands.All().Select(c => c!.AsObject()).ToList();
        var onDiscord = command.AdminOnly
            ? registered.Single(c => (string)c["name"]! == DiscordCommands.Admin)["options"]!.AsArray().Single(o => (string)o!["name"]! == name)!.AsObject()
            : registered.Single(c => (string)c["name"]! == name);
        var slackHelp = (string)SlackMessageRenderer.Render(CommandHelp.For(SlackCommandRouter.Syntax, forAdmin: true))["text"]!;
        var consoleHelp = ConsoleReplyRenderer.Render(CommandHelp.For(ConsoleCommandLine.Syntax, forAdmin: true));

        Assert.Equal(command.Summary, (string)onDiscord["description"]!);
        var options = (onDiscord["options"] as JsonArray ?? []).Select(o => (string)o!["name"]!).ToList();
        Assert.All(command.Parameters, p => Assert.Contains(p.Kind switch { ParameterKind.Shows => "show", ParameterKind.Members => "member", _ => p.Name }, options));
        Assert.Contains($"`{SlackCommandRouter.Syntax.Invocation(command)}", slackHelp, StringComparison.Ordinal);
        Assert.Contains(command.Summary, slackHelp, StringComparison.Ordinal);
        Assert.Contains(ConsoleCommandLine.Syntax.Usage(command), consoleHelp, StringComparison.Ordinal);
        Assert.Contains(command.Summary, consoleHelp, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_on_discord_and_slack_says_a_list_is_rated_with_reactions_or_its_buttons()
    {
        var discordHelp = (string)DiscordMessages.Render(CommandHelp.For(DiscordCommands.Syntax, forAdmin: false))["content"]!;
        var slackHelp = (string)SlackMessageRenderer.Render(CommandHelp.For(SlackCommandRouter.Syntax, forAdmin: false))["text"]!;

        Assert.All([discordHelp, slackHelp], help =>
        {
            Assert.Contains("React to a suggestion list with", help, StringComparison.Ordinal);
            Assert.Contains("press a suggestion's 👍 / 👎 (\"not for me\") button", help, StringComparison.Ordinal);
        });
    }
}
