using System.Collections.Immutable;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Builders for behavior tests, after horizontal_test.go's helpers.</summary>
internal static class Rules
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    /// <summary>horizontal_test.go's generateScalingRules: selectPolicy Max, a Pods and/or a Percent policy (0 leaves it out).</summary>
    public static ScalingRules Generate(int pods, int podsPeriod, int percent, int percentPeriod, int stabilizationWindow)
    {
        var policies = new List<ScalingPolicy>();
        if (pods != 0) policies.Add(new ScalingPolicy { Type = ScalingPolicyType.Pods, Value = pods, PeriodSeconds = podsPeriod });
        if (percent != 0) policies.Add(new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = percent, PeriodSeconds = percentPeriod });
        return new ScalingRules { StabilizationWindowSeconds = stabilizationWindow, SelectPolicy = SelectPolicy.Max, Policies = policies };
    }

    /// <summary>
    /// horizontal_test.go's generateEventsUniformDistribution: the events spread over the last periodSeconds, each in
    /// the middle of its segment, the seconds truncated to whole seconds as Go's time.Duration(float) does.
    /// </summary>
    public static ImmutableArray<ScaleEvent> Uniform(int periodSeconds, params int[] changes)
    {
        var events = ImmutableArray.CreateBuilder<ScaleEvent>(changes.Length);
        double segment = (double)periodSeconds / changes.Length;
        for (int i = 0; i < changes.Length; i++)
        {
            long secondsAgo = (long)(periodSeconds - segment * (i + 1) + segment / 2);
            events.Add(new ScaleEvent(Now.AddSeconds(-secondsAgo), changes[i], outdated: false));
        }
        return events.MoveToImmutable();
    }

    public static TimestampedRecommendation Rec(int replicas, TimeSpan ago) => new(Now - ago, replicas);

    public static ScaleEvent Event(int change, int secondsAgo, bool outdated = false) => new(Now.AddSeconds(-secondsAgo), change, outdated);
}
