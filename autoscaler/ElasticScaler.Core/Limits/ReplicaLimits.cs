namespace ElasticScaler.Core.Limits;

/// <summary>
/// HPA's limits on the desired replica count (horizontal.go): the out-of-range checks that run before any
/// metric is read, the legacy clamp with its fixed scale-up limit, and the plain [min, max] clamp.
/// The min and max passed in are the effective bounds, after schedule windows raised them.
/// </summary>
public static class ReplicaLimits
{
    /// <summary>HPA's scaleUpLimitFactor: without behavior, at most double the current count per sync.</summary>
    public const double ScaleUpLimitFactor = 2.0;

    /// <summary>HPA's scaleUpLimitMinimum: without behavior, scale-up may always reach 4 replicas.</summary>
    public const double ScaleUpLimitMinimum = 4.0;

    public const string DesiredWithinRangeMessage = "the desired count is within the acceptable range";
    public const string TooFewReplicasMessage = "the desired replica count is less than the minimum replica count";
    public const string TooManyReplicasMessage = "the desired replica count is more than the maximum replica count";
    public const string ScaleUpLimitMessage = "the desired replica count is increasing faster than the maximum scale rate";
    public const string ScaleDownLimitMessage = "the desired replica count is decreasing faster than the maximum scale rate";
    public const string ScalingDisabledMessage = "scaling is disabled since the replica count of the target is zero";
    public const string AboveMaxRescaleReason = "Current number of replicas above Spec.MaxReplicas";
    public const string BelowMinRescaleReason = "Current number of replicas below Spec.MinReplicas";

    /// <summary>
    /// HPA's checks of reconcileAutoscaler before metrics: a target at 0 replicas with min &gt; 0 means scaling is
    /// disabled (nothing changes); above max goes to max, below min goes to min, without reading metrics.
    /// <see cref="CurrentRange.InRange"/> means the metric path should run.
    /// </summary>
    public static CurrentRangeCheck CheckCurrent(int current, int min, int max)
    {
        if (current == 0 && min != 0)
            return new CurrentRangeCheck(CurrentRange.ScalingDisabled, 0, Reasons.ScalingDisabled, ScalingDisabledMessage);
        if (current > max)
            return new CurrentRangeCheck(CurrentRange.AboveMax, max, Reasons.TooManyReplicas, AboveMaxRescaleReason);
        if (current < min)
            return new CurrentRangeCheck(CurrentRange.BelowMin, min, Reasons.TooFewReplicas, BelowMinRescaleReason);
        return new CurrentRangeCheck(CurrentRange.InRange, current, Reasons.DesiredWithinRange, DesiredWithinRangeMessage);
    }

    /// <summary>
    /// HPA's convertDesiredReplicasWithRules, the legacy path when spec.behavior is absent: the ceiling is the
    /// smaller of max and <see cref="LegacyScaleUpLimit"/>; below min wins over everything.
    /// </summary>
    public static LimitedReplicas WithRules(int current, int desired, int min, int max)
    {
        // HPA: do not scale up too much at once, so one bogus usage report cannot explode the fleet (kubernetes#32304).
        int scaleUpLimit = LegacyScaleUpLimit(current);
        int maximumAllowed;
        string reason, message;
        if (max > scaleUpLimit)
        {
            maximumAllowed = scaleUpLimit;
            reason = Reasons.ScaleUpLimit;
            message = ScaleUpLimitMessage;
        }
        else
        {
            maximumAllowed = max;
            reason = Reasons.TooManyReplicas;
            message = TooManyReplicasMessage;
        }

        if (desired < min) return new LimitedReplicas(min, Reasons.TooFewReplicas, TooFewReplicasMessage);
        if (desired > maximumAllowed) return new LimitedReplicas(maximumAllowed, reason, message);
        return new LimitedReplicas(desired, Reasons.DesiredWithinRange, DesiredWithinRangeMessage);
    }

    /// <summary>HPA's calculateScaleUpLimit: max(2 x current, 4), truncated to an integer.</summary>
    public static int LegacyScaleUpLimit(int current) =>
        (int)Math.Max(ScaleUpLimitFactor * current, ScaleUpLimitMinimum);

    /// <summary>Clamps to [min, max] with the ScalingLimited reason that says which bound applied.</summary>
    public static LimitedReplicas Clamp(int desired, int min, int max)
    {
        if (desired > max) return new LimitedReplicas(max, Reasons.TooManyReplicas, TooManyReplicasMessage);
        if (desired < min) return new LimitedReplicas(min, Reasons.TooFewReplicas, TooFewReplicasMessage);
        return new LimitedReplicas(desired, Reasons.DesiredWithinRange, DesiredWithinRangeMessage);
    }
}

/// <summary>Where the current replica count stands against the effective bounds before metrics are read.</summary>
public enum CurrentRange { InRange, ScalingDisabled, AboveMax, BelowMin }

/// <summary>
/// The outcome of <see cref="ReplicaLimits.CheckCurrent"/>: the replicas to go to and HPA's reason. For
/// <see cref="CurrentRange.AboveMax"/> and <see cref="CurrentRange.BelowMin"/> the message is HPA's rescale reason
/// ("Current number of replicas above Spec.MaxReplicas"), the text its SuccessfulRescale event carries.
/// </summary>
public readonly record struct CurrentRangeCheck(CurrentRange Range, int Replicas, string Reason, string Message);
