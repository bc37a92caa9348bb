using CsCheck;
using ElasticScaler.Core.Schedules;
using static ElasticScaler.Core.Tests.Schedules.ScheduleTestKit;

namespace ElasticScaler.Core.Tests.Schedules;

public sealed class ScheduleEvaluatorTests
{
    private const string Shanghai = "Asia/Shanghai";
    private const string NewYork = "America/New_York";
    private const string Berlin = "Europe/Berlin";

    private static readonly ScheduleSpecs Double11 = new(Window("double-11", "0 30 23 10 11 ?", duration: "2h30m", min: 80, max: 300, zone: Shanghai));

    private sealed record ScheduleSpecs(params Spec.ScheduleSpec[] Items);

    [Theory]
    [InlineData("2026-11-10T23:29:59", false)]
    [InlineData("2026-11-10T23:30:00", true)]
    [InlineData("2026-11-11T00:00:00", true)]
    [InlineData("2026-11-11T01:59:59", true)]
    [InlineData("2026-11-11T02:00:00", false)]
    public void A_start_plus_duration_window_is_in_force_from_start_until_start_plus_duration(string local, bool inForce)
    {
        var e = Eval(Local(local, Shanghai), Double11.Items);
        Assert.Equal(inForce, e.Active.Count == 1);
        Assert.Equal(inForce ? Reasons.ScheduleWindowActive : Reasons.NoScheduleWindow, e.Reason);
        Assert.Equal(inForce ? 80 : null, e.Floor);
        Assert.Equal(inForce ? 300 : null, e.Ceiling);
    }

    [Fact]
    public void Restarting_anywhere_inside_a_window_finds_it_in_force_with_the_same_start_and_close()
    {
        var start = Local("2026-11-10T23:30:00", Shanghai);
        var compiled = ScheduleCompiler.Compile(Double11.Items, [], null);
        Gen.Long[0, (long)TimeSpan.FromMinutes(150).TotalSeconds - 1].Sample(offset =>
        {
            // A fresh compile each time: nothing is remembered from an earlier evaluation, as after a restart.
            var fresh = ScheduleCompiler.Compile(Double11.Items, [], null);
            var e = ScheduleEvaluator.Evaluate(fresh, start.AddSeconds(offset));
            var w = Assert.Single(e.Active);
            Assert.Equal(start, w.Start);
            Assert.Equal(start.AddMinutes(150), w.Closes);
            Assert.Equal(start.AddMinutes(150), e.NextTransition);
            var memoised = ScheduleEvaluator.Evaluate(compiled, start.AddSeconds(offset));
            Assert.Equal(e.Active, memoised.Active);
            Assert.Equal(e.NextTransition, memoised.NextTransition);
        }, iter: 200);
    }

    [Theory]
    [InlineData("2026-11-24T21:59:59", false, "2026-11-24T22:00:00")]
    [InlineData("2026-11-24T22:00:00", true, "2026-11-25T02:00:00")]
    [InlineData("2026-11-24T23:59:59", true, "2026-11-25T02:00:00")]
    [InlineData("2026-11-25T00:00:00", true, "2026-11-25T02:00:00")]
    [InlineData("2026-11-25T01:59:59", true, "2026-11-25T02:00:00")]
    [InlineData("2026-11-25T02:00:00", false, "2026-11-25T22:00:00")]
    [InlineData("2026-11-25T12:00:00", false, "2026-11-25T22:00:00")]
    public void A_start_plus_end_window_across_midnight_closes_at_the_first_end_after_its_start(string local, bool inForce, string next)
    {
        var e = Eval(Local(local, Shanghai), Window("night", "0 0 22 * * ?", end: "0 0 2 * * ?", min: 5, zone: Shanghai));
        Assert.Equal(inForce, e.Active.Count == 1);
        Assert.Equal(Local(next, Shanghai), e.NextTransition);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-300, true)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    public void Prewarm_brings_the_window_into_force_early(int secondsFromStart, bool inForce)
    {
        var start = Local("2026-11-10T23:30:00", Shanghai);
        var e = Eval(start.AddSeconds(secondsFromStart),
            Window("double-11", "0 30 23 10 11 ?", duration: "2h30m", min: 80, zone: Shanghai, prewarm: 300));
        Assert.Equal(inForce, e.Active.Count == 1);
        if (inForce)
        {
            Assert.Equal(start, e.Active[0].Start);
            Assert.Equal(start.AddSeconds(-300), e.Active[0].InForceFrom);
        }
        else
        {
            Assert.Equal(start.AddSeconds(-300), e.NextTransition);
        }
    }

