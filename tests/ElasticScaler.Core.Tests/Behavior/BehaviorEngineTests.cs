using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Spec;
using static ElasticScaler.Core.Tests.Behavior.Rules;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>The whole behavior step: HPA's reconcileAutoscaler after the metric proposal.</summary>
public sealed class BehaviorEngineTests
{
    private const string Cpu = "cpu resource utilization (percentage of request)";

    private static BehaviorInput Input(int current, int? proposal, int min = 1, int max = 100, BehaviorSpec? behavior = null) => new()
    {
        CurrentReplicas = current, Proposal = proposal, MetricName = Cpu, ReadyPods = current,
        MinReplicas = min, MaxReplicas = max, Behavior = behavior,
    };

    private static (ConditionStatus, string) Condition(BehaviorDecision d, string type)
    {
        var c = ScalerConditions.Find(d.Conditions, type) ?? throw new Xunit.Sdk.XunitException($"no {type} condition");
        return (c.Status, c.Reason);
    }

    [Fact]
    public void A_target_at_zero_replicas_means_scaling_is_disabled()
    {
        var d = BehaviorEngine.Decide(Input(0, 50, min: 1), BehaviorHistory.Empty, Now);

        Assert.Equal(0, d.DesiredReplicas);
        Assert.False(d.Rescale);
        Assert.Equal((ConditionStatus.False, Reasons.ScalingDisabled), Condition(d, ConditionTypes.ScalingActive));
        Assert.Equal(Reasons.ScalingDisabled, d.RangeCheck!.Value.Reason);
        Assert.Null(d.Stabilization);
    }

    [Fact]
    public void A_target_at_zero_with_min_zero_scales_from_metrics()
    {
        var d = BehaviorEngine.Decide(Input(0, 3, min: 0), BehaviorHistory.Empty, Now);
        Assert.Equal(3, d.DesiredReplicas);
    }

    [Theory]
    [InlineData(120, 1, 100, 100, "TooManyReplicas", "Current number of replicas above Spec.MaxReplicas")]
    [InlineData(2, 5, 100, 5, "TooFewReplicas", "Current number of replicas below Spec.MinReplicas")]
    public void A_current_count_out_of_the_effective_bounds_goes_to_the_bound_without_metrics(
        int current, int min, int max, int expected, string reason, string rescaleReason)
    {
        var d = BehaviorEngine.Decide(Input(current, proposal: null, min, max, new BehaviorSpec()), BehaviorHistory.Empty, Now);

        Assert.Equal(expected, d.DesiredReplicas);
        Assert.Equal(reason, d.Reason);
        Assert.Equal(rescaleReason, d.RescaleReason);
        Assert.Equal(0, d.History.ConsecutiveMetricFailures);
        Assert.Single(current > max ? d.History.ScaleDownEvents : d.History.ScaleUpEvents);
    }

    [Fact]
    public void A_steady_sync_reports_hpas_all_good_conditions()
    {
        var d = BehaviorEngine.Decide(Input(5, 5), BehaviorHistory.Empty, Now);

        Assert.Equal(
            [
                (ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "recommended size matches current size"),
                (ConditionTypes.ScalingActive, ConditionStatus.True, Reasons.ValidMetricFound, "the HPA was able to successfully calculate a replica count from " + Cpu),
                (ConditionTypes.ScalingLimited, ConditionStatus.False, Reasons.DesiredWithinRange, "the desired count is within the acceptable range"),
            ],
            d.Conditions.Select(c => (c.Type, c.Status, c.Reason, c.Message)).ToArray());
        Assert.False(d.Rescale);
    }

    [Fact]
    public void An_unchanged_sync_returns_the_same_conditions_list()
    {
        var sync = new Sync(Input(5, 5));
        var first = sync.Step(5);
        var second = sync.Step(5);
        Assert.True(first.Conditions == second.Conditions);
    }

    [Fact]
    public void Legacy_path_holds_a_scale_down_for_the_controller_window()
    {
        var sync = new Sync(Input(10, 10));
        sync.Step(10);
        var held = sync.Step(4, TimeSpan.FromMinutes(5));

        Assert.Equal(10, held.DesiredReplicas);
        Assert.Equal((ConditionStatus.True, Reasons.ScaleDownStabilized), Condition(held, ConditionTypes.AbleToScale));
        Assert.Equal(4, sync.Step(4).DesiredReplicas); // the 10s are now older than 5 minutes
    }

