using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using LabelSelector = ElasticScaler.Core.Model.LabelSelector;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// For one sync of one scaler, the value of each Pods, Object, External and Prometheus entry of spec.metrics, read
/// at once from its source; one that cannot be read carries its error, which the engine turns into HPA's
/// FailedGet*Metric condition and event and its partial-failure rule (a failed metric blocks a scale-down, not a
/// scale-up). Resource metrics come from the namespace's shared PodMetrics read instead.
/// </summary>
public sealed class MetricReads(IMetricSource pods, IMetricSource objects, IMetricSource external, IMetricSource prometheus)
{
    /// <summary>The readings of <paramref name="spec"/>'s metrics in <paramref name="ns"/>; <paramref name="podSelector"/> is the target's (for Pods metrics).</summary>
    public async Task<IReadOnlyList<MetricReading>> ReadAsync(string ns, ScalerSpec spec, LabelSelector podSelector, CancellationToken ct)
    {
        List<Task<MetricReading>>? reads = null;
        SharedReads? shared = null;
        for (int i = 0; i < spec.Metrics.Count; i++)
        {
            var metric = spec.Metrics[i];
            IMetricSource? source = metric.Type switch
            {
                MetricSourceType.Pods => pods,
                MetricSourceType.Object => objects,
                MetricSourceType.External => external,
                MetricSourceType.Prometheus => prometheus,
                _ => null,
            };
            if (source is null) continue;
            var request = new MetricRequest(i, ns, metric, podSelector, shared ??= new SharedReads());
            (reads ??= []).Add(ReadOneAsync(source, request, ct));
        }
        return reads is null ? [] : await Task.WhenAll(reads).ConfigureAwait(false);
    }

    private static async Task<MetricReading> ReadOneAsync(IMetricSource source, MetricRequest request, CancellationToken ct)
    {
        try
        {
            return await source.ReadAsync(request, ct).ConfigureAwait(false);
        }
        catch (MetricSourceException e)
        {
            return new MetricReading { Index = request.Index, Error = e.Message };
        }
    }
}