    [Fact]
    public void Overlapping_windows_give_the_largest_floor_and_the_largest_ceiling()
    {
        var e = Eval(Utc("2026-11-25T10:00:00Z"),
            Window("a", "0 0 9 * * ?", duration: "3h", min: 10, max: 50),
            Window("b", "0 0 10 * * ?", duration: "1h", min: 30, max: 40),
            Window("c", "0 0 11 * * ?", duration: "1h", min: 99, max: 999));
        Assert.Equal(["a", "b"], Names(e));
        Assert.Equal(30, e.Floor);
        Assert.Equal(50, e.Ceiling);
        Assert.Equal(Utc("2026-11-25T11:00:00Z"), e.NextTransition); // b closes and c opens
    }

    [Theory]
    [InlineData("2026-11-10T23:59:59", false, "2026-11-11T00:00:00")]
    [InlineData("2026-11-11T00:00:00", true, "2026-11-12T00:00:00")]
    [InlineData("2026-11-11T18:00:00", true, "2026-11-12T00:00:00")]
    [InlineData("2026-11-12T00:00:00", false, null)]
    public void A_one_off_dated_window_opens_once_in_its_zone(string local, bool inForce, string? next)
    {
        var e = Eval(Local(local, Shanghai),
            Window("singles-day", "2026-11-11T00:00:00", end: "2026-11-12T00:00:00", min: 100, zone: Shanghai));
        Assert.Equal(inForce, e.Active.Count == 1);
        Assert.Equal(next is null ? null : Local(next, Shanghai), e.NextTransition);
    }

    [Fact]
    public void Cronhpa_at_date_form_is_a_one_off_too()
    {
        var e = Eval(Utc("2026-11-11T00:30:00Z"), Window("once", "@date 2026-11-11 00:00:00", duration: "1h", min: 3));
        Assert.Equal(["once"], Names(e));
    }

    [Theory]
    [InlineData("2026-12-24T10:00:00", true)]
    [InlineData("2026-12-25T10:00:00", false)]
    [InlineData("2026-12-26T10:00:00", true)]
    public void An_iso_excluded_date_keeps_that_days_window_shut(string local, bool inForce)
    {
        var e = Eval(Local(local, Shanghai), Shanghai, ["2026-12-25"],
            Window("office", "0 0 9 * * ?", end: "0 0 17 * * ?", min: 10));
        Assert.Equal(inForce, e.Active.Count == 1);
        if (!inForce)
        {
            Assert.Equal(Reasons.ScheduleDateExcluded, e.Reason);
            Assert.Equal(["office"], e.Excluded);
            Assert.Equal(Local("2026-12-26T09:00:00", Shanghai), e.NextTransition);
        }
    }

    [Theory]
    [InlineData("0 0 0 * * SAT")]          // quartz-style seconds-first with a name
    [InlineData("* * * * * 6")]            // cronhpa: every moment of day-of-week 6 (Saturday)
    [InlineData("* * * * 6")]              // crontab
    [InlineData("0 0 12 ? * 7")]           // quartz numbering: 7 = Saturday
    public void A_cron_excluded_date_matches_at_day_granularity(string exclusion)
    {
        // 2026-11-28 is a Saturday; the window is at 09:00 while the first exclusion fires at midnight.
        var window = Window("shop", "0 0 9 * * ?", duration: "8h", min: 10);
        Assert.Empty(Eval(Utc("2026-11-28T10:00:00Z"), null, [exclusion], window).Active);
        Assert.Single(Eval(Utc("2026-11-27T10:00:00Z"), null, [exclusion], window).Active);
        Assert.Single(Eval(Utc("2026-11-29T10:00:00Z"), null, [exclusion], window).Active);
        Assert.Equal(Utc("2026-11-29T09:00:00Z"), Eval(Utc("2026-11-27T18:00:00Z"), null, [exclusion], window).NextTransition);
    }

    [Fact]
    public void Exclusion_is_decided_by_the_start_day_so_a_window_opened_the_day_before_runs_on()
    {
        var window = Window("eve", "0 0 22 * * ?", end: "0 0 2 * * ?", min: 7, zone: Shanghai);
        // Opened 22:00 on the 24th (not excluded): still in force at 01:00 on the excluded 25th.
        Assert.Single(Eval(Local("2026-12-25T01:00:00", Shanghai), null, ["2026-12-25"], window).Active);
        // The 25th's own 22:00 start is excluded.
        var e = Eval(Local("2026-12-25T23:00:00", Shanghai), null, ["2026-12-25"], window);
        Assert.Empty(e.Active);
        Assert.Equal(Reasons.ScheduleDateExcluded, e.Reason);
    }

