using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Spec;
using static ElasticScaler.Core.Tests.Decisions.DecisionFixtures;

namespace ElasticScaler.Core.Tests.Decisions;

public sealed class DecisionPipelineTests
{
    [Fact]
    public void Scales_up_by_the_hpa_formula_and_explains_each_step()
    {
        // 4 pods at 90% of a 60% target: ceil(4 * 90 / 60) = 6.
        var d = DecisionPipeline.Decide(Input(NewSpec(), 4, 90), DecisionHistory.Empty, Now);

        Assert.Equal(6, d.DesiredReplicas);
        Assert.True(d.Rescale);
        Assert.Equal(["metrics", "stabilization", "limits"], d.Steps.Select(s => s.Name));
        Assert.Equal(Reasons.ValidMetricFound, d.Steps[0].Reason);
        Assert.Contains("above target", d.EventMessage);
        Assert.Equal(Now, d.History.LastScaleTime);
    }

    [Fact]
    public void An_invalid_spec_changes_nothing_and_lists_every_problem()
    {
        var spec = NewSpec(min: 30, max: 20) with
        {
            Schedules = [new ScheduleSpec { Name = "sale", Start = "0 30 25 * * ?", Duration = "1h" }],
        };

        var d = DecisionPipeline.Decide(Input(spec, 4, 90), DecisionHistory.Empty, Now);

        Assert.Equal(4, d.DesiredReplicas);
        Assert.False(d.Rescale);
        Assert.Contains(d.SpecErrors, e => e.StartsWith("spec.minReplicas: 30: must not exceed maxReplicas", StringComparison.Ordinal));
        Assert.Contains(d.SpecErrors, e => e.StartsWith("spec.schedules[0].start: \"0 30 25 * * ?\"", StringComparison.Ordinal));
        var active = Assert.Single(d.Conditions, c => c.Type == ConditionTypes.ScalingActive);
        Assert.Equal((ConditionStatus.False, Reasons.InvalidSpec), (active.Status, active.Reason));
        Assert.Same(DecisionHistory.Empty, d.History);
    }

    [Fact]
    public void A_schedule_window_raises_the_floor_and_the_ceiling_while_in_force()
    {
        var spec = NewSpec(min: 2, max: 10) with
        {
            TimeZone = "Asia/Shanghai",
            Schedules = [new ScheduleSpec { Name = "double-11", Start = "0 0 22 10 11 ?", Duration = "4h", MinReplicas = 12, MaxReplicas = 40 }],
        };
        // 22:00 Shanghai on Nov 10 is 14:00 UTC; an hour in, low load: the floor holds 12.
        var inside = DecisionPipeline.Decide(Input(spec, 4, 10), DecisionHistory.Empty, Now.AddHours(1));
        var after = DecisionPipeline.Decide(Input(spec, 4, 10), DecisionHistory.Empty, Now.AddHours(5));

        Assert.Equal((12, 40, 12), (inside.MinReplicas, inside.MaxReplicas, inside.DesiredReplicas));
        Assert.Equal(["double-11"], inside.ActiveSchedules);
        Assert.Equal(Now.AddHours(4), inside.NextScheduleTransition);
        Assert.Equal((2, 10), (after.MinReplicas, after.MaxReplicas));
        Assert.Empty(after.ActiveSchedules);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(97)]
    [InlineData(239)]
    public void A_restart_in_mid_window_keeps_the_window_in_force(int minutesIn)
    {
        // No history at all, as after a restart: the window is state derived from the clock, not a fired event.
        var spec = NewSpec() with { Schedules = [new ScheduleSpec { Name = "promo", Start = "0 0 14 * * ?", Duration = "4h", MinReplicas = 15 }] };

        var d = DecisionPipeline.Decide(Input(spec, 4, 50), DecisionHistory.Empty, Now.AddMinutes(minutesIn));

        Assert.Equal(15, d.DesiredReplicas);
        Assert.Equal(Reasons.ScheduleWindowActive, d.Steps[0].Reason);
    }

    [Fact]
    public void Paused_freezes_the_target_at_its_current_size()
    {
        var d = DecisionPipeline.Decide(
            Input(NewSpec(), 4, 200, annotations: new Dictionary<string, string> { [PauseAnnotations.Paused] = "true" }),
            DecisionHistory.Empty, Now);

        Assert.Equal(4, d.DesiredReplicas);
        Assert.Equal(Reasons.Paused, Assert.Single(d.Steps).Reason);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("50", 20)] // held at max: never outside [min, max], even paused
    [InlineData("0", 2)]
    public void Paused_replicas_scales_to_the_asked_size_within_bounds(string asked, int expected)
    {
        var d = DecisionPipeline.Decide(
            Input(NewSpec(min: 2, max: 20), 4, 90, annotations: new Dictionary<string, string> { [PauseAnnotations.PausedReplicas] = asked }),
            DecisionHistory.Empty, Now);

        Assert.Equal(expected, d.DesiredReplicas);
        Assert.Equal(Reasons.PausedReplicas, d.Steps.Single(s => s.Name == "pause").Reason);
    }

