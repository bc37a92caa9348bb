namespace ElasticScaler.Core.Replicas;

/// <summary>
/// The metric step's answer (HPA: computeReplicasForMetrics): every metric's result, the largest proposal and
/// the ScalingActive condition. <see cref="Replicas"/> is null where HPA returns -1: every metric failed, or some
/// failed and the rest would scale down, so nothing may change.
/// </summary>
public sealed record MetricsEvaluation
{
    public required IReadOnlyList<MetricResult> Metrics { get; init; }
    /// <summary>The largest proposal, or null when the decision must not act on metrics.</summary>
    public int? Replicas { get; init; }
    /// <summary>The metric whose proposal won, or null.</summary>
    public MetricResult? Winner { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    /// <summary>How many metrics could not be computed.</summary>
    public int InvalidCount { get; init; }
    /// <summary>The first metric that failed, in spec order.</summary>
    public MetricResult? FirstFailure { get; init; }
    /// <summary>True when ScalingActive is True (ValidMetricFound).</summary>
    public bool ScalingActive { get; init; }

    /// <summary>HPA's name of the winning metric (for "&lt;name&gt; above target"), or null.</summary>
    public string? MetricName => Winner?.MetricName;

    /// <summary>"invalid metrics (N invalid out of M), first error is: ...", or null when every metric worked.</summary>
    public string? Error => FirstFailure is null ? null
        : $"invalid metrics ({InvalidCount} invalid out of {Metrics.Count}), first error is: {FirstFailure.Error}";

    /// <summary>ValidMetricFound, or the first failure's Failed* reason.</summary>
    public string ScalingActiveReason => ScalingActive ? Reasons.ValidMetricFound : FirstFailure?.Reason ?? Reasons.InvalidSpec;

    public string ScalingActiveMessage => ScalingActive
        ? $"the HPA was able to successfully calculate a replica count from {MetricName}"
        : FirstFailure?.ConditionMessage ?? "no metrics to compute";

    /// <summary>status.currentMetrics: one entry per metric, null where the metric could not be computed.</summary>
    public IEnumerable<MetricStatus?> CurrentMetrics => Metrics.Select(m => m.Status);

    /// <summary>
    /// HPA's rescale reason for moving from <paramref name="currentReplicas"/> to <see cref="Replicas"/>:
    /// "&lt;metric&gt; above target", "All metrics below target", or empty when they are equal or nothing was proposed.
    /// </summary>
    public string RescaleReason(int currentReplicas)
    {
        if (Replicas is not { } desired) return "";
        if (desired > currentReplicas) return $"{(desired > 0 ? MetricName : "")} above target";
        if (desired < currentReplicas) return "All metrics below target";
        return "";
    }
}