    [Fact]
    public void Excluded_days_are_taken_in_the_schedules_own_zone()
    {
        // 2026-12-25 08:00 in Shanghai is 2026-12-25 00:00 UTC; 2026-12-24 20:00 in New York is 2026-12-25 01:00 UTC.
        var shanghai = Window("sh", "0 0 8 * * ?", duration: "2h", min: 1, zone: Shanghai);
        var newYork = Window("ny", "0 0 20 * * ?", duration: "1h", min: 1, zone: NewYork);
        var e = Eval(Utc("2026-12-25T01:30:00Z"), "UTC", ["2026-12-25"], shanghai, newYork);
        Assert.Equal(["ny"], Names(e));
        Assert.Equal(["sh"], e.Excluded);
    }

    [Fact]
    public void The_schedule_zone_overrides_the_spec_zone_which_overrides_utc()
    {
        var now = Utc("2026-11-25T01:30:00Z"); // 09:30 in Shanghai, 20:30 the day before in New York
        Assert.Single(Eval(now, Shanghai, [], Window("w", "0 0 9 * * ?", duration: "1h", min: 1)).Active);
        Assert.Empty(Eval(now, Shanghai, [], Window("w", "0 0 9 * * ?", duration: "1h", min: 1, zone: NewYork)).Active);
        Assert.Single(Eval(now, null, [], Window("w", "0 0 1 * * ?", duration: "1h", min: 1)).Active);
    }

    [Fact]
    public void A_leap_day_window_opens_only_on_february_29()
    {
        var window = Window("leap", "0 0 0 29 2 ?", duration: "1d", min: 4);
        Assert.Equal(Utc("2028-02-29T00:00:00Z"), Eval(Utc("2026-11-25T00:00:00Z"), window).NextTransition);
        Assert.Single(Eval(Utc("2028-02-29T23:59:59Z"), window).Active);
        Assert.Empty(Eval(Utc("2028-03-01T00:00:00Z"), window).Active);
        Assert.Empty(Eval(Utc("2027-02-28T12:00:00Z"), window).Active);
        Assert.Equal(Utc("2032-02-29T00:00:00Z"), Eval(Utc("2028-03-01T00:00:00Z"), window).NextTransition);
    }

    [Fact]
    public void Spring_forward_in_new_york_a_start_inside_the_gap_opens_at_the_end_of_the_gap()
    {
        // 2026-03-08 02:00 EST jumps to 03:00 EDT; Quartz fires 02:30 at 03:00 EDT (07:00Z).
        var window = Window("early", "0 30 2 * * ?", duration: "1h", min: 2, zone: NewYork);
        Assert.Empty(Eval(Utc("2026-03-08T06:59:59Z"), window).Active);
        var e = Eval(Utc("2026-03-08T07:00:00Z"), window);
        Assert.Equal(Utc("2026-03-08T07:00:00Z"), Assert.Single(e.Active).Start);
        Assert.Equal(Utc("2026-03-08T08:00:00Z"), e.NextTransition);
        // The next day is back to 02:30 EDT.
        Assert.Equal(Utc("2026-03-09T06:30:00Z"), Eval(Utc("2026-03-08T09:00:00Z"), window).NextTransition);
    }

    [Fact]
    public void Spring_forward_a_start_plus_end_window_spanning_the_gap_is_one_hour_shorter_in_real_time()
    {
        var window = Window("night", "0 0 1 * * ?", end: "0 0 4 * * ?", min: 2, zone: NewYork);
        var e = Eval(Utc("2026-03-08T06:30:00Z"), window); // 01:30 EST
        var w = Assert.Single(e.Active);
        Assert.Equal(Utc("2026-03-08T06:00:00Z"), w.Start);  // 01:00 EST
        Assert.Equal(Utc("2026-03-08T08:00:00Z"), w.Closes); // 04:00 EDT
    }

    [Fact]
    public void Fall_back_in_new_york_a_repeated_start_opens_once_at_its_first_occurrence()
    {
        // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:30 happens at 05:30Z and again at 06:30Z.
        var window = Window("early", "0 30 1 * * ?", duration: "30m", min: 2, zone: NewYork);
        Assert.Equal(Utc("2026-11-01T05:30:00Z"), Assert.Single(Eval(Utc("2026-11-01T05:45:00Z"), window).Active).Start);
        var after = Eval(Utc("2026-11-01T06:40:00Z"), window);
        Assert.Empty(after.Active);
        Assert.Equal(Utc("2026-11-02T06:30:00Z"), after.NextTransition);
        // Whether we ask from before, inside or after the repeated hour, the next opening is the same.
        Assert.Equal(Utc("2026-11-02T06:30:00Z"), Eval(Utc("2026-11-01T06:10:00Z"), window).NextTransition);
    }

