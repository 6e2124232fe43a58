using System.Text.Json;
using System.Text.RegularExpressions;

namespace ShowBot.Discord.Tests.Fakes;

/// <summary>
/// Checks request bodies against Discord's official OpenAPI spec (<c>../shared/specs/discord-api-spec/openapi.json</c>):
/// the subset of JSON Schema the spec uses (type, properties, required, lengths, item counts, enum/const, ranges,
/// oneOf/anyOf/allOf, $ref). Integer fields accept int-like strings, which the API takes and the spec's README notes.
/// </summary>
public sealed class OpenApiSchema
{
    private readonly JsonElement root;

    private OpenApiSchema(JsonElement root) => this.root = root;

    public static string SpecPath => Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "specs", "discord-api-spec", "openapi.json"));

    public static OpenApiSchema? TryLoad() =>
        File.Exists(SpecPath) ? new OpenApiSchema(JsonDocument.Parse(File.ReadAllText(SpecPath)).RootElement) : null;

    /// <summary>The request body schema of the spec's operation for this method and concrete path, or null when the route is not in the spec.</summary>
    public JsonElement? RequestSchema(string method, string path)
    {
        foreach (var route in root.GetProperty("paths").EnumerateObject())
        {
            var pattern = "^/api/v10" + Regex.Replace(Regex.Escape(route.Name), @"\\\{[a-z_]+}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern)
                && route.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                return operation.TryGetProperty("requestBody", out var body)
                    ? body.GetProperty("content").GetProperty("application/json").GetProperty("schema")
                    : default(JsonElement);
            }
        }

        return null;
    }

    /// <summary>Where <paramref name="value"/> breaks <paramref name="schema"/>, as JSON paths with reasons; empty when it conforms.</summary>
    public List<string> Violations(JsonElement schema, JsonElement value, string at = "$")
    {
        var errors = new List<string>();
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return errors;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Violations(Resolve(reference.GetString()!), value, at);
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{at}: {value.ValueKind} is not {type}");
            return errors;
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var branches) && !branches.EnumerateArray().Any(b => Violations(b, value, at).Count == 0))
            {
                errors.Add($"{at}: matches none of {keyword}: " + string.Join(" | ", branches.EnumerateArray().Select(b => string.Join("; ", Violations(b, value, at)))));
            }
        }

        if (schema.TryGetProperty("allOf", out var all))
        {
            errors.AddRange(all.EnumerateArray().SelectMany(b => Violations(b, value, at)));
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, value))
        {
            errors.Add($"{at}: {value} is not {constant}");
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(c => JsonEquals(c, value)))
        {
            errors.Add($"{at}: {value} is not one of {choices}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var length = value.GetString()!.Length;
                if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
                {
                    errors.Add($"{at}: length {length} > {max}");
                }

                if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
                {
                    errors.Add($"{at}: length {length} < {min}");
                }

                break;
            case JsonValueKind.Number:
                if (schema.TryGetProperty("maximum", out var maximum) && value.GetDouble() > maximum.GetDouble())
                {
                    errors.Add($"{at}: {value} > {maximum}");
                }

                if (schema.TryGetProperty("minimum", out var minimum) && value.GetDouble() < minimum.GetDouble())
                {
                    errors.Add($"{at}: {value} < {minimum}");
                }

                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
                {
                    errors.Add($"{at}: {count} items > {maxItems}");
                }

                if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
                {
                    errors.Add($"{at}: {count} items < {minItems}");
                }

                if (schema.TryGetProperty("items", out var items))
                {
                    errors.AddRange(value.EnumerateArray().SelectMany((item, i) => Violations(items, item, $"{at}[{i}]")));
                }

                break;
            case JsonValueKind.Object:
                if (schema.TryGetProperty("required", out var required))
                {
                    errors.AddRange(required.EnumerateArray().Where(r => !value.TryGetProperty(r.GetString()!, out _)).Select(r => $"{at}: missing {r}"));
                }

                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in value.EnumerateObject())
                    {
                        if (properties.TryGetProperty(property.Name, out var propertySchema))
                        {
                            errors.AddRange(Violations(propertySchema, property.Value, $"{at}.{property.Name}"));
                        }
                    }
                }

                break;
        }

        return errors;
    }

    private JsonElement Resolve(string reference)
    {
        var node = root;
        foreach (var part in reference.TrimStart('#', '/').Split('/'))
        {
            node = node.GetProperty(part);
        }

        return node;
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => TypeMatches(t.GetString()!, value)) : TypeMatches(type.GetString()!, value);

    private static bool TypeMatches(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _))
            || (value.ValueKind == JsonValueKind.String && value.GetString()!.All(char.IsAsciiDigit)),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static bool JsonEquals(JsonElement a, JsonElement b) => a.GetRawText() == b.GetRawText();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ShowBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("ShowBot.sln not found above the test binaries.");
    }
}
