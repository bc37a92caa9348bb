using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// custom.metrics.k8s.io/v1beta2 as prometheus-adapter serves it through custom-metrics-apiserver: MetricValueLists for
/// the objects a path names, their values from <see cref="MetricsStore"/>. The routes are the adapter's:
/// <c>namespaces/{ns}/{resource}/{name}/{metric}</c>, <c>{resource}/{name}/{metric}</c> (cluster-scoped objects),
/// <c>namespaces/{ns}/metrics/{metric}</c> (the Namespace object); the name <c>*</c> selects objects by labelSelector.
/// </summary>
public sealed class CustomMetricsApi(ResourceService service, MetricsStore metrics)
{
    public const string Group = "custom.metrics.k8s.io";
    public const string Version = "v1beta2";

    /// <summary>
    /// The answer to a GET that <see cref="RequestInfo"/> parsed, as the apiserver's request-info parsing splits it:
    /// <paramref name="objects"/> is the labelSelector, <paramref name="metricSelector"/> the metricLabelSelector's text.
    /// </summary>
    public JsonObject Get(RequestInfo req, LabelSelector objects, string? metricSelector)
    {
        var series = LabelSelector.Parse(metricSelector);
        return (req.Namespace, req.Plural, req.Name, req.Subresource) switch
        {
            // namespaces/{ns}/metrics/{metric}: the Namespace object's metric.
            ({ } ns, "metrics", { } metric, null) => One("namespaces", null, ns, metric, series, metricSelector),
            // namespaces/{ns}/{metric}: the root-scoped route with resource "namespaces" (the apiserver sees a collection).
            ({ } ns, var metric, null, null) => One("namespaces", null, ns, metric, series, metricSelector),
            (var ns, var resource, "*", { } metric) => Selected(ns, resource, metric, objects, series, metricSelector),
            (var ns, var resource, { } name, { } metric) => One(resource, ns, name, metric, series, metricSelector),
            _ => throw ApiException.NoSuchResource(),
        };
    }

    /// <summary>What discovery lists: "{resource}/{metric}" for every metric some object has, namespaced as its kind.</summary>
    public IReadOnlyList<MetricResource> Resources() =>
        metrics.CustomMetrics()
            .Select(p => (p, Type: service.Registry.FindGroupResource(p.Resource)))
            .Where(x => x.Type is not null)
            .Select(x => new MetricResource($"{x.p.Resource}/{x.p.Metric}", x.Type!.Namespaced, "MetricValueList"))
            .ToList();

    private JsonObject One(string resource, string? ns, string name, string metric, LabelSelector series, string? metricSelector)
    {
        var value = metrics.Custom(ns, resource, name, metric);
        if (value is null || !series.Matches(value.Labels) || service.Registry.FindGroupResource(resource) is not { } type)
            throw NotFound($"the server could not find the metric {metric} for {resource} {name}");
        return List([Item(type, ns, name, metric, value, metricSelector)]);
    }

    private JsonObject Selected(string? ns, string resource, string metric, LabelSelector objects, LabelSelector series, string? metricSelector)
    {
        if (!metrics.IsCustomMetric(resource, metric) || service.Registry.FindGroupResource(resource) is not { } type)
            throw NotFound($"the server could not find the metric {metric} for {resource}");
        var items = new List<JsonObject>();
        foreach (var o in service.Store.List(type.StorageKey, type.Namespaced ? ns : null).Items.Where(o => objects.Matches(o.Labels)))
        {
            var objectNs = type.Namespaced ? o.Namespace : null;
            if (metrics.Custom(objectNs, resource, o.Name, metric) is { } value && series.Matches(value.Labels))
                items.Add(Item(type, objectNs, o.Name, metric, value, metricSelector));
        }
        return List(items);
    }

    /// <summary>One MetricValue: the described object as prometheus-adapter writes it (apiVersion "group/version", so "/v1" for core).</summary>
    private static JsonObject Item(ResourceType type, string? ns, string name, string metric, CustomMetricValue value, string? metricSelector)
    {
        var described = new JsonObject { ["kind"] = type.Kind };
        if (!string.IsNullOrEmpty(ns))
            described["namespace"] = ns;
        described["name"] = name;
        described["apiVersion"] = type.Group + "/" + type.Version;
        var item = new JsonObject
        {
            ["describedObject"] = described,
            ["metric"] = new JsonObject { ["name"] = metric, ["selector"] = SelectorObject(metricSelector) },
            ["timestamp"] = JsonPath.Time(value.At),
        };
        if (value.WindowSeconds is { } window)
            item["windowSeconds"] = window;
        item["value"] = Quantity.FormatDecimal(value.Value);
        return item;
    }

    /// <summary>metav1.ParseToLabelSelector of the metricLabelSelector: null when empty, equalities as matchLabels, the rest as expressions.</summary>
    private static JsonObject? SelectorObject(string? text)
    {
        var selector = LabelSelector.Parse(text);
        if (selector.Requirements.Count == 0)
            return null;
        var matchLabels = new JsonObject();
        var expressions = new JsonArray();
        foreach (var r in selector.Requirements)
        {
            if (r.Op == "=")
            {
                matchLabels[r.Key] = r.Values[0];
                continue;
            }
            var op = r.Op switch { "in" => "In", "notin" or "!=" => "NotIn", "exists" => "Exists", _ => "DoesNotExist" };
            var e = new JsonObject { ["key"] = r.Key, ["operator"] = op };
            if (r.Values.Count > 0)
                e["values"] = new JsonArray([.. r.Values.Order(StringComparer.Ordinal).Select(v => (JsonNode)v)]);
            expressions.Add(e);
        }
        var o = new JsonObject();
        if (matchLabels.Count > 0)
            o["matchLabels"] = matchLabels;
        if (expressions.Count > 0)
            o["matchExpressions"] = expressions;
        return o;
    }

    private static JsonObject List(IEnumerable<JsonObject> items) => new()
    {
        ["kind"] = "MetricValueList",
        ["apiVersion"] = Group + "/" + Version,
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. items]),
    };

    /// <summary>custom-metrics-apiserver's metric-not-found Status: 404 NotFound, no details.</summary>
    internal static ApiException NotFound(string message) => new(404, "NotFound", message);
}
