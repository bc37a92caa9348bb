using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Spec;
using static ElasticScaler.Core.Tests.Behavior.Rules;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Panic mode (Knative KPA's idea over HPA's behavior): see <see cref="Panic"/> for the exact rules.</summary>
public sealed class PanicTests
{
    private static BehaviorInput Input(int current, PanicSpec? panic, int max = 100) => new()
    {
        CurrentReplicas = current, MinReplicas = 1, MaxReplicas = max, ReadyPods = current,
        Behavior = new BehaviorSpec { Panic = panic },
    };

    private static readonly PanicSpec On = new() { Enabled = true };

    [Fact]
    public void Panic_is_off_unless_enabled()
    {
        var d = new Sync(Input(10, panic: null)).Step(50);
        Assert.Equal(20, d.DesiredReplicas); // the default rate limit applies
        Assert.Null(d.Panic);
        Assert.Null(ScalerConditions.Find(d.Conditions, ConditionTypes.Panic));
        Assert.Equal(PanicState.Calm, d.History.Panic);
    }

    [Fact]
    public void A_spike_past_the_threshold_scales_up_at_once_past_the_rate_limit()
    {
        var d = new Sync(Input(10, On)).Step(50);

        Assert.Equal(50, d.DesiredReplicas);
        Assert.Equal(new StepOutcome(20, 50, Reasons.PanicMode, d.Panic!.Value.Message), d.Panic);
        Assert.Equal(Reasons.PanicMode, d.Reason);
        Assert.Equal(ConditionStatus.True, ScalerConditions.Find(d.Conditions, ConditionTypes.Panic)!.Status);
        Assert.Equal(Reasons.PanicMode, ScalerConditions.Find(d.Conditions, ConditionTypes.AbleToScale)!.Reason);
        Assert.Equal(new PanicState(Now, Now), d.History.Panic);
        Assert.Equal(40, d.History.ScaleUpEvents.Single().ReplicaChange); // the panic scale-up counts against the rate policies
    }

    [Fact]
    public void A_spike_past_the_scale_up_stabilization_window_is_not_delayed()
    {
        var behavior = new BehaviorSpec { Panic = On, ScaleUp = new ScalingRules { StabilizationWindowSeconds = 120 } };
        var d = new Sync(Input(10, On) with { Behavior = behavior }).Step(40);
        Assert.Equal(40, d.DesiredReplicas);
        Assert.Equal(Reasons.ScaleUpStabilized, d.Stabilization!.Value.Reason);
    }

    [Fact]
    public void Panic_is_still_clamped_to_max()
    {
        var d = new Sync(Input(10, On, max: 30)).Step(500);
        Assert.Equal(30, d.DesiredReplicas);
        Assert.Equal((ConditionStatus.True, Reasons.TooManyReplicas),
            (ScalerConditions.Find(d.Conditions, ConditionTypes.ScalingLimited)!.Status, ScalerConditions.Find(d.Conditions, ConditionTypes.ScalingLimited)!.Reason));
    }

    [Theory]
    [InlineData(20, 10, true)]   // exactly 2.0 x ready pods crosses (KPA's >=)
    [InlineData(19, 10, false)]
    [InlineData(2, 0, true)]     // ready pods are floored at 1
    [InlineData(1, 0, false)]
    public void The_threshold_is_the_proposal_over_ready_pods(int proposal, int readyPods, bool over) =>
        Assert.Equal(over, Panic.IsOverThreshold(PanicSettings.From(On), proposal, readyPods));

    [Fact]
    public void Scale_in_is_held_while_panicking_and_panic_ends_after_the_stable_window()
    {
        var sync = new Sync(Input(10, On));
        Assert.Equal(50, sync.Step(50).DesiredReplicas); // t0: panic starts

        // Load gone: the proposal is 5, under the threshold; the panic holds 50 until 60 s after the last crossing.
        for (int i = 0; i < 4; i++)
        {
            var held = sync.Step(5); // t0+15 .. t0+60: not strictly past the stable window yet
            Assert.Equal(50, held.DesiredReplicas);
            Assert.True(held.History.Panic.IsPanicking);
        }
        var calm = sync.Step(5); // t0+75: panic over; the 300 s scale-down window still remembers 50
        Assert.False(calm.History.Panic.IsPanicking);
        Assert.Equal(50, calm.DesiredReplicas);
        Assert.Equal(Reasons.ScaleDownStabilized, calm.Reason);
        Assert.Equal((ConditionStatus.False, Reasons.StableMode),
            (ScalerConditions.Find(calm.Conditions, ConditionTypes.Panic)!.Status, ScalerConditions.Find(calm.Conditions, ConditionTypes.Panic)!.Reason));
    }

    [Fact]
    public void Holding_scale_in_is_reported_as_the_panic_step()
    {
        var sync = new Sync(Input(10, On));
        sync.Step(50);
        var behavior = new BehaviorSpec { Panic = On, ScaleDown = new ScalingRules { StabilizationWindowSeconds = 0 } };
        var held = BehaviorEngine.Decide(Input(50, On) with { Behavior = behavior, Proposal = 5 }, sync.History, sync.Now);

        Assert.Equal(50, held.DesiredReplicas);
        Assert.Equal(50, held.Panic!.Value.Output);
        Assert.Contains("scale-in held", held.Message);
    }

    [Fact]
    public void Crossing_again_extends_the_panic()
    {
        var sync = new Sync(Input(10, On));
        sync.Step(50);                                // t0 panic
        sync.Step(100);                               // t0+15 crosses again: 100 >= 2 x 50
        var d = sync.Step(5, TimeSpan.FromSeconds(15)); // t0+30
        Assert.Equal(new PanicState(Now, Now.AddSeconds(15)), d.History.Panic);
        Assert.Equal(100, d.DesiredReplicas);
    }

    [Fact]
    public void The_short_window_proposal_is_used_when_given()
    {
        var sync = new Sync(Input(10, On));
        var d = sync.Step(12, panicProposal: 30);
        Assert.Equal(30, d.DesiredReplicas);
        Assert.True(d.History.Panic.IsPanicking);
    }

    [Fact]
    public void Failed_metrics_count_as_not_crossed_and_let_a_panic_expire()
    {
        var sync = new Sync(Input(10, On));
        sync.Step(50);
        for (int i = 0; i < 4; i++) Assert.True(sync.Step(null).History.Panic.IsPanicking);
        var d = sync.Step(null);
        Assert.False(d.History.Panic.IsPanicking);
        Assert.Equal(50, d.DesiredReplicas);
    }

    [Fact]
    public void Defaults_are_two_times_six_seconds_and_sixty_seconds()
    {
        Assert.Equal(new PanicSettings(true, 2.0, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(60)), PanicSettings.From(On));
        Assert.False(PanicSettings.From(new PanicSpec { Enabled = false, Threshold = 3 }).Enabled);
        Assert.Equal(TimeSpan.FromSeconds(90), PanicSettings.From(On with { StableWindow = "1m30s" }).StableWindow);
    }

    [Fact]
    public void A_bad_window_names_the_field()
    {
        var ex = Assert.Throws<ArgumentException>(() => PanicSettings.From(On with { Window = "soon" }));
        Assert.Contains("spec.behavior.panic.window: \"soon\"", ex.Message);
    }
}
