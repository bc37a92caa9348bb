using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.State;

/// <summary>One metrics.k8s.io PodMetrics: per-container usage at a timestamp over a window.</summary>
public sealed record PodMetricsSample
{
    public required string PodName { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>The sampling window (metrics-server: 15 s by default).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(15);
    public IReadOnlyList<ContainerUsage> Containers { get; init; } = [];
}

public sealed record ContainerUsage(string Name, IReadOnlyDictionary<string, Quantity> Usage);

/// <summary>
/// The value read for one non-resource entry of spec.metrics (Pods, Object, External, Prometheus), aligned
/// with its index. Exactly one of the shapes is used, by metric type; <see cref="Error"/> says why it could not be read.
/// </summary>
public sealed record MetricReading
{
    /// <summary>Index in spec.metrics this reading belongs to.</summary>
    public required int Index { get; init; }
    /// <summary>Pods metric: value per pod name.</summary>
    public IReadOnlyDictionary<string, Quantity>? PerPod { get; init; }
    /// <summary>Object and Prometheus: the single value. External: every series returned (summed, as HPA does).</summary>
    public IReadOnlyList<Quantity>? Values { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    /// <summary>Why the value could not be read (the fetch failed, the query returned nothing, ...).</summary>
    public string? Error { get; init; }
}
