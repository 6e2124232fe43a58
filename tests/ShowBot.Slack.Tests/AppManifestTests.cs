using System.Text.Json;
using System.Text.Json.Nodes;

using Json.Schema;

namespace ShowBot.Slack.Tests;

/// <summary>The app manifest against Slack's manifest schema (draft-07), vendored in tests/Specs/slack.</summary>
public sealed class AppManifestTests
{
    private static readonly PublishedSchema Schema = PublishedSchema.Load("Specs/slack/manifest.schema.2.0.0.json", Dialect.Draft07);
    private static readonly JsonNode Manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(FindRepositoryRoot(), "config", "slack-app-manifest.json")))!;

    [Fact]
    public void The_manifest_passes_slacks_manifest_schema()
    {
        Assert.Empty(Violations(Manifest));
    }

    [Fact]
    public void The_checker_tells_slacks_own_valid_and_invalid_examples_apart()
    {
        Assert.Empty(Violations(Example("manifest.valid.example.json")));
        Assert.NotEmpty(Violations(Example("manifest.invalid.example.json")));
    }

    [Fact]
    public void The_checker_catches_a_broken_command_and_an_unknown_setting_in_the_manifest()
    {
        var broken = Manifest.DeepClone();
        broken["features"]!["slash_commands"]![0]!["command"] = "recommend";
        broken["settings"]!["socket_mode"] = true;

        var errors = Violations(broken);

        Assert.Contains(errors, e => e.StartsWith("#/features/slash_commands/0/command pattern:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("#/settings/socket_mode ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checker_catches_a_missing_required_field_and_a_wrong_type()
    {
        var withoutDisplay = Manifest.DeepClone();
        withoutDisplay.AsObject().Remove("display_information");
        var numericName = Manifest.DeepClone();
        numericName["display_information"]!["name"] = 5;

        Assert.Contains(Violations(withoutDisplay), e => e.StartsWith("# required:", StringComparison.Ordinal) && e.Contains("display_information", StringComparison.Ordinal));
        Assert.Contains(Violations(numericName), e => e.StartsWith("#/display_information/name type:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_manifest_asks_for_exactly_what_the_adapter_uses()
    {
        Assert.Equal(["commands", "chat:write", "reactions:read", "reactions:write"], Strings(Manifest["oauth_config"]!["scopes"]!["bot"]!));
        Assert.Equal(["reaction_added", "reaction_removed"], Strings(Manifest["settings"]!["event_subscriptions"]!["bot_events"]!));
        Assert.True(Manifest["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
        Assert.True(Manifest["settings"]!["interactivity"]!["is_enabled"]!.GetValue<bool>());
        Assert.Equal(["/recommend", "/together", "/showbot"], Manifest["features"]!["slash_commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>()));
        // Escaped, Slack sends a mention as <@U123|name>, so /together can name the people it reads.
        Assert.True(Manifest["features"]!["slash_commands"]![1]!["should_escape"]!.GetValue<bool>());
    }

    private static IReadOnlyList<string> Violations(JsonNode manifest) => Schema.Violations(JsonSerializer.SerializeToElement(manifest));

    private static JsonNode Example(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "slack", name)))!;

    private static string[] Strings(JsonNode array) => array.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    private static string FindRepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ShowBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("ShowBot.sln not found above the test folder.");
    }
}
