using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// The admin API's custom and external metrics: PUT and DELETE of
/// <c>/sim/metrics/custom/namespaces/{ns}/{resource}/{name}/{metric}</c>, <c>/sim/metrics/custom/{resource}/{name}/{metric}</c>
/// (cluster-scoped; <c>namespaces/{ns}/{metric}</c> is a Namespace's), <c>/sim/metrics/custom/namespaces/{ns}/metrics/{metric}</c>
/// (the same, in the API's own path form) and <c>/sim/metrics/external/namespaces/{ns}/{metric}</c>. Values are stamped now.
/// </summary>
public sealed class MetricsAdmin(MetricsStore metrics, TimeProvider time)
{
    private static readonly string[] CustomFields = ["value", "labels", "windowSeconds"];
    private static readonly string[] ExternalFields = ["series", "windowSeconds"];
    private static readonly string[] SeriesFields = ["labels", "value"];

    /// <summary>The object a custom metrics admin path names (segments after /sim/metrics/custom), or null if it names none.</summary>
    public static (string? Ns, string Resource, string Name, string Metric)? CustomTarget(string[] rest) => rest switch
    {
        ["namespaces", var ns, "metrics", var metric] => (null, "namespaces", ns, metric),
        ["namespaces", var ns, var resource, var name, var metric] => (ns, resource, name, metric),
        [var resource, var name, var metric] => (null, resource, name, metric),
        _ => null,
    };

    /// <summary>PUT: {"value":"42","labels":{"k":"v"},"windowSeconds":60}; answers the value as stored.</summary>
    public JsonObject PutCustom((string? Ns, string Resource, string Name, string Metric) target, JsonObject body)
    {
        Unknown(body, CustomFields, "");
        var value = Value(body["value"], "value");
        var labels = Labels(body["labels"], "labels");
        var window = Window(body["windowSeconds"]);
        var at = time.GetUtcNow();
        Checked(() => metrics.SetCustom(target.Ns, target.Resource, target.Name, target.Metric, value, labels, at, window));
        var echo = new JsonObject
        {
            ["namespace"] = target.Ns,
            ["resource"] = target.Resource,
            ["name"] = target.Name,
            ["metric"] = target.Metric,
            ["value"] = Quantity.FormatDecimal(value),
            ["labels"] = Object(labels),
            ["timestamp"] = JsonPath.Time(at),
        };
        if (window is not null)
            echo["windowSeconds"] = window;
        return echo;
    }

    public JsonObject DeleteCustom((string? Ns, string Resource, string Name, string Metric) target)
    {
        if (!metrics.RemoveCustom(target.Ns, target.Resource, target.Name, target.Metric))
            throw CustomMetricsApi.NotFound($"no value of {target.Metric} was set for {target.Resource} {(target.Ns is null ? "" : target.Ns + "/")}{target.Name}");
        return new JsonObject { ["removed"] = true };
    }

    /// <summary>PUT: {"series":[{"labels":{"queue":"orders"},"value":"42"}],"windowSeconds":60}; answers what is stored.</summary>
    public JsonObject PutExternal(string ns, string metric, JsonObject body)
    {
        Unknown(body, ExternalFields, "");
        var list = body["series"] as JsonArray
            ?? throw ApiException.BadRequest("series: required, a list of {\"labels\":{...},\"value\":\"42\"} (an empty list: the metric is known and has no series)");
        var series = new List<ExternalSeries>();
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"series[{i}]";
            var item = list[i] as JsonObject ?? throw ApiException.BadRequest($"{field}: must be an object such as {{\"labels\":{{\"queue\":\"orders\"}},\"value\":\"42\"}}");
            Unknown(item, SeriesFields, field + ".");
            series.Add(new ExternalSeries(Labels(item["labels"], field + ".labels"), Value(item["value"], field + ".value")));
        }
        var window = Window(body["windowSeconds"]);
        var at = time.GetUtcNow();
        Checked(() => metrics.SetExternal(ns, metric, series, at, window));
        var echo = new JsonObject
        {
            ["namespace"] = ns,
            ["metric"] = metric,
            ["series"] = new JsonArray([.. series.Select(s => (JsonNode)new JsonObject { ["labels"] = Object(s.Labels), ["value"] = Quantity.FormatDecimal(s.Value) })]),
            ["timestamp"] = JsonPath.Time(at),
        };
        if (window is not null)
            echo["windowSeconds"] = window;
        return echo;
    }

    public JsonObject DeleteExternal(string ns, string metric)
    {
        if (!metrics.RemoveExternal(ns, metric))
            throw CustomMetricsApi.NotFound($"no external metric {metric} was set in namespace {ns}");
        return new JsonObject { ["removed"] = true };
    }

    private static void Unknown(JsonObject o, string[] known, string prefix)
    {
        foreach (var (key, _) in o)
            if (!known.Contains(key))
                throw ApiException.BadRequest($"{prefix}{key}: unknown field; expected {string.Join(", ", known)}");
    }

    /// <summary>A quantity string ("42", "1500m", "12k") or a JSON number, as resource.Quantity accepts both.</summary>
    private static decimal Value(JsonNode? node, string field) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quantity.ParseMetricValue(v.GetValue<string>(), field),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Quantity.ParseMetricValue(v.ToJsonString(), field),
        null => throw ApiException.BadRequest($"{field}: required, a quantity such as \"42\" or \"1500m\""),
        _ => throw ApiException.BadRequest($"{field}: must be a quantity such as \"42\" or \"1500m\", not {node.GetValueKind().ToString().ToLowerInvariant()}"),
    };

    private static Dictionary<string, string> Labels(JsonNode? node, string field)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
            return labels;
        if (node is not JsonObject o)
            throw ApiException.BadRequest($"{field}: must be an object of label names to values, e.g. {{\"queue\":\"orders\"}}");
        foreach (var (k, v) in o)
            labels[k] = v is JsonValue s && s.GetValueKind() == JsonValueKind.String
                ? s.GetValue<string>()
                : throw ApiException.BadRequest($"{field}.{k}: must be a string");
        return labels;
    }

    private static long? Window(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var s) && s > 0 => s,
        _ => throw ApiException.BadRequest($"windowSeconds: {node.ToJsonString()}: must be a whole number of seconds above zero, e.g. 60"),
    };

    /// <summary>The store's argument checks (resource served, scope, labels) as a 400 naming the field.</summary>
    private static void Checked(Action set)
    {
        try
        {
            set();
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadRequest(e.Message.Split(" (Parameter")[0].Split(Environment.NewLine)[0]);
        }
    }

    private static JsonObject Object(IReadOnlyDictionary<string, string> labels) =>
        new([.. labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]);
}
