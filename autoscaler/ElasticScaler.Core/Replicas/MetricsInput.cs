using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>Everything the metric step reads for one decision (HPA: the inputs of computeReplicasForMetrics).</summary>
public sealed record MetricsInput
{
    /// <summary>The scaler spec; only <see cref="ScalerSpec.Metrics"/> and, for tolerances, <see cref="ScalerSpec.Behavior"/> are read.</summary>
    public required ScalerSpec Spec { get; init; }
    /// <summary>scale.spec.replicas: the "current replicas" of the formula.</summary>
    public required int SpecReplicas { get; init; }
    /// <summary>scale.status.replicas: what AverageValue targets on Object, External and Prometheus divide by.</summary>
    public required int StatusReplicas { get; init; }
    /// <summary>The target's pods (by its selector), deleted and terminal ones included: the calculation sets them aside.</summary>
    public IReadOnlyList<PodState> Pods { get; init; } = [];
    /// <summary>metrics.k8s.io PodMetrics for the pods; needed by Resource and ContainerResource metrics.</summary>
    public IReadOnlyList<PodMetricsSample>? PodMetrics { get; init; }
    /// <summary>Why the PodMetrics could not be listed, if they could not.</summary>
    public string? PodMetricsError { get; init; }
    /// <summary>Values of the Pods, Object, External and Prometheus metrics, matched by <see cref="MetricReading.Index"/>.</summary>
    public IReadOnlyList<MetricReading> Readings { get; init; } = [];
    /// <summary>Tolerances; null takes the controller's, overridden per direction by behavior (see <see cref="Replicas.Tolerance.For"/>).</summary>
    public Tolerance? Tolerance { get; init; }
    public ControllerSettings Settings { get; init; } = ControllerSettings.Default;
}
