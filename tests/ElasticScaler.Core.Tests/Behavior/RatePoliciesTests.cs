using System.Collections.Immutable;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Behavior.Rules;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Kubernetes' TestScalingWithRules, TestCalculateScaleUpLimitWithScalingRules and TestCalculateScaleDownLimitWithBehaviors, with their numbers.</summary>
public sealed class RatePoliciesTests
{
    public sealed record ScalingCase(
        string Name, int Current, int Prenormalized, int Min, int Max, int Expected, string ExpectedReason,
        ScalingRules? Up = null, ScalingRules? Down = null,
        ImmutableArray<ScaleEvent> UpEvents = default, ImmutableArray<ScaleEvent> DownEvents = default)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<ScalingCase> ScalingWithRules => new()
    {
        new("prenormalized desired replicas within range", 5, 7, 3, 8, 7, Reasons.DesiredWithinRange),
        new("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, Reasons.TooFewReplicas),
        new("prenormalized desired replicas within range when minReplicas is 0", 1, 0, 0, 10, 0, Reasons.DesiredWithinRange),
        new("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, Reasons.TooManyReplicas),
        new("desired replica count is more than the maximum replica count", 100, 1000, 100, 150, 150, Reasons.TooManyReplicas),
        new("scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", 3, 1000, 1, 2000, 4, Reasons.ScaleUpLimit,
            Up: Generate(0, 0, 1, 60, 0)),
        // Upstream skips this row (testThis: true); it holds anyway.
        new("scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies", 1000, 3, 3, 2000, 980, Reasons.ScaleDownLimit,
            Down: Generate(20, 60, 0, 0, 0)),
        new("scaleUp with default behavior", 10, 50, 1, 1000, 20, Reasons.ScaleUpLimit),
        new("scaleUp with pods policy larger than percent policy", 10, 500, 1, 1000, 110, Reasons.ScaleUpLimit, Up: Generate(100, 60, 100, 60, 0)),
        new("scaleUp with percent policy larger than pods policy", 10, 500, 1, 1000, 20, Reasons.ScaleUpLimit, Up: Generate(2, 60, 100, 60, 0)),
        new("scaleUp with spec MaxReplicas limitation with large pod policy", 10, 50, 1, 1000, 50, Reasons.DesiredWithinRange, Up: Generate(100, 60, 0, 0, 0)),
        new("scaleUp with spec MaxReplicas limitation with large percent policy", 10, 50, 1, 1000, 50, Reasons.DesiredWithinRange, Up: Generate(10000, 60, 0, 0, 0)),
        new("scaleUp with pod policy limitation", 10, 50, 1, 1000, 40, Reasons.ScaleUpLimit, Up: Generate(30, 60, 0, 0, 0)),
        new("scaleUp with percent policy limitation", 10, 50, 1, 1000, 30, Reasons.ScaleUpLimit, Up: Generate(0, 0, 200, 60, 0)),
        new("scaleDown with percent policy larger than pod policy", 100, 2, 1, 1000, 80, Reasons.ScaleDownLimit, Down: Generate(20, 60, 1, 60, 300)),
        new("scaleDown with pod policy larger than percent policy", 100, 2, 1, 1000, 98, Reasons.ScaleDownLimit, Down: Generate(2, 60, 1, 60, 300)),
        new("scaleDown with spec MinReplicas=nil limitation with large pod policy", 10, 0, 1, 1000, 1, Reasons.TooFewReplicas, Down: Generate(100, 60, 0, 0, 300)),
        new("scaleDown with spec MinReplicas limitation with large pod policy", 10, 0, 1, 1000, 1, Reasons.TooFewReplicas, Down: Generate(100, 60, 0, 0, 300)),
        new("scaleDown with spec MinReplicas limitation with large percent policy", 10, 2, 5, 1000, 5, Reasons.TooFewReplicas, Down: Generate(0, 0, 100, 60, 300)),
        new("scaleDown with pod policy limitation", 10, 2, 1, 1000, 5, Reasons.ScaleDownLimit, Down: Generate(5, 60, 0, 0, 300)),
        new("scaleDown with percent policy limitation", 10, 5, 1, 1000, 5, Reasons.DesiredWithinRange, Down: Generate(0, 0, 50, 60, 300)),
        new("scaleUp with spec MaxReplicas limitation with large pod policy and events", 100, 500, 1, 200, 200, Reasons.TooManyReplicas,
            Up: Generate(300, 60, 0, 0, 0), UpEvents: Uniform(120, 1, 5, 9)),
        new("scaleUp with spec MaxReplicas limitation with large percent policy and events", 100, 500, 1, 200, 200, Reasons.TooManyReplicas,
            Up: Generate(0, 0, 10000, 60, 0), UpEvents: Uniform(120, 1, 5, 9)),
        new("scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events", 100, 500, 1, 1000, 100, Reasons.ScaleUpLimit,
            Up: Generate(5, 120, 0, 0, 0), UpEvents: Uniform(120, 1, 5, 9)),
        new("scaleUp with pod policy and previous scale up events", 100, 500, 1, 1000, 235, Reasons.ScaleUpLimit,
            Up: Generate(150, 120, 0, 0, 0), UpEvents: Uniform(120, 1, 5, 9)),
        new("scaleUp with percent policy and previous scale up events", 100, 500, 1, 1000, 255, Reasons.ScaleUpLimit,
            Up: Generate(0, 0, 200, 120, 0), UpEvents: Uniform(120, 1, 5, 9)),
        new("scaleUp with percent policy and previous scale up and down events", 6, 24, 1, 1000, 16, Reasons.ScaleUpLimit,
            Up: Generate(0, 0, 300, 300, 0), UpEvents: Uniform(120, 4), DownEvents: Uniform(120, 2)),
        new("scaleDown with default policy and previous events", 10, 5, 1, 1000, 5, Reasons.DesiredWithinRange, DownEvents: Uniform(120, 1, 5, 9)),
        new("scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", 100, 0, 1, 1000, 1, Reasons.TooFewReplicas,
            Down: Generate(115, 120, 0, 0, 300), DownEvents: Uniform(120, 1, 5, 9)),
        new("scaleDown with spec MinReplicas limitation with large pod policy and previous events", 100, 0, 5, 1000, 5, Reasons.TooFewReplicas,
            Down: Generate(130, 120, 0, 0, 300), DownEvents: Uniform(120, 1, 5, 9)),
        new("scaleDown with spec MinReplicas limitation with large percent policy and previous events", 100, 2, 5, 1000, 5, Reasons.TooFewReplicas,
            Down: Generate(0, 0, 100, 120, 300), DownEvents: Uniform(120, 1, 5, 9)),
        new("scaleDown with pod policy limitation and previous events", 100, 2, 1, 1000, 100, Reasons.ScaleDownLimit,
            Down: Generate(5, 120, 0, 0, 300), DownEvents: Uniform(120, 1, 5, 9)),
        new("scaleDown with percent policy limitation and previous events", 100, 0, 1, 1000, 56, Reasons.ScaleDownLimit,
            Down: Generate(0, 0, 50, 120, 300), DownEvents: Uniform(120, 2, 4, 6)),
        new("scaleDown with percent policy and previous scale up and down events", 10, 1, 1, 1000, 6, Reasons.ScaleDownLimit,
            Down: Generate(0, 0, 50, 180, 0), UpEvents: Uniform(120, 2), DownEvents: Uniform(120, 4)),
        new("scaleDown with previous events preventing further scale down", 100, 0, 1, 1000, 100, Reasons.ScaleDownLimit,
            Down: Generate(0, 0, 10, 120, 300), DownEvents: Uniform(120, 10, 10, 10)),
        new("scaleDown with with previous events still allowing more scale down", 10, 5, 1, 1000, 5, Reasons.DesiredWithinRange,
            Down: Generate(0, 0, 1000, 120, 300), DownEvents: Uniform(120, 10, 10, 10)),
        new("check 'outdated' flag for events for one behavior for up", 100, 200, 1, 1000, 200, Reasons.DesiredWithinRange,
            Up: Generate(1000, 60, 0, 0, 0), UpEvents: Uniform(120, 8, 12, 9, 11)),
        new("check that events were not marked 'outdated' for two different policies in the behavior for up", 100, 200, 1, 1000, 200, Reasons.DesiredWithinRange,
            Up: Generate(1000, 120, 100, 60, 0), UpEvents: Uniform(120, 8, 12, 9, 11)),
        new("check that events were marked 'outdated' for two different policies in the behavior for up", 100, 200, 1, 1000, 200, Reasons.DesiredWithinRange,
            Up: Generate(1000, 30, 100, 60, 0), UpEvents: Uniform(120, 8, 12, 9, 11)),
        new("check 'outdated' flag for events for one behavior for down", 100, 5, 1, 1000, 5, Reasons.DesiredWithinRange,
            Down: Generate(1000, 60, 0, 0, 300), DownEvents: Uniform(120, 8, 12, 9, 11)),
        new("check that events were not marked 'outdated' for two different policies in the behavior for down", 100, 5, 1, 1000, 5, Reasons.DesiredWithinRange,
            Down: Generate(1000, 120, 100, 60, 300), DownEvents: Uniform(120, 8, 12, 9, 11)),
        new("check that events were marked 'outdated' for two different policies in the behavior for down", 100, 5, 1, 1000, 5, Reasons.DesiredWithinRange,
            Down: Generate(1000, 30, 100, 60, 300), DownEvents: Uniform(120, 8, 12, 9, 11)),
    };

    [Theory]
    [MemberData(nameof(ScalingWithRules))]
    public void Scaling_with_rules_limits_the_rate_as_kubernetes_does(ScalingCase c)
    {
        var up = BehaviorDefaults.ResolveScaleUp(c.Up);
        var down = BehaviorDefaults.ResolveScaleDown(c.Down, ControllerSettings.Default);

        var limited = RatePolicies.Apply(c.Current, c.Prenormalized, c.Min, c.Max, up, down,
            c.UpEvents.IsDefault ? [] : c.UpEvents, c.DownEvents.IsDefault ? [] : c.DownEvents, Now);

        Assert.Equal(c.Expected, limited.Replicas);
        Assert.Equal(c.ExpectedReason, limited.Reason);
    }

    private static readonly ScalingRules MinChangeTwoPodsOrHalf = new()
    {
        StabilizationWindowSeconds = 300,
        SelectPolicy = SelectPolicy.Min,
        Policies =
        [
            new ScalingPolicy { Type = ScalingPolicyType.Pods, Value = 2, PeriodSeconds = 60 },
            new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = 50, PeriodSeconds = 60 },
        ],
    };

    [Fact]
    public void Scale_up_limit_with_select_policy_min_takes_the_smaller_change()
    {
        // TestCalculateScaleUpLimitWithScalingRules: from 1, Pods +2 gives 3, Percent +50% gives ceil(1.5) = 2.
        int limit = RatePolicies.ScaleUpLimit(1, [], [], BehaviorDefaults.ResolveScaleUp(MinChangeTwoPodsOrHalf), Now);
        Assert.Equal(2, limit);
    }

    [Fact]
    public void Scale_down_limit_with_select_policy_min_takes_the_smaller_change()
    {
        // TestCalculateScaleDownLimitWithBehaviors: from 5, Pods -2 gives 3, Percent -50% gives 2; the smaller change is 3.
        int limit = RatePolicies.ScaleDownLimit(5, [], [], BehaviorDefaults.ResolveScaleDown(MinChangeTwoPodsOrHalf, ControllerSettings.Default), Now);
        Assert.Equal(3, limit);
    }

    [Fact]
    public void Disabled_select_policy_forbids_the_direction()
    {
        var disabled = Generate(100, 60, 100, 60, 0) with { SelectPolicy = SelectPolicy.Disabled };
        var up = BehaviorDefaults.ResolveScaleUp(disabled);
        var down = BehaviorDefaults.ResolveScaleDown(disabled, ControllerSettings.Default);

        var scaleUp = RatePolicies.Apply(10, 50, 1, 100, up, down, [], [], Now);
        var scaleDown = RatePolicies.Apply(10, 2, 1, 100, up, down, [], [], Now);

        Assert.Equal(new[] { 10, 10 }, new[] { scaleUp.Replicas, scaleDown.Replicas });
        Assert.Equal(Reasons.ScaleUpLimit, scaleUp.Reason);
        Assert.Equal(Reasons.ScaleDownLimit, scaleDown.Reason);
    }

    [Fact]
    public void Percent_scale_up_rounds_up_so_a_single_pod_can_grow()
    {
        // 1 pod +10% is 1.1: rounding down would never add a pod; HPA rounds up to 2.
        var up = BehaviorDefaults.ResolveScaleUp(Generate(0, 0, 10, 60, 0));
        Assert.Equal(2, RatePolicies.ScaleUpLimit(1, [], [], up, Now));
    }

    [Fact]
    public void Percent_scale_down_rounds_down()
    {
        // 3 pods -50% is 1.5, truncated to 1 as Go's int32() conversion does.
        var down = BehaviorDefaults.ResolveScaleDown(Generate(0, 0, 50, 60, 0), ControllerSettings.Default);
        Assert.Equal(1, RatePolicies.ScaleDownLimit(3, [], [], down, Now));
    }
}
