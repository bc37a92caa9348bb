using System.Collections.Concurrent;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using LabelSelector = ElasticScaler.Core.Model.LabelSelector;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// Reads one kind of metric (Pods, Object, External, Prometheus) for one entry of spec.metrics. A failure is a
/// <see cref="MetricSourceException"/> raised through <see cref="SourceCalls"/> (so it is counted once);
/// <see cref="MetricReads"/> turns it into the reading's error, which the engine reports as HPA's FailedGet*Metric.
/// </summary>
public interface IMetricSource
{
    /// <summary>The <c>source</c> label of the source's metrics: pods, object, external or prometheus.</summary>
    string Source { get; }

    Task<MetricReading> ReadAsync(MetricRequest request, CancellationToken ct);
}

/// <summary>One metric to read: its index and spec, the scaler's namespace, the target's pod selector, the sync's shared reads.</summary>
public sealed record MetricRequest(int Index, string Namespace, MetricSpec Metric, LabelSelector PodSelector, SharedReads Shared)
{
    /// <summary>The spec path of this metric, for messages: spec.metrics[2].</summary>
    public string Field => $"spec.metrics[{Index}]";
}

/// <summary>
/// The reads of one sync by key: two metrics that would send the same request (same server, query, headers and
/// credentials) share one answer.
/// </summary>
public sealed class SharedReads
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _reads = new(StringComparer.Ordinal);

    public async Task<T> GetOrAddAsync<T>(string key, Func<Task<T>> read) where T : class =>
        (T)await _reads.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await read().ConfigureAwait(false))).Value.ConfigureAwait(false);
}
