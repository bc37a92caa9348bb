using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// external.metrics.k8s.io/v1beta1 as KEDA's metrics server or prometheus-adapter serves it: one route,
/// <c>namespaces/{ns}/{metric}</c>, answering an ExternalMetricValueList of the metric's series that labelSelector matches.
/// </summary>
public sealed class ExternalMetricsApi(MetricsStore metrics)
{
    public const string Group = "external.metrics.k8s.io";
    public const string Version = "v1beta1";

    public JsonObject Get(RequestInfo req, LabelSelector series)
    {
        if (req is not { Namespace: { } ns, Name: null, Subresource: null })
            throw ApiException.NoSuchResource();
        var metric = req.Plural;
        var value = metrics.External(ns, metric)
            // prometheus-adapter's wording (NewMetricNotFoundError for the namespaces resource).
            ?? throw CustomMetricsApi.NotFound($"the server could not find the metric {metric} for namespaces");
        var items = new JsonArray();
        foreach (var s in value.Series.Where(s => series.Matches(s.Labels)))
        {
            var item = new JsonObject
            {
                ["metricName"] = metric,
                ["metricLabels"] = new JsonObject([.. s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
                ["timestamp"] = JsonPath.Time(value.At),
            };
            // The JSON name of WindowSeconds in this group is "window" (seconds), unlike custom metrics' "windowSeconds".
            if (value.WindowSeconds is { } window)
                item["window"] = window;
            item["value"] = Quantity.FormatDecimal(s.Value);
            items.Add(item);
        }
        return new JsonObject
        {
            ["kind"] = "ExternalMetricValueList",
            ["apiVersion"] = Group + "/" + Version,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    /// <summary>What discovery lists: every external metric name known in some namespace.</summary>
    public IReadOnlyList<MetricResource> Resources() =>
        [.. metrics.ExternalMetrics().Select(m => new MetricResource(m, true, "ExternalMetricValueList"))];
}
