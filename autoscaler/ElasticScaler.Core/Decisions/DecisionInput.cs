using System.Collections.Immutable;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Decisions;

/// <summary>Which API object the spec came from: ours, or an autoscaling/v2 HPA decided exactly as HPA would.</summary>
public enum ScalerKind { ElasticScaler, HorizontalPodAutoscaler }

/// <summary>
/// Everything one decision reads: the scaler's spec and annotations, the target's scale, its pods and their
/// metrics, the other metric sources' values, the nodes, and the controller-wide settings. The service fills
/// it from its caches; <c>decide --snapshot</c> fills it from a file.
/// </summary>
public sealed record DecisionInput
{
    /// <summary>The scaler's spec: the one spec every step of the decision reads (dry run, bounds, metrics, behavior, placement).</summary>
    public required ScalerSpec Spec { get; init; }
    public ScalerKind Kind { get; init; } = ScalerKind.ElasticScaler;
    /// <summary>metadata.annotations of the scaler (pause annotations live here).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>scale.spec.replicas of the target.</summary>
    public required int SpecReplicas { get; init; }
    /// <summary>scale.status.replicas of the target.</summary>
    public int StatusReplicas { get; init; }
    /// <summary>
    /// scale.status.selector of the target: the label query over its pods, e.g. "app=wordpress,tier in (a,b)". Required:
    /// when missing, blank or unparsable the decision is ScalingActive=False InvalidSelector and nothing scales, as
    /// HPA. It is only checked, never used to filter <see cref="Pods"/>: pass the target's pods (the service picks them
    /// from its cache with <see cref="Model.LabelSelector"/>).
    /// </summary>
    public string? Selector { get; init; }
    /// <summary>
    /// With a twin workload, the target's and the twin's scale.spec.replicas (<see cref="SpecReplicas"/> is their sum):
    /// placement then plans the two counts to write (<see cref="PlacementPlan.Next"/>) instead of pod by pod.
    /// </summary>
    public PoolReplicas? Declared { get; init; }
    public IReadOnlyList<PodState> Pods { get; init; } = [];
    public IReadOnlyList<PodMetricsSample>? PodMetrics { get; init; }
    public string? PodMetricsError { get; init; }
    public IReadOnlyList<MetricReading> Readings { get; init; } = [];
    public IReadOnlyList<NodeState> Nodes { get; init; } = [];
    /// <summary>What a new pod of the target asks of a node (from its pod template), for placement; null takes the first pod's.
    /// The service builds it once per template change.</summary>
    public PodTemplateRequirements? Template { get; init; }
    public ControllerSettings Settings { get; init; } = ControllerSettings.Default;
    /// <summary>status.conditions before this decision.</summary>
    public ImmutableArray<ScalerCondition> Conditions { get; init; } = [];
    /// <summary>
    /// <see cref="Spec"/> checked and its schedules compiled, once per generation; null prepares it here (slower, same
    /// answer). Only a cache: it must be prepared from this very <see cref="Spec"/> object and equal
    /// <see cref="Settings"/>, else <see cref="DecisionPipeline.Decide"/> throws <see cref="ArgumentException"/>.
    /// </summary>
    public PreparedSpec? Prepared { get; init; }
}
