using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Json.Schema;

namespace ShowBot.Discord.Tests.Fakes;

/// <summary>
/// Checks request bodies against the slice of Discord's official OpenAPI spec vendored in tests/Specs/discord (the
/// operations ShowBot calls and the schemas they reach). OpenAPI 3.1 schemas are JSON Schema 2020-12. Discord's API
/// takes an integer as a string of digits too (permissions such as <c>default_member_permissions</c> are sent so, as
/// its docs say), which the spec's integer types leave out: such a string passes where an integer may stand.
/// </summary>
public sealed class OpenApiSchema
{
    private const string SlicePath = "Specs/discord/openapi.slice.json";

    private static readonly Lazy<OpenApiSchema> Slice = new(() => new OpenApiSchema());

    private readonly PublishedSchema schema = PublishedSchema.Load(SlicePath, Dialect.Draft202012, AcceptDigitStringsAsIntegers);
    private readonly List<string> routes;

    private OpenApiSchema()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, SlicePath)));
        routes = [.. spec.RootElement.GetProperty("paths").EnumerateObject().Select(route => route.Name)];
    }

    public static OpenApiSchema Load() => Slice.Value;

    /// <summary>
    /// Where <paramref name="body"/> breaks the request body schema of the spec's operation for this method and
    /// concrete path (e.g. <c>/api/v10/webhooks/1/t/messages/@original</c>); empty when it conforms.
    /// </summary>
    /// <exception cref="InvalidOperationException">The operation is not in the slice.</exception>
    public IReadOnlyList<string> Violations(string method, string path, JsonElement body)
    {
        var route = routes.FirstOrDefault(route => Regex.IsMatch(path, "^/api/v10" + Regex.Replace(Regex.Escape(route), @"\\\{[a-z_]+}", "[^/]+") + "$"))
            ?? throw new InvalidOperationException($"{method} {path} is not in {SlicePath}; add its operation to tests/Specs/slice_discord_spec.py.");
        return schema.Violations(["paths", route, method.ToLowerInvariant(), "requestBody", "content", "application/json", "schema"], body);
    }

    private static void AcceptDigitStringsAsIntegers(JsonNode node)
    {
        if (node is JsonObject schema
            && schema["type"] is JsonValue or JsonArray
            && TypeNames(schema["type"]!) is var types
            && types.Contains("integer")
            && !schema.ContainsKey("pattern"))
        {
            schema["type"] = new JsonArray([.. types.Append("string").Select(name => JsonValue.Create(name))]);
            schema["pattern"] = "^-?[0-9]+$";
        }

        var children = node switch
        {
            JsonObject obj => obj.Select(property => property.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().ToList())
        {
            AcceptDigitStringsAsIntegers(child);
        }
    }

    private static List<string> TypeNames(JsonNode type) =>
        type is JsonArray names ? [.. names.Select(name => name!.GetValue<string>())] : [type.GetValue<string>()];
}