    [Fact]
    public void Legacy_path_doubles_at_most_per_sync()
    {
        var d = BehaviorEngine.Decide(Input(3, 50), BehaviorHistory.Empty, Now);
        Assert.Equal(6, d.DesiredReplicas);
        Assert.Equal((ConditionStatus.True, Reasons.ScaleUpLimit), Condition(d, ConditionTypes.ScalingLimited));
        Assert.Equal(Cpu + " above target", d.RescaleReason);
    }

    [Fact]
    public void Default_behavior_scales_up_by_the_larger_of_four_pods_and_double_per_fifteen_seconds()
    {
        var sync = new Sync(Input(10, 50, behavior: new BehaviorSpec()));

        Assert.Equal(20, sync.Step(50, TimeSpan.FromSeconds(5)).DesiredReplicas);
        // 5 s later the 10 added pods still count against the 15 s period: the period started at 10, so 20 is the limit.
        var held = sync.Step(50, TimeSpan.FromSeconds(11));
        Assert.Equal(20, held.DesiredReplicas);
        Assert.Equal(Reasons.ScaleUpLimit, held.Reason);
        Assert.Equal(40, sync.Step(50).DesiredReplicas);
        Assert.Equal(50, sync.Step(50).DesiredReplicas);
    }

    [Fact]
    public void Default_behavior_scale_down_waits_five_minutes_then_drops_at_once()
    {
        var sync = new Sync(Input(40, 40, behavior: new BehaviorSpec()));
        sync.Step(40);
        for (int i = 0; i < 19; i++)
            Assert.Equal(40, sync.Step(10).DesiredReplicas);
        // Exactly 300 s after the 40s they are outside the window (Go's After is strict); 100% per 15 s allows the whole drop.
        Assert.Equal(10, sync.Step(10).DesiredReplicas);
    }

    [Fact]
    public void Scale_down_stabilization_message_is_hpas()
    {
        var sync = new Sync(Input(40, 40, behavior: new BehaviorSpec()));
        sync.Step(40);
        var d = sync.Step(10);
        var able = ScalerConditions.Find(d.Conditions, ConditionTypes.AbleToScale)!;
        Assert.Equal("recent recommendations were higher than current one, applying the highest recent recommendation", able.Message);
        Assert.Equal(new StepOutcome(10, 40, Reasons.ScaleDownStabilized, able.Message), d.Stabilization);
    }

    [Fact]
    public void Failed_metrics_change_nothing_and_say_why()
    {
        var input = Input(10, proposal: null) with { MetricsFailureReason = Reasons.FailedGetResourceMetric, MetricsFailureMessage = "no metrics returned" };
        var d = BehaviorEngine.Decide(input, BehaviorHistory.Empty, Now);

        Assert.Equal(10, d.DesiredReplicas);
        Assert.Equal((ConditionStatus.True, Reasons.SucceededGetScale), Condition(d, ConditionTypes.AbleToScale));
        var active = ScalerConditions.Find(d.Conditions, ConditionTypes.ScalingActive)!;
        Assert.Equal((ConditionStatus.False, Reasons.FailedGetResourceMetric, "the HPA was unable to compute the replica count: no metrics returned"),
            (active.Status, active.Reason, active.Message));
        Assert.Equal(1, d.History.ConsecutiveMetricFailures);
        Assert.Single(d.History.Recommendations); // only the initial one: no recommendation without metrics
        Assert.Null(ScalerConditions.Find(d.Conditions, ConditionTypes.Fallback));
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_field_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => BehaviorEngine.Decide(Input(5, 5, min: 10, max: 3), BehaviorHistory.Empty, Now));
        Assert.Contains("maxReplicas: 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => BehaviorEngine.Decide(Input(-1, 5), BehaviorHistory.Empty, Now));
        Assert.Contains("currentReplicas", ex.Message);
    }

    [Fact]
    public void The_same_input_history_and_time_give_the_same_decision()
    {
        var sync = new Sync(Input(10, 30, behavior: new BehaviorSpec()));
        sync.Step(30);
        var input = Input(sync.Current, 60, behavior: new BehaviorSpec());
        var a = BehaviorEngine.Decide(input, sync.History, sync.Now);
        var b = BehaviorEngine.Decide(input, sync.History, sync.Now);
        Assert.Equal((a.DesiredReplicas, a.Reason), (b.DesiredReplicas, b.Reason));
        Assert.Equal(a.History.Recommendations.ToArray(), b.History.Recommendations.ToArray());
        Assert.Equal(a.History.ScaleUpEvents.ToArray(), b.History.ScaleUpEvents.ToArray());
    }
}
