using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// Structural-schema handling of custom resources: defaults, pruning of unknown fields (or a strict-decoding error),
/// and validation of types, required, enum, ranges, lengths, patterns and item counts, with kube-openapi's messages.
/// </summary>
public static class CrdSchema
{
    public static List<FieldCause> ValidateAndDefault(ResourceType t, JsonObject obj, string fieldValidation)
    {
        var causes = new List<FieldCause>();
        if (t.Schema is not JsonObject schema)
            return causes;
        var unknown = new List<string>();
        foreach (var (key, value) in obj.ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
                continue;
            var prop = schema["properties"]?[key] as JsonObject;
            if (prop is null)
            {
                if (!Preserves(schema))
                {
                    unknown.Add(key);
                    obj.Remove(key);
                }
                continue;
            }
            Default(prop, value);
            Check(prop, obj[key], key, causes, unknown);
        }
        if (schema["properties"] is JsonObject top)
            foreach (var (key, prop) in top)
                if (key is not ("apiVersion" or "kind" or "metadata") && obj[key] is null && prop?["default"] is { } d)
                {
                    obj[key] = d.DeepClone();
                    Default((JsonObject)prop, obj[key]);
                }
        if (unknown.Count > 0 && fieldValidation == "Strict")
            throw ApiException.BadRequest(
                $"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}: strict decoding error: " +
                string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        return causes;
    }

    private static bool Preserves(JsonNode? schema) => (bool?)schema?["x-kubernetes-preserve-unknown-fields"] == true;

    /// <summary>Fills missing properties that declare a default, depth first.</summary>
    private static void Default(JsonObject schema, JsonNode? value)
    {
        if (value is JsonObject o && schema["properties"] is JsonObject props)
        {
            foreach (var (key, prop) in props)
            {
                if (prop is not JsonObject p)
                    continue;
                if (o[key] is null && p["default"] is { } d)
                    o[key] = d.DeepClone();
                Default(p, o[key]);
            }
        }
        else if (value is JsonArray a && schema["items"] is JsonObject items)
            foreach (var item in a)
                Default(items, item);
    }

    private static void Check(JsonObject schema, JsonNode? value, string path, List<FieldCause> causes, List<string> unknown)
    {
        if (value is null)
        {
            if ((bool?)schema["nullable"] != true)
                causes.Add(FieldCause.Invalid(path, "null", $"{path} in body must be of type {(string?)schema["type"] ?? "object"}: \"null\""));
            return;
        }
        var type = (string?)schema["type"];
        var actual = TypeName(value);
        var intOrString = (bool?)schema["x-kubernetes-int-or-string"] == true;
        if (intOrString ? actual is not ("integer" or "string") : type is not null && !Compatible(type, actual))
        {
            causes.Add(new FieldCause(path, "FieldValueTypeInvalid", $"Invalid value: \"{actual}\": {path} in body must be of type {type}: \"{actual}\""));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            causes.Add(FieldCause.NotSupported(path, value, allowed.Select(JsonPath.Text)));
        if (value is JsonValue v && Number(v) is { } number)
            Range(schema, number, value, path, causes);
        if (value is JsonValue sv && sv.TryGetValue<string>(out var s))
        {
            if ((long?)schema["minLength"] is { } min && s.Length < min)
                causes.Add(FieldCause.Invalid(path, s, $"{path} in body should be at least {min} chars long"));
            if ((long?)schema["maxLength"] is { } max && s.Length > max)
                causes.Add(new FieldCause(path, "FieldValueTooLong", $"Too long: may not be more than {max} bytes"));
            if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                causes.Add(FieldCause.Invalid(path, s, $"{path} in body should match '{pattern}'"));
        }
        if (value is JsonArray arr)
        {
            if ((long?)schema["minItems"] is { } minItems && arr.Count < minItems)
                causes.Add(FieldCause.Invalid(path, arr.Count, $"{path} in body should have at least {minItems} items"));
            if ((long?)schema["maxItems"] is { } maxItems && arr.Count > maxItems)
                causes.Add(new FieldCause(path, "FieldValueTooMany", $"Too many: {arr.Count}: must have at most {maxItems} items"));
            if (schema["items"] is JsonObject items)
                for (var i = 0; i < arr.Count; i++)
                    Check(items, arr[i], $"{path}[{i}]", causes, unknown);
        }
        if (schema["x-kubernetes-validations"] is JsonArray rules)
            foreach (var rule in rules.OfType<JsonObject>())
                if ((string?)rule["rule"] is { } expression && CelLite.TryEvaluate(expression, value) == false)
                    causes.Add(FieldCause.Invalid(path, TypeName(value), (string?)rule["message"] ?? $"failed rule: {expression}"));
        if (value is JsonObject obj)
        {
            if (schema["required"] is JsonArray required)
                foreach (var r in required.Select(JsonPath.Text))
                    if (!obj.ContainsKey(r))
                        causes.Add(FieldCause.Required($"{path}.{r}"));
            var props = schema["properties"] as JsonObject;
            var additional = schema["additionalProperties"] as JsonObject;
            foreach (var (key, child) in obj.ToList())
            {
                var childSchema = props?[key] as JsonObject ?? additional;
                if (childSchema is null)
                {
                    if (!Preserves(schema) && props is not null)
                    {
                        unknown.Add($"{path}.{key}");
                        obj.Remove(key);
                    }
                    continue;
                }
                Check(childSchema, child, $"{path}.{key}", causes, unknown);
            }
        }
    }

    private static void Range(JsonObject schema, double n, JsonNode value, string path, List<FieldCause> causes)
    {
        var exMin = (bool?)schema["exclusiveMinimum"] == true;
        var exMax = (bool?)schema["exclusiveMaximum"] == true;
        if (schema["minimum"] is JsonValue minV && Number(minV) is { } min && (exMin ? n <= min : n < min))
            causes.Add(FieldCause.Invalid(path, value, $"{path} in body should be greater than {(exMin ? "" : "or equal to ")}{JsonPath.Text(minV)}"));
        if (schema["maximum"] is JsonValue maxV && Number(maxV) is { } max && (exMax ? n >= max : n > max))
            causes.Add(FieldCause.Invalid(path, value, $"{path} in body should be less than {(exMax ? "" : "or equal to ")}{JsonPath.Text(maxV)}"));
    }

    /// <summary>A JSON number as a double, whether it came from parsed text or from a CLR long/int/double.</summary>
    private static double? Number(JsonValue v) =>
        v.GetValueKind() != JsonValueKind.Number ? null
        : v.TryGetValue<double>(out var d) ? d
        : v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<int>(out var i) ? i
        : v.TryGetValue<decimal>(out var m) ? (double)m
        : null;

    private static bool Compatible(string expected, string actual) =>
        expected == actual || (expected == "number" && actual == "integer");

    private static string TypeName(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => v.TryGetValue<long>(out _) || IsIntegral(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool IsIntegral(JsonValue v) => Number(v) is { } d && Math.Abs(d % 1) < double.Epsilon && Math.Abs(d) < 9e15;
}
