using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.State;

/// <summary>One custom.metrics.k8s.io/v1beta2 MetricValue: a metric of one described object at a time.</summary>
public sealed record CustomMetricValue
{
    /// <summary>describedObject.kind: Pod for a Pods metric, the object's kind for an Object metric.</summary>
    public required string Kind { get; init; }
    /// <summary>describedObject.name: the pod's name for a Pods metric.</summary>
    public required string Name { get; init; }
    public required string MetricName { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>windowSeconds; absent means HPA's default of one minute.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
    public required Quantity Value { get; init; }
}

/// <summary>One external.metrics.k8s.io/v1beta1 ExternalMetricValue: one series of a metric outside the cluster.</summary>
public sealed record ExternalMetricValue
{
    public required string MetricName { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>window (int64 seconds; the JSON name is window, not windowSeconds), when the server gave one.</summary>
    public TimeSpan? Window { get; init; }
    public required Quantity Value { get; init; }
}
