using System.Text.Json;
using System.Text.Json.Nodes;

using Json.Schema;

namespace ShowBot.TestSupport;

/// <summary>
/// A platform's published schema, vendored under tests/Specs and copied beside the test binaries, checked by
/// JsonSchema.Net. A schema can be the whole document or any subschema of it named by a JSON pointer, such as the
/// request body of one operation in an OpenAPI 3.1 document (whose schemas are JSON Schema 2020-12).
/// </summary>
public sealed class PublishedSchema
{
    private static readonly EvaluationOptions ListEveryError = new() { OutputFormat = OutputFormat.List };

    private readonly BuildOptions options;
    private readonly Uri documentUri;
    private readonly JsonSchema document;

    private PublishedSchema(string relativePath, Dialect dialect, Action<JsonNode>? adapt)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath));
        if (adapt is not null)
        {
            var node = JsonNode.Parse(text)!;
            adapt(node);
            text = node.ToJsonString();
        }

        options = new BuildOptions { Dialect = dialect, SchemaRegistry = new SchemaRegistry() };
        documentUri = new Uri("https://showbot.test/" + relativePath.Replace('\\', '/'));
        document = JsonSchema.FromText(text, options, documentUri);
    }

    /// <summary>
    /// Loads a schema document from its path relative to the test binaries, e.g. <c>Specs/slack/manifest.schema.2.0.0.json</c>;
    /// <paramref name="adapt"/>, when given, corrects the document where the platform is known to differ from it.
    /// </summary>
    public static PublishedSchema Load(string relativePath, Dialect dialect, Action<JsonNode>? adapt = null) => new(relativePath, dialect, adapt);

    /// <summary>Where <paramref name="instance"/> breaks the whole document, one line per error (<c>#/pointer keyword: message</c>); empty when it conforms.</summary>
    public IReadOnlyList<string> Violations(JsonElement instance) => Violations(document, instance);

    /// <summary>Where <paramref name="instance"/> breaks the subschema at the JSON pointer made of <paramref name="tokens"/> (unescaped).</summary>
    public IReadOnlyList<string> Violations(IEnumerable<string> tokens, JsonElement instance)
    {
        var fragment = string.Concat(tokens.Select(token => "/" + Uri.EscapeDataString(token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        var reference = JsonSerializer.Serialize(new Dictionary<string, string> { ["$ref"] = documentUri + "#" + fragment });
        return Violations(JsonSchema.FromText(reference, options, new Uri(documentUri, "ref-" + Guid.NewGuid().ToString("N"))), instance);
    }

    private static List<string> Violations(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, ListEveryError);
        return results.IsValid
            ? []
            : [.. (results.Details ?? [results])
                .Where(detail => detail.Errors is not null)
                .SelectMany(detail => detail.Errors!.Select(error => $"#{detail.InstanceLocation} {error.Key}: {error.Value}"))];
    }
}
