using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Cluster;

/// <summary>Small readers and writers for the Kubernetes JSON the controllers touch (labels, conditions, quantities, times).</summary>
public static class K8sJson
{
    public static string Name(JsonObject o) => (string?)o["metadata"]?["name"] ?? "";
    public static string Namespace(JsonObject o) => (string?)o["metadata"]?["namespace"] ?? "";
    public static string Uid(JsonObject o) => (string?)o["metadata"]?["uid"] ?? "";
    public static bool Deleting(JsonObject o) => o["metadata"]?["deletionTimestamp"] is not null;

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject m
            ? m.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string> Labels(JsonObject o) => StringMap(o["metadata"]?["labels"]);
    public static IReadOnlyDictionary<string, string> Annotations(JsonObject o) => StringMap(o["metadata"]?["annotations"]);

    public static DateTimeOffset? Time(JsonNode? node) =>
        (string?)node is { Length: > 0 } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static string Stamp(DateTimeOffset t) => JsonPath.Time(t);

    public static long Millis(JsonNode? node, string field) => node is null ? 0 : Quantity.ParseMillis(JsonPath.Text(node), field);
    public static long Bytes(JsonNode? node, string field) => node is null ? 0 : Quantity.ParseBytes(JsonPath.Text(node), field);

    public static int Int(JsonNode? node, int fallback) => node switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) => (int)l,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out var p) => p,
        _ => fallback,
    };

    /// <summary>The condition of a type in status.conditions, or null.</summary>
    public static JsonObject? Condition(JsonObject o, string type) => o["status"] is JsonObject status ? ConditionIn(status, type) : null;

    /// <summary>The condition of a type in a status object's conditions, or null.</summary>
    public static JsonObject? ConditionIn(JsonObject status, string type) =>
        (status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    /// <summary>
    /// Sets a condition; lastTransitionTime changes only when the status changes (as every controller does); extra
    /// timestamps (lastProbeTime, lastUpdateTime) are written only when status, reason or message change.
    /// </summary>
    public static void SetCondition(JsonObject status, string type, string value, string? reason, string? message, DateTimeOffset now,
        IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        if (status["conditions"] is not JsonArray list)
            status["conditions"] = list = [];
        var existing = list.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        // An unchanged condition keeps all its timestamps, so a steady state writes nothing.
        if (existing is not null && (string?)existing["status"] == value && (string?)existing["reason"] == reason && (string?)existing["message"] == message)
            return;
        var transition = existing is not null && (string?)existing["status"] == value ? existing["lastTransitionTime"]?.DeepClone() : Stamp(now);
        var c = new JsonObject { ["type"] = type, ["status"] = value };
        if (extra is not null)
            foreach (var (k, v) in extra)
                c[k] = v?.DeepClone();
        c["lastTransitionTime"] = transition;
        if (reason is not null)
            c["reason"] = reason;
        if (message is not null)
            c["message"] = message;
        if (existing is null)
            list.Add(c);
        else
            list[list.IndexOf(existing)] = c;
    }

    public static bool IsTrue(JsonObject o, string conditionType) => (string?)Condition(o, conditionType)?["status"] == "True";
}