    [Fact]
    public void An_unreadable_paused_replicas_annotation_is_an_error_naming_it()
    {
        var d = DecisionPipeline.Decide(
            Input(NewSpec(), 4, 90, annotations: new Dictionary<string, string> { [PauseAnnotations.PausedReplicas] = "ten" }),
            DecisionHistory.Empty, Now);

        Assert.Equal(4, d.DesiredReplicas);
        Assert.Contains("paused-replicas]: \"ten\": must be a whole number", Assert.Single(d.SpecErrors));
    }

    [Fact]
    public void Dry_run_decides_but_asks_for_no_write()
    {
        var d = DecisionPipeline.Decide(Input(NewSpec() with { DryRun = true }, 4, 90), DecisionHistory.Empty, Now);

        Assert.Equal(6, d.DesiredReplicas);
        Assert.True(d.DryRun);
        Assert.False(d.Rescale);
        Assert.Null(d.History.LastScaleTime);
    }

    public static TheoryData<string, DecisionInput, int> DryRunPaths => new()
    {
        { "metrics", Input(NewSpec() with { DryRun = true }, 4, 90), 6 },
        { "paused-replicas", Input(NewSpec() with { DryRun = true }, 4, 90, annotations: new Dictionary<string, string> { [PauseAnnotations.PausedReplicas] = "7" }), 7 },
        { "paused", Input(NewSpec() with { DryRun = true }, 4, 90, annotations: new Dictionary<string, string> { [PauseAnnotations.Paused] = "true" }), 4 },
        { "unreadable pause annotation", Input(NewSpec() with { DryRun = true }, 4, 90, annotations: new Dictionary<string, string> { [PauseAnnotations.PausedReplicas] = "ten" }), 4 },
        { "invalid spec", Input(NewSpec(min: 30, max: 20) with { DryRun = true }, 4, 90), 4 },
    };

    [Theory]
    [MemberData(nameof(DryRunPaths))]
    public void Dry_run_reads_the_one_spec_on_every_path(string path, DecisionInput input, int desired)
    {
        var prepared = input with { Prepared = PreparedSpec.Prepare(input.Spec, input.Settings) };

        foreach (var d in new[] { DecisionPipeline.Decide(input, DecisionHistory.Empty, Now), DecisionPipeline.Decide(prepared, DecisionHistory.Empty, Now) })
        {
            Assert.Equal(desired, d.DesiredReplicas);
            Assert.True(d.DryRun, path);
            Assert.False(d.Rescale, path);
            Assert.Null(d.History.LastScaleTime);
        }
    }

