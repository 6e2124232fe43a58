using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ShowBot.Slack.Tests.Fakes;

/// <summary>
/// A JSON Schema draft-07 checker for the keywords Slack's manifest schema uses: <c>$ref</c> (local
/// <c>#/definitions/…</c>), <c>type</c>, <c>enum</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c>,
/// <c>patternProperties</c>, <c>minProperties</c>/<c>maxProperties</c>, <c>items</c>, <c>minItems</c>/<c>maxItems</c>,
/// <c>uniqueItems</c>, <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>, <c>anyOf</c>. It does not check
/// <c>format</c> (an annotation in draft-07 unless a validator opts in) nor Slack's non-standard <c>regex</c>; any other
/// keyword met in the schema fails the check, so nothing is silently skipped.
/// </summary>
internal static class JsonSchemaCheck
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "default", "examples", "format", "regex", "_note", "definitions"];

    public static IReadOnlyList<string> Errors(JsonNode schemaRoot, JsonNode? instance)
    {
        ArgumentNullException.ThrowIfNull(schemaRoot);
        var errors = new List<string>();
        Check(schemaRoot, schemaRoot, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonNode root, JsonNode schemaNode, JsonNode? instance, string path, List<string> errors)
    {
        if (schemaNode is JsonValue boolean && boolean.TryGetValue<bool>(out var allowed))
        {
            if (!allowed)
            {
                errors.Add($"{path}: not allowed");
            }

            return;
        }

        var schema = schemaNode.AsObject();
        foreach (var (keyword, value) in schema)
        {
            switch (keyword)
            {
                case "$ref":
                    var target = value!.GetValue<string>();
                    Check(root, Resolve(root, target), instance, path, errors);
                    break;
                case "type":
                    var types = value is JsonArray list ? list.Select(t => t!.GetValue<string>()).ToList() : [value!.GetValue<string>()];
                    if (!types.Any(t => HasType(instance, t)))
                    {
                        errors.Add($"{path}: expected {string.Join("|", types)}");
                    }

                    break;
                case "enum":
                    if (!value!.AsArray().Any(e => JsonNode.DeepEquals(e, instance)))
                    {
                        errors.Add($"{path}: not one of the allowed values");
                    }

                    break;
                case "anyOf":
                    if (!value!.AsArray().Any(option => Errors(root, option!, instance, path).Count == 0))
                    {
                        errors.Add($"{path}: matches none of anyOf");
                    }

                    break;
                case "properties" or "required" or "additionalProperties" or "patternProperties" or "minProperties" or "maxProperties":
                    if (instance is JsonObject obj)
                    {
                        CheckObject(root, schema, keyword, obj, path, errors);
                    }

                    break;
                case "items" or "minItems" or "maxItems" or "uniqueItems":
                    if (instance is JsonArray array)
                    {
                        CheckArray(root, schema, keyword, array, path, errors);
                    }

                    break;
                case "minLength" or "maxLength" or "pattern":
                    if (instance is JsonValue text && text.TryGetValue<string>(out var s))
                    {
                        CheckString(keyword, value!, s, path, errors);
                    }

                    break;
                default:
                    if (!Annotations.Contains(keyword))
                    {
                        throw new NotSupportedException($"The schema uses '{keyword}' at {path}, which this checker does not implement.");
                    }

                    break;
            }
        }
    }

    private static List<string> Errors(JsonNode root, JsonNode schema, JsonNode? instance, string path)
    {
        var errors = new List<string>();
        Check(root, schema, instance, path, errors);
        return errors;
    }

    private static void CheckObject(JsonNode root, JsonObject schema, string keyword, JsonObject obj, string path, List<string> errors)
    {
        var properties = schema["properties"]?.AsObject();
        var patterns = schema["patternProperties"]?.AsObject();
        switch (keyword)
        {
            case "properties":
                foreach (var (name, sub) in properties!)
                {
                    if (obj.TryGetPropertyValue(name, out var child))
                    {
                        Check(root, sub!, child, $"{path}.{name}", errors);
                    }
                }

                break;
            case "patternProperties":
                foreach (var (pattern, sub) in patterns!)
                {
                    foreach (var (name, child) in obj.Where(p => Regex.IsMatch(p.Key, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))))
                    {
                        Check(root, sub!, child, $"{path}.{name}", errors);
                    }
                }

                break;
            case "required":
                foreach (var name in schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Where(n => !obj.ContainsKey(n)))
                {
                    errors.Add($"{path}: missing required '{name}'");
                }

                break;
            case "additionalProperties":
                var extra = obj.Where(p => properties?.ContainsKey(p.Key) != true
                    && patterns?.Any(pp => Regex.IsMatch(p.Key, pp.Key, RegexOptions.None, TimeSpan.FromSeconds(1))) != true);
                foreach (var (name, child) in extra)
                {
                    Check(root, schema["additionalProperties"]!, child, $"{path}.{name}", errors);
                }

                break;
            case "minProperties" when obj.Count < schema[keyword]!.GetValue<int>():
            case "maxProperties" when obj.Count > schema[keyword]!.GetValue<int>():
                errors.Add($"{path}: {keyword} {schema[keyword]}");
                break;
        }
    }

    private static void CheckArray(JsonNode root, JsonObject schema, string keyword, JsonArray array, string path, List<string> errors)
    {
        switch (keyword)
        {
            case "items" when schema["items"] is JsonArray tuple:
                for (var i = 0; i < Math.Min(tuple.Count, array.Count); i++)
                {
                    Check(root, tuple[i]!, array[i], $"{path}[{i}]", errors);
                }

                break;
            case "items":
                for (var i = 0; i < array.Count; i++)
                {
                    Check(root, schema["items"]!, array[i], $"{path}[{i}]", errors);
                }

                break;
            case "minItems" when array.Count < schema[keyword]!.GetValue<int>():
            case "maxItems" when array.Count > schema[keyword]!.GetValue<int>():
                errors.Add($"{path}: {keyword} {schema[keyword]}");
                break;
            case "uniqueItems" when schema[keyword]!.GetValue<bool>():
                for (var i = 0; i < array.Count; i++)
                {
                    if (array.Take(i).Any(earlier => JsonNode.DeepEquals(earlier, array[i])))
                    {
                        errors.Add($"{path}[{i}]: duplicate item");
                    }
                }

                break;
        }
    }

    private static void CheckString(string keyword, JsonNode limit, string text, string path, List<string> errors)
    {
        var length = new StringInfo(text).LengthInTextElements;
        var failed = keyword switch
        {
            "minLength" => length < limit.GetValue<int>(),
            "maxLength" => length > limit.GetValue<int>(),
            _ => !Regex.IsMatch(text, limit.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)),
        };
        if (failed)
        {
            errors.Add($"{path}: {keyword} {limit.ToJsonString()}");
        }
    }

    private static bool HasType(JsonNode? instance, string type) => type switch
    {
        "object" => instance is JsonObject,
        "array" => instance is JsonArray,
        "string" => instance is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String,
        "boolean" => instance is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
        "number" => instance is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number,
        "integer" => instance is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d),
        "null" => instance is null,
        _ => throw new NotSupportedException($"type '{type}'"),
    };

    private static JsonNode Resolve(JsonNode root, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local references are supported, not '{reference}'.");
        }

        var node = root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Unresolvable reference '{reference}'.");
        }

        return node;
    }
}
