using System.Text.Json;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Kube;
using LabelSelector = ElasticScaler.Core.Model.LabelSelector;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// An External metric, as HPA's REST metrics client reads it (GetExternalMetric):
/// <c>GET /apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/{metric}?labelSelector={metric.selector}</c>, a
/// collection (the API server authorizes it as list); every series' value, which the engine sums, and the first
/// item's timestamp.
/// </summary>
public sealed class ExternalMetricReader(KubeApi api, SourceCalls calls, TimeSpan timeout) : IMetricSource
{
    public const string Root = "/apis/external.metrics.k8s.io/v1beta1";
    private const string FetchError = "unable to fetch metrics from external metrics API: ";

    public string Source => SourceCalls.External;

    public static string Path(string ns, string metric, LabelSelector selector) =>
        $"{Root}/namespaces/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(metric)}"
        + (selector.IsEmpty ? "" : "?labelSelector=" + Uri.EscapeDataString(selector.ToString()));

    public async Task<MetricReading> ReadAsync(MetricRequest request, CancellationToken ct)
    {
        var metric = request.Metric.External!.Metric;
        LabelSelector.TryFrom(metric.Selector, out var selector, out _); // checked with the spec
        var path = Path(request.Namespace, metric.Name, selector);
        var items = await calls.RunAsync(Source, timeout, $"{FetchError}no answer within {SourceCalls.Show(timeout)}", async token =>
        {
            JsonDocument doc;
            try
            {
                doc = await api.ReadAsync(path, token).ConfigureAwait(false);
            }
            catch (Exception e) when (TransportFailures.FromKube(e, FetchError) is { } failure)
            {
                throw failure;
            }
            using (doc)
            {
                var read = KubernetesObjects.ExternalMetricValueList(doc.RootElement);
                var values = read.Value ?? throw new MetricSourceException(FailureReason.Invalid,
                    FetchError + "the answer is not an ExternalMetricValueList: " + string.Join("; ", read.Errors));
                return values.Count > 0 ? values : throw new MetricSourceException(FailureReason.Empty, "no metrics returned from external metrics API");
            }
        }, ct).ConfigureAwait(false);
        return new MetricReading { Index = request.Index, Values = [.. items.Select(i => i.Value)], Timestamp = items[0].Timestamp };
    }
}
