using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Kubernetes' TestGenerateScaleUpRules and TestGenerateScaleDownRules (pkg/apis/autoscaling/v2), with their numbers.</summary>
public sealed class BehaviorDefaultsTests
{
    public sealed record RulesCase(
        string Name, int Pods, int PodsPeriod, int Percent, int PercentPeriod, int? Stabilization, SelectPolicy? Select,
        (ScalingPolicyType Type, int Value, int Period)[] ExpectedPolicies, int? ExpectedStabilization, SelectPolicy ExpectedSelect)
    {
        public override string ToString() => Name;

        // As the Go test builds it: a policy is added when its value or its period is non-zero.
        public ScalingRules ToRules()
        {
            List<ScalingPolicy>? policies = null;
            if (Pods != 0 || PodsPeriod != 0)
                (policies ??= []).Add(new ScalingPolicy { Type = ScalingPolicyType.Pods, Value = Pods, PeriodSeconds = PodsPeriod });
            if (Percent != 0 || PercentPeriod != 0)
                (policies ??= []).Add(new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = Percent, PeriodSeconds = PercentPeriod });
            return new ScalingRules { StabilizationWindowSeconds = Stabilization, SelectPolicy = Select, Policies = policies };
        }
    }

    public static TheoryData<RulesCase> ScaleDownRules => new()
    {
        new("Default values", 0, 0, 0, 0, null, null, [(ScalingPolicyType.Percent, 100, 15)], null, SelectPolicy.Max),
        new("All parameters are specified", 1, 2, 3, 4, 25, SelectPolicy.Max,
            [(ScalingPolicyType.Pods, 1, 2), (ScalingPolicyType.Percent, 3, 4)], 25, SelectPolicy.Max),
        new("Percent policy is specified", 0, 0, 1, 2, null, SelectPolicy.Min, [(ScalingPolicyType.Percent, 1, 2)], null, SelectPolicy.Min),
        new("Pods policy is specified", 3, 4, 0, 0, null, null, [(ScalingPolicyType.Pods, 3, 4)], null, SelectPolicy.Max),
    };

    public static TheoryData<RulesCase> ScaleUpRules => new()
    {
        new("Default values", 0, 0, 0, 0, null, null, [(ScalingPolicyType.Pods, 4, 15), (ScalingPolicyType.Percent, 100, 15)], 0, SelectPolicy.Max),
        new("All parameters are specified", 1, 2, 3, 4, 25, SelectPolicy.Max,
            [(ScalingPolicyType.Pods, 1, 2), (ScalingPolicyType.Percent, 3, 4)], 25, SelectPolicy.Max),
        new("Pod policy is specified", 1, 2, 0, 0, null, SelectPolicy.Min, [(ScalingPolicyType.Pods, 1, 2)], 0, SelectPolicy.Min),
        new("Percent policy is specified", 0, 0, 7, 10, null, null, [(ScalingPolicyType.Percent, 7, 10)], 0, SelectPolicy.Max),
        new("Pod policy and stabilization window are specified", 4, 2, 0, 0, 25, null, [(ScalingPolicyType.Pods, 4, 2)], 25, SelectPolicy.Max),
        new("Percent policy and stabilization window are specified", 0, 0, 7, 60, 25, null, [(ScalingPolicyType.Percent, 7, 60)], 25, SelectPolicy.Max),
    };

    [Theory]
    [MemberData(nameof(ScaleDownRules))]
    public void Scale_down_rules_take_the_api_defaults(RulesCase c)
    {
        var down = BehaviorDefaults.GenerateScaleDownRules(c.ToRules());
        AssertRules(c, down);
    }

    [Theory]
    [MemberData(nameof(ScaleUpRules))]
    public void Scale_up_rules_take_the_api_defaults(RulesCase c)
    {
        var up = BehaviorDefaults.GenerateScaleUpRules(c.ToRules());
        AssertRules(c, up);
    }

    private static void AssertRules(RulesCase c, ScalingRules rules)
    {
        Assert.Equal(c.ExpectedPolicies, rules.Policies!.Select(p => (p.Type, p.Value, p.PeriodSeconds)).ToArray());
        Assert.Equal(c.ExpectedStabilization, rules.StabilizationWindowSeconds);
        Assert.Equal(c.ExpectedSelect, rules.SelectPolicy);
    }

    [Fact]
    public void Absent_rule_sets_take_the_defaults_too()
    {
        Assert.Equal(0, BehaviorDefaults.GenerateScaleUpRules(null).StabilizationWindowSeconds);
        Assert.Null(BehaviorDefaults.GenerateScaleDownRules(null).StabilizationWindowSeconds);
        Assert.Same(BehaviorDefaults.ScaleDownPolicies, BehaviorDefaults.GenerateScaleDownRules(null).Policies);
    }

    [Fact]
    public void Scale_down_stabilization_defaults_to_the_controller_window()
    {
        var settings = ControllerSettings.Default with { DownscaleStabilization = TimeSpan.FromMinutes(7) };
        Assert.Equal(420, BehaviorDefaults.ResolveScaleDown(null, settings).StabilizationWindowSeconds);
        Assert.Equal(300, BehaviorDefaults.ResolveScaleDown(new ScalingRules { SelectPolicy = SelectPolicy.Min }, ControllerSettings.Default).StabilizationWindowSeconds);
        Assert.Equal(30, BehaviorDefaults.ResolveScaleDown(new ScalingRules { StabilizationWindowSeconds = 30 }, settings).StabilizationWindowSeconds);
    }

    [Fact]
    public void An_empty_policy_list_is_kept_not_defaulted()
    {
        // defaults.go copies any non-nil Policies, even an empty list.
        var up = BehaviorDefaults.ResolveScaleUp(new ScalingRules { Policies = [] });
        Assert.Empty(up.Policies);
        Assert.Equal(0, up.LongestPolicyPeriodSeconds);
    }

    [Fact]
    public void Tolerances_come_from_each_direction_or_the_controller()
    {
        var behavior = new BehaviorSpec { ScaleDown = new ScalingRules { Tolerance = Quantity.Parse("0.05") } };
        Assert.Equal((0.05, 0.1), BehaviorDefaults.Tolerances(behavior, ControllerSettings.Default));
        Assert.Equal((0.2, 0.2), BehaviorDefaults.Tolerances(null, ControllerSettings.Default with { Tolerance = 0.2 }));
        Assert.Equal((0.1, 0.01), BehaviorDefaults.Tolerances(new BehaviorSpec { ScaleUp = new ScalingRules { Tolerance = Quantity.Parse("10m") } }, ControllerSettings.Default));
    }
}
