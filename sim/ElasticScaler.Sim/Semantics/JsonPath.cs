using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Semantics;

/// <summary>Dotted paths (".spec.replicas" or "spec.replicas") into JSON objects: read, write, render.</summary>
public static class JsonPath
{
    public static string[] Split(string path) => path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);

    public static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var part in Split(path))
        {
            if (node is not JsonObject o)
                return null;
            node = o[part];
        }
        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = Split(path);
        var o = root;
        foreach (var part in parts[..^1])
        {
            if (o[part] is not JsonObject next)
                o[part] = next = new JsonObject();
            o = next;
        }
        o[parts[^1]] = value;
    }

    /// <summary>A field value as the field-selector and table code sees it ("" when missing).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };

    /// <summary>An integral JSON number as a long, whether parsed from text or built in-process from an int or long.</summary>
    public static long? Long(JsonNode? node) => node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
        ? v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<int>(out var i) ? i
        : v.TryGetValue<double>(out var d) && Math.Abs(d % 1) < double.Epsilon ? (long)d
        : v.TryGetValue<decimal>(out var m) && m % 1 == 0 ? (long)m
        : null
        : null;

    /// <summary>A metav1.Time at seconds precision ("2026-11-24T20:10:37Z").</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A metav1.MicroTime ("2026-11-24T20:15:23.249290Z").</summary>
    public static string MicroTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) &&
        DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;
}