    [Fact]
    public void A_prepared_spec_must_be_prepared_from_the_inputs_own_spec()
    {
        // An equal copy is still another object: a spec that changed and one that did not must never be told apart by value.
        var input = Input(NewSpec() with { DryRun = true }, 4, 90);
        var stale = input with { Prepared = PreparedSpec.Prepare(NewSpec(), input.Settings) };
        var copy = input with { Prepared = PreparedSpec.Prepare(input.Spec with { }, input.Settings) };

        foreach (var bad in new[] { stale, copy })
        {
            var e = Assert.Throws<ArgumentException>(() => DecisionPipeline.Decide(bad, DecisionHistory.Empty, Now));
            Assert.StartsWith("input.Prepared: prepared from another ScalerSpec than input.Spec", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_prepared_spec_must_be_prepared_with_the_inputs_settings()
    {
        var input = Input(NewSpec(), 4, 90);
        var bad = input with { Prepared = PreparedSpec.Prepare(input.Spec, input.Settings with { Tolerance = 0.5 }) };

        var e = Assert.Throws<ArgumentException>(() => DecisionPipeline.Decide(bad, DecisionHistory.Empty, Now));
        Assert.StartsWith("input.Prepared: prepared with other ControllerSettings", e.Message, StringComparison.Ordinal);
        // Equal settings in another object are the same settings.
        var equal = input with { Prepared = PreparedSpec.Prepare(input.Spec, input.Settings with { }) };
        Assert.Equal(6, DecisionPipeline.Decide(equal, DecisionHistory.Empty, Now).DesiredReplicas);
    }

    [Theory]
    [InlineData(null, "the HPA target's scale is missing a selector")]
    [InlineData("", "the HPA target's scale is missing a selector")]
    [InlineData(" \t", "the HPA target's scale is missing a selector")]   // blank parses to "everything": refused as missing
    [InlineData("app in shop", "couldn't convert selector into a corresponding internal selector object: unable to parse requirement: found 'shop' expected: '('")]
    [InlineData("app=shop,", "couldn't convert selector into a corresponding internal selector object: found '', expected: identifier after ','")]
    public void Without_a_usable_selector_nothing_scales_and_scaling_active_says_why(string? selector, string message)
    {
        var spec = NewSpec() with { Placement = new PlacementSpec() };
        var d = DecisionPipeline.Decide(Input(spec, 4, 90) with { Selector = selector }, DecisionHistory.Empty, Now);

        Assert.Equal(4, d.DesiredReplicas);
        Assert.False(d.Rescale);
        var active = ScalerConditions.Find(d.Conditions, ConditionTypes.ScalingActive)!;
        Assert.Equal((ConditionStatus.False, Reasons.InvalidSelector, message), (active.Status, active.Reason, active.Message));
        Assert.Equal(Reasons.SucceededGetScale, ScalerConditions.Find(d.Conditions, ConditionTypes.AbleToScale)!.Reason);
        Assert.Null(d.Placement);
        Assert.Null(d.Metrics);
        Assert.Equal("selector", d.Steps[^1].Name);
    }

    [Theory]
    [InlineData("app=shop")]
    [InlineData("tier in (web,api),app=shop")]   // no pod has a tier label: the pods passed in are the target's, never filtered
    [InlineData("app")]
    public void A_usable_selector_only_lets_the_decision_go_on(string selector)
    {
        var d = DecisionPipeline.Decide(Input(NewSpec(), 4, 90) with { Selector = selector }, DecisionHistory.Empty, Now);

        Assert.Equal(6, d.DesiredReplicas);
    }

    [Fact]
    public void Out_of_range_the_target_goes_to_the_bound_without_a_selector_as_hpa()
    {
        // HPA's range branches come before computeReplicasForMetrics, where the selector is checked.
        var d = DecisionPipeline.Decide(Input(NewSpec(min: 5), 4, 90) with { Selector = null }, DecisionHistory.Empty, Now);

        Assert.Equal(5, d.DesiredReplicas);
        Assert.DoesNotContain(d.Conditions, c => c.Reason == Reasons.InvalidSelector);
    }

    [Fact]
    public void An_invalid_selector_is_not_a_metric_failure_and_never_starts_fallback()
    {
        var spec = NewSpec() with { Fallback = new FallbackSpec { FailureThreshold = 1, Replicas = 10 } };
        var history = DecisionHistory.Empty with { Behavior = Core.Behavior.BehaviorHistory.Empty with { ConsecutiveMetricFailures = 3 } };

        var d = DecisionPipeline.Decide(Input(spec, 4, 90) with { Selector = null }, history, Now);

        Assert.Equal(4, d.DesiredReplicas);
        Assert.Equal(3, d.History.Behavior.ConsecutiveMetricFailures);
    }

    [Fact]
    public void An_hpa_object_is_decided_without_windows_or_placement()
    {
        var spec = NewSpec() with
        {
            Schedules = [new ScheduleSpec { Name = "promo", Start = "0 0 14 * * ?", Duration = "4h", MinReplicas = 15 }],
            Placement = new PlacementSpec(),
        };
        var d = DecisionPipeline.Decide(Input(spec, 4, 90) with { Kind = ScalerKind.HorizontalPodAutoscaler }, DecisionHistory.Empty, Now);

        Assert.Equal(6, d.DesiredReplicas);
        Assert.Null(d.Placement);
        Assert.Empty(d.ActiveSchedules);
    }

    [Fact]
    public void The_same_input_history_and_time_give_the_same_decision()
    {
        var input = Input(NewSpec() with { Behavior = new BehaviorSpec() }, 4, 90);
        var first = DecisionPipeline.Decide(input, DecisionHistory.Empty, Now);
        var second = DecisionPipeline.Decide(input, DecisionHistory.Empty, Now);

        Assert.Equal(first.DesiredReplicas, second.DesiredReplicas);
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.History.Behavior.Recommendations.ToArray(), second.History.Behavior.Recommendations.ToArray());
    }
}
