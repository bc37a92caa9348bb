using System.Collections.Immutable;
using ElasticScaler.Core.Limits;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// HPA's rate policies (horizontal.go): how far one sync may move the target, given what the scale events of
/// each policy's period already moved it. For every policy the count at the start of its period is
/// <c>current - added + removed</c> within that period; Pods adds or removes Value pods from there, Percent
/// multiplies by (1 ± Value/100), rounding up when growing (so a small fleet can always grow) and down (by
/// integer truncation) when shrinking. selectPolicy Max takes the policy allowing the largest change, Min the
/// smallest, Disabled forbids the direction.
/// </summary>
public static class RatePolicies
{
    /// <summary>HPA's calculateScaleUpLimitWithScalingRules: the most replicas this sync may reach.</summary>
    public static int ScaleUpLimit(
        int current, ImmutableArray<ScaleEvent> upEvents, ImmutableArray<ScaleEvent> downEvents, DirectionRules rules,
        DateTimeOffset now)
    {
        if (rules.SelectPolicy == SelectPolicy.Disabled) return current;
        bool pickMin = rules.SelectPolicy == SelectPolicy.Min;
        int result = pickMin ? int.MaxValue : int.MinValue;
        var policies = rules.Policies;
        for (int i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            int periodStart = PeriodStart(current, policy.PeriodSeconds, upEvents, downEvents, now);
            int proposed = policy.Type == ScalingPolicyType.Pods
                ? periodStart + policy.Value
                : (int)Math.Ceiling(periodStart * (1 + policy.Value / 100.0));
            result = pickMin ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }
        return result;
    }

    /// <summary>HPA's calculateScaleDownLimitWithBehaviors: the fewest replicas this sync may reach.</summary>
    public static int ScaleDownLimit(
        int current, ImmutableArray<ScaleEvent> upEvents, ImmutableArray<ScaleEvent> downEvents, DirectionRules rules,
        DateTimeOffset now)
    {
        if (rules.SelectPolicy == SelectPolicy.Disabled) return current;
        // For scale-down the smallest change is the highest count, so Min picks the maximum.
        bool pickHighest = rules.SelectPolicy == SelectPolicy.Min;
        int result = pickHighest ? int.MinValue : int.MaxValue;
        var policies = rules.Policies;
        for (int i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            int periodStart = PeriodStart(current, policy.PeriodSeconds, upEvents, downEvents, now);
            int proposed = policy.Type == ScalingPolicyType.Pods
                ? periodStart - policy.Value
                : (int)(periodStart * (1 - policy.Value / 100.0));
            result = pickHighest ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }
        return result;
    }

    /// <summary>
    /// HPA's convertDesiredReplicasWithBehaviorRate: limit the move from current toward desired by the rate
    /// policies and by [min, max]. A limit that points the wrong way (events already used the whole budget) holds
    /// the current count. The reason says which bound won: ScaleUpLimit or TooManyReplicas going up,
    /// ScaleDownLimit or TooFewReplicas going down, DesiredWithinRange when nothing limited.
    /// </summary>
    public static LimitedReplicas Apply(
        int current, int desired, int min, int max, DirectionRules up, DirectionRules down,
        ImmutableArray<ScaleEvent> upEvents, ImmutableArray<ScaleEvent> downEvents, DateTimeOffset now)
    {
        if (desired > current)
        {
            int scaleUpLimit = ScaleUpLimit(current, upEvents, downEvents, up, now);
            // HPA: no further scale-up until the recent scale-up events age out of their periods.
            if (scaleUpLimit < current) scaleUpLimit = current;
            var bound = max > scaleUpLimit
                ? new LimitedReplicas(scaleUpLimit, Reasons.ScaleUpLimit, ReplicaLimits.ScaleUpLimitMessage)
                : new LimitedReplicas(max, Reasons.TooManyReplicas, ReplicaLimits.TooManyReplicasMessage);
            if (desired > bound.Replicas) return bound;
        }
        else if (desired < current)
        {
            int scaleDownLimit = ScaleDownLimit(current, upEvents, downEvents, down, now);
            // HPA: no further scale-down until the recent scale-down events age out of their periods.
            if (scaleDownLimit > current) scaleDownLimit = current;
            var bound = min < scaleDownLimit
                ? new LimitedReplicas(scaleDownLimit, Reasons.ScaleDownLimit, ReplicaLimits.ScaleDownLimitMessage)
                : new LimitedReplicas(min, Reasons.TooFewReplicas, ReplicaLimits.TooFewReplicasMessage);
            if (desired < bound.Replicas) return bound;
        }
        return new LimitedReplicas(desired, Reasons.DesiredWithinRange, ReplicaLimits.DesiredWithinRangeMessage);
    }

    private static int PeriodStart(
        int current, int periodSeconds, ImmutableArray<ScaleEvent> upEvents, ImmutableArray<ScaleEvent> downEvents,
        DateTimeOffset now) =>
        current - ScaleEvents.ChangeInPeriod(periodSeconds, upEvents, now) + ScaleEvents.ChangeInPeriod(periodSeconds, downEvents, now);
}
