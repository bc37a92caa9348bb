using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Replicas;

/// <summary>Whether a failed metric failed because of its spec or at run time (HPA: the errSpec label).</summary>
public enum MetricErrorKind { None, Spec, Internal }

/// <summary>The outcome for one entry of spec.metrics (HPA: computeReplicasForMetric's results).</summary>
public sealed record MetricResult
{
    /// <summary>Position in spec.metrics (0 for the default CPU metric when spec.metrics is empty).</summary>
    public required int Index { get; init; }
    /// <summary>The metric spec evaluated.</summary>
    public required MetricSpec Spec { get; init; }
    /// <summary>Proposed replicas, or null when the metric could not be computed.</summary>
    public int? Replicas { get; init; }
    /// <summary>The entry for status.currentMetrics, or null when the metric could not be computed (HPA leaves an empty entry).</summary>
    public MetricStatus? Status { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    /// <summary>The Failed* reason token from <see cref="Reasons"/> when the metric failed.</summary>
    public string? Reason { get; init; }
    /// <summary>The error as HPA reports it (e.g. "failed to get cpu resource metric value: ...").</summary>
    public string? Error { get; init; }
    /// <summary>The inner error the ScalingActive=False condition message is built from.</summary>
    public string? ConditionError { get; init; }
    public MetricErrorKind ErrorKind { get; init; }

    public MetricSourceType Type => Spec.Type;
    public bool Succeeded => Replicas is not null;

    /// <summary>HPA's name for the metric, as used in "&lt;name&gt; above target".</summary>
    public string MetricName => MetricNames.For(Spec);

    /// <summary>The ScalingActive=False message HPA sets for this failure.</summary>
    public string? ConditionMessage => ConditionError is null ? null : $"the HPA was unable to compute the replica count: {ConditionError}";
}
