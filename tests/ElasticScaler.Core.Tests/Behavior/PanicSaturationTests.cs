using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>
/// Panic's saturation rule (<c>panic.saturationUtilization</c>, ours): a utilization reading at the pods' limit hides
/// the load behind it, so it counts as crossing the threshold and the panic goes as far as the scale-up policies allow.
/// </summary>
public sealed class PanicSaturationTests
{
    // 22 pods at a 60% cpu target, all at their limit: HPA's proposal is ceil(22 x 100 / 60) = 37, 1.68 x the pods,
    // under the default threshold of 2.0, however far above the pods' capacity the load is.
    private static BehaviorInput Input(PanicSpec panic, int? utilization = 100, ScalingRules? scaleUp = null) => new()
    {
        CurrentReplicas = 22, MinReplicas = 22, MaxReplicas = 100, ReadyPods = 22,
        ProposalUtilization = utilization,
        Behavior = new BehaviorSpec { Panic = panic, ScaleUp = scaleUp },
    };

    private static readonly PanicSpec Saturating = new() { Enabled = true, SaturationUtilization = 95 };

    [Fact]
    public void Without_the_setting_a_saturated_reading_is_an_ordinary_proposal()
    {
        var d = new Sync(Input(new PanicSpec { Enabled = true })).Step(37);
        Assert.Equal(37, d.DesiredReplicas);   // the rate limit (44) allows it; no panic
        Assert.Null(d.Panic);
        Assert.False(d.History.Panic.IsPanicking);
    }

    [Fact]
    public void A_saturated_reading_panics_and_goes_to_the_default_scale_up_limit()
    {
        var d = new Sync(Input(Saturating)).Step(37);

        Assert.Equal(44, d.DesiredReplicas);   // HPA's default scale-up policy: max(+100%, +4 pods) in 15 s
        Assert.Equal(Reasons.PanicMode, d.Panic!.Value.Reason);
        Assert.Equal(37, d.Panic.Value.Input);
        Assert.Contains("100% utilization is saturated (at least 95%)", d.Message);
        var condition = ScalerConditions.Find(d.Conditions, ConditionTypes.Panic)!;
        Assert.Equal(ConditionStatus.True, condition.Status);
        Assert.Contains("reads 100% utilization, at or above saturationUtilization 95%", condition.Message);
        Assert.Equal(22, d.History.ScaleUpEvents.Single().ReplicaChange);   // it counts against the rate policies
    }

    [Fact]
    public void Each_saturated_sync_goes_as_far_as_the_policies_allow_again()
    {
        var sync = new Sync(Input(Saturating));
        Assert.Equal(44, sync.Step(37).DesiredReplicas);
        // 15 s on: the last period's event has left the 15 s window (HPA counts events strictly within it).
        Assert.Equal(88, sync.Step(74, readyPods: 44).DesiredReplicas);
        Assert.Equal(100, sync.Step(100, readyPods: 88).DesiredReplicas);   // max
    }

    [Fact]
    public void A_scale_up_policy_sized_for_a_burst_sets_how_far_and_max_caps_it()
    {
        var tenFold = new ScalingRules { Policies = [new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = 900, PeriodSeconds = 15 }] };
        var d = new Sync(Input(Saturating, scaleUp: tenFold)).Step(37);
        Assert.Equal(100, d.DesiredReplicas);
        Assert.Equal((ConditionStatus.True, Reasons.TooManyReplicas),
            (ScalerConditions.Find(d.Conditions, ConditionTypes.ScalingLimited)!.Status, ScalerConditions.Find(d.Conditions, ConditionTypes.ScalingLimited)!.Reason));
    }

    [Fact]
    public void Scale_up_disabled_leaves_the_ordinary_panic_target()
    {
        var off = new ScalingRules { SelectPolicy = SelectPolicy.Disabled };
        var d = new Sync(Input(Saturating, scaleUp: off)).Step(37);
        Assert.Equal(37, d.DesiredReplicas);   // panicking (saturated), at max(current, proposal); no policy room to go further
        Assert.True(d.History.Panic.IsPanicking);
    }

    [Theory]
    [InlineData(94, false)]
    [InlineData(95, true)]
    [InlineData(null, false)]   // not a utilization metric: nothing to read saturation from
    public void Saturation_is_the_winning_metrics_utilization_at_or_above_the_setting(int? utilization, bool saturated)
    {
        Assert.Equal(saturated, Panic.IsSaturated(PanicSettings.From(Saturating), utilization));
        var d = new Sync(Input(Saturating, utilization)).Step(35);   // 35 / 22 = 1.59: under the threshold
        Assert.Equal(saturated ? 44 : 35, d.DesiredReplicas);
        Assert.Equal(saturated, d.History.Panic.IsPanicking);
    }

    [Fact]
    public void Once_unsaturated_the_panic_ends_as_ever_after_the_stable_window()
    {
        var sync = new Sync(Input(Saturating));
        sync.Step(37);
        var template = Input(Saturating, utilization: 60) with { CurrentReplicas = 44 };
        var calm = new Sync(template, sync.History, sync.Now);
        for (int i = 0; i < 4; i++) Assert.True(calm.Step(44).History.Panic.IsPanicking);   // within 60 s of the last crossing
        Assert.False(calm.Step(44).History.Panic.IsPanicking);
    }

    [Fact]
    public void The_pipeline_reads_the_winning_metrics_utilization()
    {
        var spec = Decisions.DecisionFixtures.NewSpec(min: 4, max: 40) with
        {
            Behavior = new BehaviorSpec { Panic = Saturating },
        };
        // 4 pods at 100% of a 60% target: proposal ceil(4 x 100 / 60) = 7, 1.75 x; saturated, so the default limit: 8.
        var d = DecisionPipeline.Decide(Decisions.DecisionFixtures.Input(spec, 4, 100), DecisionHistory.Empty, Decisions.DecisionFixtures.Now);
        Assert.Equal(8, d.DesiredReplicas);
        var calm = DecisionPipeline.Decide(Decisions.DecisionFixtures.Input(spec, 4, 90), DecisionHistory.Empty, Decisions.DecisionFixtures.Now);
        Assert.Equal(6, calm.DesiredReplicas);   // ceil(4 x 90 / 60)
    }

    [Fact]
    public void A_setting_below_one_names_the_field()
    {
        var spec = Decisions.DecisionFixtures.NewSpec() with { Behavior = new BehaviorSpec { Panic = Saturating with { SaturationUtilization = 0 } } };
        Assert.Contains(Validation.SpecValidator.Validate(spec), e => e.StartsWith("spec.behavior.panic.saturationUtilization: 0: must be at least 1", StringComparison.Ordinal));
    }
}
