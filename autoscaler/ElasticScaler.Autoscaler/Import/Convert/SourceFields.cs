using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// Reads the fields of a source object (as JSON, the way the API serves it), collecting every problem as
/// "path: value: why" so a malformed object is reported whole. YAML numbers arrive as numbers, but KEDA's
/// metadata values are strings, so <see cref="IntText"/> reads either.
/// </summary>
public sealed class SourceFields
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public void Problem(string path, string why) => Add($"{path}: {why}");

    /// <summary>A problem already worded "path: value: why" (Core's mapping words them so); the same one twice is kept once.</summary>
    public void Add(string problem)
    {
        if (!_problems.Contains(problem)) _problems.Add(problem);
    }

    public void Problem(string path, JsonNode? value, string why) => Add($"{path}: {Show(value)}: {why}");

    /// <summary>The node's text when it is a JSON string, else null; for reading fields that only steer, never throwing.</summary>
    public static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static string Show(JsonNode? value)
    {
        var raw = value?.ToJsonString() ?? "null";
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }

    public JsonObject? Object(JsonObject? parent, string name, string path, bool required = false)
    {
        var v = parent?[name];
        if (v is null)
        {
            if (required) Problem(path, "required");
            return null;
        }
        if (v is JsonObject o) return o;
        Problem(path, v, "must be an object");
        return null;
    }

    public JsonArray? Array(JsonObject? parent, string name, string path, bool required = false)
    {
        var v = parent?[name];
        if (v is null)
        {
            if (required) Problem(path, "required");
            return null;
        }
        if (v is JsonArray a) return a;
        Problem(path, v, "must be a list");
        return null;
    }

    public string? String(JsonObject? parent, string name, string path, bool required = false)
    {
        var v = parent?[name];
        if (v is null)
        {
            if (required) Problem(path, "required");
            return null;
        }
        if (v is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var s = value.GetValue<string>();
            if (required && s.Length == 0) Problem(path, "\"\": must not be empty");
            return s;
        }
        Problem(path, v, "must be a string");
        return null;
    }

    /// <summary>A list item that must be a non-empty string.</summary>
    public string? StringItem(JsonNode? item, string path)
    {
        if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } s) return s;
        Problem(path, item, "must be a non-empty string");
        return null;
    }

    /// <summary>A JSON integer (int32).</summary>
    public int? Int(JsonObject? parent, string name, string path, bool required = false)
    {
        var v = parent?[name];
        if (v is null)
        {
            if (required) Problem(path, "required");
            return null;
        }
        // A value made from YAML holds a long, one parsed from JSON a JsonElement; GetValue<decimal> reads both.
        if (v is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            var x = decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (x == decimal.Truncate(x) && x is >= int.MinValue and <= int.MaxValue) return (int)x;
        }
        Problem(path, v, "must be an integer");
        return null;
    }

    /// <summary>An integer written as a number or as a string ("10"), as KEDA's trigger metadata holds them.</summary>
    public int? IntText(JsonObject? parent, string name, string path, bool required = false)
    {
        var v = parent?[name];
        if (v is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var s = value.GetValue<string>().Trim();
            if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
            Problem(path, v, "must be a whole number");
            return null;
        }
        return Int(parent, name, path, required);
    }

    /// <summary>A value written as a string or a bare number (KEDA's thresholds), as text.</summary>
    public string? Text(JsonObject? parent, string name, string path, bool required = false)
    {
        var v = parent?[name];
        if (v is JsonValue value && value.GetValueKind() == JsonValueKind.Number) return value.ToJsonString();
        if (v is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return b.ToJsonString();
        return String(parent, name, path, required);
    }

    public bool? Bool(JsonObject? parent, string name, string path)
    {
        var v = parent?[name];
        if (v is null) return null;
        if (v is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return value.GetValue<bool>();
        if (v is JsonValue s && s.GetValueKind() == JsonValueKind.String && bool.TryParse(s.GetValue<string>(), out var parsed)) return parsed;
        Problem(path, v, "must be true or false");
        return null;
    }

    /// <summary>metadata.name and metadata.namespace; the name is required.</summary>
    public (string? Name, string? Namespace) Identity(JsonObject obj)
    {
        var meta = Object(obj, "metadata", "metadata", required: true);
        var name = meta is null ? null : String(meta, "name", "metadata.name", required: true);
        var ns = meta is null ? null : String(meta, "namespace", "metadata.namespace");
        return (name, string.IsNullOrEmpty(ns) ? null : ns);
    }

    /// <summary>metadata.annotations as strings (a non-string value is a problem).</summary>
    public IReadOnlyDictionary<string, string> Annotations(JsonObject obj)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Object(obj["metadata"] as JsonObject, "annotations", "metadata.annotations") is not { } annotations) return result;
        foreach (var (key, value) in annotations)
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String) result[key] = v.GetValue<string>();
            else Problem($"metadata.annotations[{key}]", value, "must be a string");
        }
        return result;
    }
}
