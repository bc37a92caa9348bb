using ElasticScaler.Core.Model;
using ElasticScaler.Core.State;
using LabelSelector = ElasticScaler.Core.Model.LabelSelector;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// A Pods metric, as HPA's REST metrics client reads it (GetRawMetric): <c>GET .../namespaces/{ns}/pods/*/{metric}</c>
/// with the target's pod selector as <c>labelSelector</c> and the metric's selector as <c>metricLabelSelector</c>;
/// one value per described pod, the list's first timestamp for all.
/// </summary>
public sealed class PodsMetricReader(CustomMetricsApi customMetrics, SourceCalls calls) : IMetricSource
{
    public string Source => SourceCalls.Pods;

    public async Task<MetricReading> ReadAsync(MetricRequest request, CancellationToken ct)
    {
        var metric = request.Metric.Pods!.Metric;
        LabelSelector.TryFrom(metric.Selector, out var metricSelector, out _); // checked with the spec
        var path = CustomMetricsApi.Path(request.Namespace, "pods", "*", metric.Name, request.PodSelector, metricSelector);
        var items = await customMetrics.ListAsync(Source, path, ct).ConfigureAwait(false);
        if (items.Count == 0)
            throw calls.Failed(Source, new MetricSourceException(FailureReason.Empty, "no metrics returned from custom metrics API"));
        var perPod = new Dictionary<string, Quantity>(items.Count, StringComparer.Ordinal);
        foreach (var item in items) perPod[item.Name] = item.Value;
        return new MetricReading { Index = request.Index, PerPod = perPod, Timestamp = items[0].Timestamp };
    }
}
