using System.Text.Json;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Kube;
using LabelSelector = ElasticScaler.Core.Model.LabelSelector;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// The requests of custom.metrics.k8s.io/v1beta2 as client-go's custom-metrics client sends them (HPA's path), and
/// their MetricValueList read through Core's one mapping. Shared by the Pods and the Object reader.
/// </summary>
public sealed class CustomMetricsApi(KubeApi api, SourceCalls calls, TimeSpan timeout)
{
    public const string Root = "/apis/custom.metrics.k8s.io/v1beta2";

    /// <summary>HPA's words before any failure of this API: "unable to fetch metrics from custom metrics API: ...".</summary>
    public const string FetchError = "unable to fetch metrics from custom metrics API: ";

    /// <summary><c>{root}/namespaces/{ns}/{resource}/{name}/{metric}</c>, with <c>?metricLabelSelector=</c> and, for many objects, <c>labelSelector=</c>.</summary>
    public static string Path(string ns, string resource, string name, string metric, LabelSelector? objects, LabelSelector metricSelector)
    {
        // The name "*" is the API's "every object the label selector picks"; it must reach the server unescaped.
        var path = $"{Root}/namespaces/{Uri.EscapeDataString(ns)}/{resource}/{(name == "*" ? "*" : Uri.EscapeDataString(name))}/{Uri.EscapeDataString(metric)}";
        var query = new List<string>(2);
        if (objects is not null) query.Add("labelSelector=" + Uri.EscapeDataString(objects.ToString()));
        if (!metricSelector.IsEmpty) query.Add("metricLabelSelector=" + Uri.EscapeDataString(metricSelector.ToString()));
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>The items of the list at <paramref name="path"/>, or a counted failure in HPA's words.</summary>
    public Task<IReadOnlyList<CustomMetricValue>> ListAsync(string source, string path, CancellationToken ct) =>
        calls.RunAsync(source, timeout, $"{FetchError}no answer within {SourceCalls.Show(timeout)}", async token =>
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
                var read = KubernetesObjects.MetricValueList(doc.RootElement);
                return read.Value ?? throw new MetricSourceException(FailureReason.Invalid, FetchError + "the answer is not a MetricValueList: " + string.Join("; ", read.Errors));
            }
        }, ct);
}
