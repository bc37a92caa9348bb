using System.Collections.Immutable;
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
    [InlineData(19.75, 10, false)] // an average just short of it
    public void The_threshold_is_the_panic_proposal_over_ready_pods(double proposal, int readyPods, bool over) =>
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

    /// <summary>A case of the panic window: the metric proposal of each 15 s sync with 10 pods ready, and the first sync that panics.</summary>
    public sealed record WindowCase(string Name, string Window, int[] Proposals, int? FirstPanic)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<WindowCase> WindowCases() =>
    [
        new("6s: a one-sync spike to 4x the ready pods panics at once (the window holds only this sync)", "6s", [10, 10, 10, 40, 10], 3),
        new("60s: the same spike averages (10+10+10+40)/4 = 17.5 over the window, below 2 x 10: no panic", "60s", [10, 10, 10, 40, 10], null),
        new("6s: a rise to 25 panics at its first sync (25 >= 2 x 10)", "6s", [10, 25, 25, 25], 1),
        new("60s: the same rise panics once the window's average reaches 20, two syncs in", "60s", [10, 25, 25, 25], 2),
        new("60s: a spike that lasts two syncs lifts the average to (10+10+40+40)/4 = 25 and panics", "60s", [10, 10, 10, 40, 40], 4),
        new("30s: the last two syncs, 19 and 21, average 20 and panic", "30s", [10, 10, 19, 21], 3),
        new("60s: the same syncs average (10+10+19+21)/4 = 15 with the older ones: no panic", "60s", [10, 10, 19, 21], null),
    ];

    [Theory]
    [MemberData(nameof(WindowCases))]
    public void The_panic_proposal_is_the_average_over_the_panic_window(WindowCase c)
    {
        var sync = new Sync(Input(10, On with { Window = c.Window }));
        int? firstPanic = null;
        for (int i = 0; i < c.Proposals.Length; i++)
        {
            var d = sync.Step(c.Proposals[i], readyPods: 10);
            if (d.History.Panic.IsPanicking && firstPanic is null) firstPanic = i;
        }
        Assert.Equal(c.FirstPanic, firstPanic);
    }

    [Fact]
    public void While_panicking_the_count_goes_at_once_to_the_windows_average_when_it_is_the_larger()
    {
        // 60 s window, 10 ready: 10, 50 (average 30: panic), then 5 (average 65/3 = 21.67, still over 2 x 10).
        var sync = new Sync(Input(10, On with { Window = "60s" }));
        sync.Step(10, readyPods: 10);
        Assert.Equal(50, sync.Step(50, readyPods: 10).DesiredReplicas);
        var d = sync.Step(5, readyPods: 10);

        Assert.True(d.History.Panic.IsPanicking);
        Assert.Equal(50, d.DesiredReplicas);   // max(current 50, proposal 5, ceil(21.67) = 22): no scale-in
        Assert.Contains("the average proposal over the last 60 s, 21.67, is at least 2 x 10 ready pods",
            ScalerConditions.Find(d.Conditions, ConditionTypes.Panic)!.Message);
    }

    [Fact]
    public void The_window_keeps_only_its_own_proposals_so_the_history_stays_small()
    {
        var sync = new Sync(Input(10, On with { Window = "60s" }));
        for (int i = 0; i < 100; i++) sync.Step(10);

        // 15 s syncs: those at now, -15, -30 and -45 s are inside 60 s; the one at -60 s is not.
        Assert.Equal(4, sync.History.PanicProposals.Length);
        Assert.Empty(new Sync(Input(10, panic: null)).Step(10).History.PanicProposals);
    }

    [Theory]
    [InlineData(30, new[] { -45, -30, -15 }, new[] { -15, 0 })]   // exactly a window old is out
    [InlineData(60, new[] { -45, -30, -15 }, new[] { -45, -30, -15, 0 })]
    [InlineData(6, new int[0], new[] { 0 })]                       // this sync always counts
    [InlineData(0, new[] { -15 }, new[] { 0 })]
    public void Record_drops_what_is_a_window_old_or_older_and_adds_this_sync(int windowSeconds, int[] before, int[] after)
    {
        var proposals = before.Select(s => Rec(7, TimeSpan.FromSeconds(-s))).ToImmutableArray();

        var recorded = Panic.Record(proposals, 9, TimeSpan.FromSeconds(windowSeconds), Now);

        Assert.Equal(after.Select(s => Now.AddSeconds(s)), recorded.Select(r => r.Timestamp));
        Assert.Equal(9, recorded[^1].Replicas);
    }

    [Fact]
    public void Record_without_a_proposal_only_forgets()
    {
        var proposals = ImmutableArray.Create(Rec(7, TimeSpan.FromSeconds(90)), Rec(8, TimeSpan.FromSeconds(15)));

        Assert.Equal([Rec(8, TimeSpan.FromSeconds(15))], Panic.Record(proposals, null, TimeSpan.FromMinutes(1), Now).ToArray());
        Assert.Null(Panic.Average([]));
    }

    [Fact]
    public void Record_keeps_at_most_the_newest_max_proposals_for_a_caller_that_decides_often()
    {
        var proposals = ImmutableArray<TimestampedRecommendation>.Empty;
        for (int i = 0; i < Panic.MaxProposals + 60; i++)
            proposals = Panic.Record(proposals, i, Panic.MaxWindow, Now.AddSeconds(i));

        Assert.Equal(Panic.MaxProposals, proposals.Length);
        Assert.Equal(Panic.MaxProposals + 59, proposals[^1].Replicas);
        Assert.Equal(60, proposals[0].Replicas);
    }

    [Fact]
    public void A_window_longer_than_an_hour_is_refused()
    {
        var spec = Decisions.DecisionFixtures.NewSpec() with { Behavior = new BehaviorSpec { Panic = On with { Window = "2h" } } };
        Assert.Contains("spec.behavior.panic.window: \"2h\": must be at most 1h (KPA's longest window)", Validation.SpecValidator.Validate(spec));
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
