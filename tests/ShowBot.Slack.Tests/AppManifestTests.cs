using System.Text.Json.Nodes;

using ShowBot.Slack.Tests.Fakes;

namespace ShowBot.Slack.Tests;

public sealed class AppManifestTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string SchemaFolder = Path.Combine(RepositoryRoot, "..", "shared", "specs", "slack-manifest-schema");
    private static readonly JsonNode Manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "config", "slack-app-manifest.json")))!;

    [SkippableSchemaFact]
    public void The_manifest_passes_slacks_manifest_schema()
    {
        var errors = JsonSchemaCheck.Errors(Schema(), Manifest);

        Assert.Empty(errors);
    }

    [SkippableSchemaFact]
    public void The_checker_tells_slacks_own_valid_and_invalid_examples_apart()
    {
        var schema = Schema();

        Assert.Empty(JsonSchemaCheck.Errors(schema, Example("manifest.valid.example.json")));
        Assert.NotEmpty(JsonSchemaCheck.Errors(schema, Example("manifest.invalid.example.json")));
    }

    [SkippableSchemaFact]
    public void The_checker_catches_a_broken_command_and_an_unknown_setting_in_the_manifest()
    {
        var broken = Manifest.DeepClone();
        broken["features"]!["slash_commands"]![0]!["command"] = "recommend";
        broken["settings"]!["socket_mode"] = true;

        var errors = JsonSchemaCheck.Errors(Schema(), broken);

        Assert.Contains("$.features.slash_commands[0].command: pattern \"^\\\\/\"", errors);
        Assert.Contains("$.settings.socket_mode: not allowed", errors);
    }

    [Fact]
    public void The_manifest_asks_for_exactly_what_the_adapter_uses()
    {
        Assert.Equal(["commands", "chat:write", "reactions:read", "reactions:write"], Strings(Manifest["oauth_config"]!["scopes"]!["bot"]!));
        Assert.Equal(["reaction_added", "reaction_removed"], Strings(Manifest["settings"]!["event_subscriptions"]!["bot_events"]!));
        Assert.True(Manifest["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
        Assert.Equal(["/recommend", "/showbot"], Manifest["features"]!["slash_commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>()));
    }

    private static JsonNode Schema() => JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, "manifest.schema.2.0.0.json")))!;

    private static JsonNode Example(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, name)))!;

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

    /// <summary>Skips (with the reason) when Slack's schema is not beside the repository, as on a clone without ../shared.</summary>
    private sealed class SkippableSchemaFactAttribute : FactAttribute
    {
        public SkippableSchemaFactAttribute()
        {
            if (!File.Exists(Path.Combine(SchemaFolder, "manifest.schema.2.0.0.json")))
            {
                Skip = $"Slack's manifest schema is not at {Path.GetFullPath(SchemaFolder)}.";
            }
        }
    }
}
