using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// Fallback when metrics fail, after KEDA (pkg/fallback/fallback.go). Exact semantics:
/// <list type="number">
/// <item>A sync in the metric path whose metrics all failed (no proposal) adds 1 to
/// <see cref="BehaviorHistory.ConsecutiveMetricFailures"/>; a sync with a proposal resets it to 0. Syncs that never
/// read metrics (target at 0, current out of range) leave it alone.</item>
/// <item>Fallback is active when the count EXCEEDS <see cref="FallbackSpec.FailureThreshold"/>, as KEDA's
/// <c>NumberOfFailures &gt; FailureThreshold</c>: with failureThreshold 3 the 4th consecutive failure falls back.</item>
/// <item>While active, <see cref="FallbackSpec.Replicas"/> takes the place of the metric proposal, exactly as KEDA
/// feeds it to the HPA as a metric value: stabilization, rate policies and the [min, max] clamp still apply, so
/// the target moves to the fallback size (clamped to [min, max]) at the pace the behavior allows.</item>
/// <item>Without fallback, or below the threshold, a failed sync changes nothing, as HPA does.</item>
/// </list>
/// </summary>
public static class Fallback
{
    /// <summary>The failure count after this sync.</summary>
    public static int CountFailures(int previous, bool metricsFailed) => metricsFailed ? previous + 1 : 0;

    /// <summary>KEDA: fallback applies once the consecutive failures exceed the threshold.</summary>
    public static bool IsActive(FallbackSpec? spec, int consecutiveFailures) =>
        spec is not null && consecutiveFailures > spec.FailureThreshold;
}