    [Fact]
    public void Fall_back_a_start_plus_end_window_spanning_the_repeat_is_one_hour_longer_in_real_time()
    {
        var window = Window("night", "0 0 0 * * ?", end: "0 0 3 * * ?", min: 2, zone: NewYork);
        var w = Assert.Single(Eval(Utc("2026-11-01T06:30:00Z"), window).Active);
        Assert.Equal(Utc("2026-11-01T04:00:00Z"), w.Start);  // 00:00 EDT
        Assert.Equal(Utc("2026-11-01T08:00:00Z"), w.Closes); // 03:00 EST
    }

    [Theory]
    // Berlin 2026-03-29 02:00 CET jumps to 03:00 CEST; 2026-10-25 03:00 CEST falls back to 02:00 CET.
    [InlineData("2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z")] // 02:30 does not exist: 03:00 CEST
    [InlineData("2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")] // 02:30 CEST, the first of the two
    [InlineData("2026-10-25T00:45:00Z", "2026-10-26T01:30:00Z")] // the second 02:30 (CET) is skipped
    public void Berlin_dst_changes_both_ways(string nowUtc, string nextOpen)
    {
        var window = Window("b", "0 30 2 * * ?", duration: "10m", min: 1, zone: Berlin);
        Assert.Equal(Utc(nextOpen), Eval(Utc(nowUtc), window).NextTransition);
    }

    [Fact]
    public void Back_to_back_windows_of_one_schedule_report_the_close_of_the_whole_stretch()
    {
        // Every hour for 90 minutes: the schedule never closes; the chain stops after its hop limit.
        var e = Eval(Utc("2026-11-25T10:10:00Z"), Window("always", "0 0 * * * ?", duration: "90m", min: 1));
        var w = Assert.Single(e.Active);
        Assert.Equal(Utc("2026-11-25T10:00:00Z"), w.Start);
        Assert.True(w.Closes > Utc("2026-11-26T00:00:00Z"));
    }

    [Fact]
    public void The_evaluation_is_remembered_until_the_next_transition_and_recomputed_after_it()
    {
        var compiled = ScheduleCompiler.Compile(Double11.Items, [], null);
        var inside = Local("2026-11-11T00:00:00", Shanghai);
        var first = ScheduleEvaluator.Evaluate(compiled, inside);
        Assert.Same(first, ScheduleEvaluator.Evaluate(compiled, inside.AddMinutes(30)));
        var after = ScheduleEvaluator.Evaluate(compiled, first.NextTransition!.Value);
        Assert.Empty(after.Active);
        // Going back in time (a replay) is recomputed, not served from the memo.
        Assert.Single(ScheduleEvaluator.Evaluate(compiled, inside).Active);
    }

    [Theory]
    [InlineData(10, 100, 80, 300, 80, 300, false)]
    [InlineData(10, 100, 80, null, 80, 100, false)]
    [InlineData(10, 50, 80, null, 80, 80, true)]     // window floor above spec max: ceiling raised to the floor
    [InlineData(10, 50, 80, 60, 80, 80, true)]
    [InlineData(10, 100, 5, 20, 10, 100, false)]     // windows never lower the floor or the ceiling
    public void Bounds_rise_with_the_windows_and_the_ceiling_follows_a_higher_floor(
        int specMin, int specMax, int? floor, int? ceiling, int min, int max, bool raised)
    {
        var e = new ScheduleEvaluation([], [], floor, ceiling, null, Reasons.ScheduleWindowActive, "");
        Assert.Equal(new ScheduleBounds(min, max, raised), e.Apply(specMin, specMax));
    }

    [Fact]
    public void A_quartz_year_field_limits_the_window_to_that_year()
    {
        var window = Window("launch", "0 0 9 1 1 ? 2027", duration: "8h", min: 20);
        Assert.Equal(Utc("2027-01-01T09:00:00Z"), Eval(Utc("2026-11-25T00:00:00Z"), window).NextTransition);
        Assert.Single(Eval(Utc("2027-01-01T12:00:00Z"), window).Active);
        var after = Eval(Utc("2027-01-01T17:00:00Z"), window);
        Assert.Empty(after.Active);
        Assert.Null(after.NextTransition);
    }

    [Fact]
    public void A_recurring_start_whose_one_off_end_has_passed_opens_nothing_more()
    {
        var window = Window("until-launch", "0 0 9 * * ?", end: "2026-11-26T17:00:00", min: 3);
        Assert.Single(Eval(Utc("2026-11-26T10:00:00Z"), window).Active);
        var after = Eval(Utc("2026-11-26T18:00:00Z"), window);
        Assert.Empty(after.Active);
        Assert.Null(after.NextTransition);
    }

    [Fact]
    public void No_schedules_evaluate_to_none_without_work()
    {
        Assert.Same(ScheduleEvaluation.None, ScheduleEvaluator.Evaluate(CompiledSchedules.Empty, Utc("2026-11-25T00:00:00Z")));
    }
}
