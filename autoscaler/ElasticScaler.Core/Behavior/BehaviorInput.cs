using System.Collections.Immutable;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// What the behavior step needs from one sync: the target's scale, the metric proposal, the effective bounds,
/// the spec parts it applies and the status conditions it updates.
/// </summary>
public sealed record BehaviorInput
{
    /// <summary>The target's <c>scale.spec.replicas</c> (HPA's currentReplicas).</summary>
    public required int CurrentReplicas { get; init; }

    /// <summary>The metric proposal: the largest over all metrics that could be computed. Null when all failed.</summary>
    public int? Proposal { get; init; }

    /// <summary>True when no metric produced a proposal (HPA: metricDesiredReplicas == -1).</summary>
    public bool MetricsFailed => Proposal is null;

    /// <summary>The metric behind the proposal, e.g. "cpu resource utilization (percentage of request)"; used in HPA's messages.</summary>
    public string? MetricName { get; init; }

    /// <summary>When metrics failed: the reason token for ScalingActive=False (default FailedComputeMetricsReplicas).</summary>
    public string? MetricsFailureReason { get; init; }

    /// <summary>When metrics failed: the error text, as HPA puts it after "the HPA was unable to compute the replica count: ".</summary>
    public string? MetricsFailureMessage { get; init; }

    /// <summary>
    /// The winning metric's current average utilization (percent of request) when it is a utilization target, else
    /// null: what panic's saturation rule reads.
    /// </summary>
    public int? ProposalUtilization { get; init; }

    /// <summary>Ready pods of the target, the denominator of the panic threshold (floored at 1).</summary>
    public int ReadyPods { get; init; }

    /// <summary>Effective lower bound: spec.minReplicas (default 1) raised by schedule windows.</summary>
    public required int MinReplicas { get; init; }

    /// <summary>Effective upper bound: spec.maxReplicas raised by schedule windows.</summary>
    public required int MaxReplicas { get; init; }

    /// <summary>spec.behavior; null takes HPA's legacy path (downscale stabilization, 2x/4 scale-up limit).</summary>
    public BehaviorSpec? Behavior { get; init; }

    /// <summary>spec.fallback; null means a failed sync never changes the size.</summary>
    public FallbackSpec? Fallback { get; init; }

    /// <summary>The controller-wide settings (downscale stabilization, tolerance).</summary>
    public ControllerSettings Settings { get; init; } = ControllerSettings.Default;

    /// <summary>status.conditions before this sync; the decision returns them updated.</summary>
    public ImmutableArray<ScalerCondition> Conditions { get; init; } = [];
}
