using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Spec;

/// <summary>HPA v2 HorizontalPodAutoscalerBehavior plus the KPA-style <see cref="Panic"/> fast path.</summary>
public sealed record BehaviorSpec
{
    public ScalingRules? ScaleUp { get; init; }
    public ScalingRules? ScaleDown { get; init; }
    public PanicSpec? Panic { get; init; }
}

public enum SelectPolicy { Max, Min, Disabled }

public enum ScalingPolicyType { Pods, Percent }

/// <summary>HPA v2 HPAScalingRules.</summary>
public sealed record ScalingRules
{
    /// <summary>0..3600; scale-up defaults to 0, scale-down to the controller's 300 s.</summary>
    public int? StabilizationWindowSeconds { get; init; }
    public SelectPolicy? SelectPolicy { get; init; }
    public IReadOnlyList<ScalingPolicy>? Policies { get; init; }
    /// <summary>Per-direction tolerance (KEP-4951), e.g. 0.05; default the controller's 0.1.</summary>
    public Quantity? Tolerance { get; init; }
}

/// <summary>HPA v2 HPAScalingPolicy: at most Value pods (or percent) per PeriodSeconds.</summary>
public sealed record ScalingPolicy
{
    public required ScalingPolicyType Type { get; init; }
    public required int Value { get; init; }
    public required int PeriodSeconds { get; init; }
}

/// <summary>
/// Knative KPA's panic mode: when the short-window proposal reaches <see cref="Threshold"/> times the
/// ready pods, scale up at once past stabilization and hold scale-in while panicking.
/// </summary>
public sealed record PanicSpec
{
    public bool Enabled { get; init; }
    /// <summary>Proposal / ready pods ratio that starts panic; default 2.0 (KPA's 200%).</summary>
    public double? Threshold { get; init; }
    /// <summary>Short window over which the panic proposal is taken, a duration; default "6s".</summary>
    public string? Window { get; init; }
    /// <summary>Panic ends once the threshold has not been crossed for this long; default "60s" (KPA's stable window).</summary>
    public string? StableWindow { get; init; }
    /// <summary>
    /// Opt-in: a utilization reading of the winning metric (percent of request) at or above this is saturated: the
    /// pods are at their limit, so the load behind them cannot be read and the proposal is only a floor. A saturated
    /// reading counts as crossing the threshold, and while it lasts the panic target is the most
    /// <c>scaleUp</c>'s rate policies allow this period. Unset: no saturation rule.
    /// </summary>
    public int? SaturationUtilization { get; init; }
}

/// <summary>KEDA's fallback: after FailureThreshold consecutive failed syncs, hold Replicas.</summary>
public sealed record FallbackSpec
{
    public required int FailureThreshold { get; init; }
    public required int Replicas { get; init; }
}
