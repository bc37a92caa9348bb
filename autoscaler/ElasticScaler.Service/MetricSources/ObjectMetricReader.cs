using ElasticScaler.Core.State;
using ElasticScaler.Service.Kube;
using LabelSelector = ElasticScaler.Core.Model.LabelSelector;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// An Object metric, as HPA's REST metrics client reads it (GetObjectMetric): the described object's kind is mapped
/// to its group-qualified resource by API discovery (<c>services</c>, <c>deployments.apps</c>), then
/// <c>GET .../namespaces/{ns}/{resource}/{name}/{metric}</c>, or <c>.../namespaces/{ns}/metrics/{metric}</c> for the
/// Namespace kind; exactly one item is expected.
/// </summary>
public sealed class ObjectMetricReader(CustomMetricsApi customMetrics, ApiDiscovery discovery, SourceCalls calls) : IMetricSource
{
    public string Source => SourceCalls.Object;

    public async Task<MetricReading> ReadAsync(MetricRequest request, CancellationToken ct)
    {
        var source = request.Metric.Object!;
        var described = source.DescribedObject;
        LabelSelector.TryFrom(source.Metric.Selector, out var metricSelector, out _); // checked with the spec
        var apiVersion = described.ApiVersion ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        string path;
        if (described.Kind == "Namespace" && group.Length == 0)
        {
            // The namespace is always the scaler's own: a reference never escapes it (HPA ignores the name too).
            path = $"{CustomMetricsApi.Root}/namespaces/{Uri.EscapeDataString(request.Namespace)}/metrics/{Uri.EscapeDataString(source.Metric.Name)}"
                + (metricSelector.IsEmpty ? "" : "?metricLabelSelector=" + Uri.EscapeDataString(metricSelector.ToString()));
        }
        else
        {
            var resource = await discovery.FindAsync(apiVersion, described.Kind, null, ct).ConfigureAwait(false)
                ?? throw calls.Failed(Source, new MetricSourceException(FailureReason.NotFound,
                    $"{CustomMetricsApi.FetchError}unable to map kind {(group.Length == 0 ? described.Kind : $"{described.Kind}.{group}")} to resource: " +
                    $"no kind \"{described.Kind}\" is served in \"{(apiVersion.Length == 0 ? "v1" : apiVersion)}\"; check {request.Field}.object.describedObject"));
            path = CustomMetricsApi.Path(request.Namespace, resource.ToString(), described.Name, source.Metric.Name, null, metricSelector);
        }
        var items = await customMetrics.ListAsync(Source, path, ct).ConfigureAwait(false);
        if (items.Count != 1)
            throw calls.Failed(Source, new MetricSourceException(items.Count == 0 ? FailureReason.Empty : FailureReason.Invalid,
                $"{CustomMetricsApi.FetchError}the custom metrics API server returned {items.Count} results when we asked for exactly one"));
        return new MetricReading { Index = request.Index, Values = [items[0].Value], Timestamp = items[0].Timestamp };
    }
}
