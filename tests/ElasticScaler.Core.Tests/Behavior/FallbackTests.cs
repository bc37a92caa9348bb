using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Fallback (KEDA's idea): see <see cref="Fallback"/> for the exact rules.</summary>
public sealed class FallbackTests
{
    private static readonly FallbackSpec ThreeThenForty = new() { FailureThreshold = 3, Replicas = 40 };

    private static BehaviorInput Input(int current, BehaviorSpec? behavior = null, FallbackSpec? fallback = null, int max = 100) => new()
    {
        CurrentReplicas = current, MinReplicas = 1, MaxReplicas = max, ReadyPods = current,
        Behavior = behavior, Fallback = fallback ?? ThreeThenForty,
    };

    private static (ConditionStatus, string) Fallback(BehaviorDecision d)
    {
        var c = ScalerConditions.Find(d.Conditions, ConditionTypes.Fallback)!;
        return (c.Status, c.Reason);
    }

    [Fact]
    public void Fallback_starts_when_failures_exceed_the_threshold_as_in_keda()
    {
        var sync = new Sync(Input(10, new BehaviorSpec()));
        for (int failure = 1; failure <= 3; failure++)
        {
            var d = sync.Step(null);
            Assert.Equal(10, d.DesiredReplicas);
            Assert.Equal(failure, d.History.ConsecutiveMetricFailures);
            Assert.Equal((ConditionStatus.False, Reasons.NoFallbackFound), Fallback(d));
            Assert.Null(d.Fallback);
        }

        var fourth = sync.Step(null);
        Assert.Equal(new StepOutcome(null, 40, Reasons.FallbackActive, fourth.Fallback!.Value.Message), fourth.Fallback);
        Assert.Equal((ConditionStatus.True, Reasons.FallbackActive), Fallback(fourth));
        Assert.Equal(Reasons.FallbackActive, ScalerConditions.Find(fourth.Conditions, ConditionTypes.ScalingActive)!.Reason);
        // The fallback size replaces the proposal; the default rate policy still limits the first step to double.
        Assert.Equal(20, fourth.DesiredReplicas);
        Assert.Equal(40, sync.Step(null).DesiredReplicas);
    }

    [Fact]
    public void One_success_resets_the_count()
    {
        var sync = new Sync(Input(10, new BehaviorSpec()));
        sync.Step(null);
        sync.Step(null);
        var ok = sync.Step(10);
        Assert.Equal(0, ok.History.ConsecutiveMetricFailures);
        Assert.Equal((ConditionStatus.False, Reasons.NoFallbackFound), Fallback(ok));
        Assert.Equal(1, sync.Step(null).History.ConsecutiveMetricFailures);
    }

    [Fact]
    public void The_fallback_size_is_clamped_to_the_bounds()
    {
        var sync = new Sync(Input(10, new BehaviorSpec(), new FallbackSpec { FailureThreshold = 0, Replicas = 500 }, max: 15));
        var d = sync.Step(null);
        Assert.Equal(15, d.DesiredReplicas);
        Assert.Equal(Reasons.TooManyReplicas, d.Reason);
    }

    [Fact]
    public void Scale_down_to_the_fallback_size_is_stabilized_like_any_proposal()
    {
        // Legacy path: the 5 minute downscale window remembers the 100 and keeps it.
        var sync = new Sync(Input(100, fallback: new FallbackSpec { FailureThreshold = 0, Replicas = 40 }));
        var d = sync.Step(null);
        Assert.Equal(100, d.DesiredReplicas);
        Assert.Equal(Reasons.ScaleDownStabilized, d.Reason);
    }

    [Fact]
    public void Syncs_that_read_no_metrics_do_not_count()
    {
        var d = BehaviorEngine.Decide(Input(150) with { Proposal = null }, new BehaviorHistory { ConsecutiveMetricFailures = 2 }, Rules.Now);
        Assert.Equal(100, d.DesiredReplicas);
        Assert.Equal(2, d.History.ConsecutiveMetricFailures);
    }

    [Fact]
    public void Without_fallback_failures_are_counted_but_change_nothing()
    {
        var sync = new Sync(Input(10) with { Fallback = null });
        for (int i = 0; i < 10; i++) Assert.Equal(10, sync.Step(null).DesiredReplicas);
        Assert.Equal(10, sync.History.ConsecutiveMetricFailures);
        Assert.Null(ScalerConditions.Find(sync.Last!.Conditions, ConditionTypes.Fallback));
    }
}
