using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Import;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Schedules;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Autoscaler.Tests.Import;

/// <summary>
/// HPA + CronHPA merge rules, checked against CronHPA's own semantics: with an HPA, the floor at any instant is
/// the size the latest job set (a raising job raises minReplicas, a lowering job lowers it). The imported windows,
/// evaluated by the engine's own schedule code, must give that floor at every sampled instant of a week.
/// </summary>
public sealed class MergeRuleTests
{
    private static string Hpa(int min = 2, int max = 30, string ns = "shop") => $$$"""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: {{{min}}}
          maxReplicas: {{{max}}}
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
        """;

    private static string Cron(string jobs, bool onHpa = true, string extra = "") => $$"""
        apiVersion: autoscaling.alibabacloud.com/v1beta1
        kind: CronHorizontalPodAutoscaler
        metadata: {name: web-cron, namespace: shop}
        spec:
          scaleTargetRef: {{(onHpa ? "{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web}" : "{apiVersion: apps/v1, kind: Deployment, name: web}")}}
        {{extra}}
          jobs:
        {{jobs}}
        """;

    private static string Job(string name, string schedule, int size) => $"  - {{name: {name}, schedule: \"{schedule}\", targetSize: {size}}}";

    private static ImportRun Import(string zone = "Asia/Shanghai", params string[] docs) =>
        ImportRun.Of(new ImportCommand.Request { Inputs = ["-"], CronHpaTimeZone = zone }, stdin: string.Join("\n---\n", docs));

    private static ScalerSpec SpecOf(JsonObject es)
    {
        using var doc = JsonDocument.Parse(es.ToJsonString());
        var read = KubernetesObjects.Scaler(doc.RootElement);
        Assert.True(read.Success, string.Join("; ", read.Errors));
        return read.Value!.Spec;
    }

    /// <summary>CronHPA with an HPA: the floor is the size of the latest job that fired (in the CronHPA's zone).</summary>
    private static int CronHpaFloor(IReadOnlyList<(string Schedule, int Size)> jobs, string zone, DateTimeOffset at)
    {
        DateTimeOffset? latest = null;
        int size = 0;
        foreach (var (schedule, s) in jobs)
        {
            var times = ScheduleTimes.TryParse(schedule, zone, out var error)!;
            Assert.Null(error);
            // The latest fire at or before `at`, within a week back.
            DateTimeOffset? last = null;
            for (var t = times.Next(at.AddDays(-8)); t is { } f && f <= at; t = times.Next(f)) last = f;
            if (last is { } l && (latest is null || l > latest)) (latest, size) = (l, s);
        }
        return size;
    }

    private static void AssertFloorsMatch(ScalerSpec spec, IReadOnlyList<(string Schedule, int Size)> jobs, string zone)
    {
        var compiled = ScheduleCompiler.Compile(spec);
        for (var at = ImportRun.Now.AddDays(8); at < ImportRun.Now.AddDays(15); at += TimeSpan.FromMinutes(37))
        {
            var bounds = ScheduleEvaluator.Evaluate(compiled, at).Apply(spec.MinReplicas ?? 1, spec.MaxReplicas);
            Assert.True(CronHpaFloor(jobs, zone, at) == bounds.MinReplicas,
                $"at {at:O}: CronHPA's floor {CronHpaFloor(jobs, zone, at)}, the imported windows give {bounds.MinReplicas}");
        }
    }

    [Fact]
    public void A_raising_job_opens_a_window_that_the_next_lowering_job_closes()
    {
        (string, int)[] jobs = [("0 0 8 * * *", 10), ("0 0 20 * * *", 2)];
        var run = Import("Asia/Shanghai", Hpa(), Cron(string.Join('\n', Job("up", jobs[0].Item1, 10), Job("down", jobs[1].Item1, 2))));

        Assert.Equal(0, run.Exit);
        var es = run.Single();
        Assert.Equal("web", (string)es["metadata"]!["name"]!);
        var spec = SpecOf(es);
        Assert.Equal(2, spec.MinReplicas);
        Assert.Equal(30, spec.MaxReplicas);
        var w = Assert.Single(spec.Schedules);
        Assert.Equal(("up", "0 0 8 * * *", "0 0 20 * * *", 10, (int?)null), (w.Name, w.Start, w.End, w.MinReplicas!.Value, w.MaxReplicas));
        AssertFloorsMatch(spec, jobs, "Asia/Shanghai");
    }

    [Fact]
    public void A_staircase_of_jobs_becomes_overlapping_windows_with_the_same_floors()
    {
        (string, int)[] jobs = [("0 0 8 * * *", 10), ("0 0 12 * * *", 20), ("0 0 14 * * *", 15), ("0 30 18 * * *", 3), ("0 0 22 * * *", 2)];
        var text = string.Join('\n', jobs.Select((j, i) => Job($"j{i}", j.Item1, j.Item2)));
        var run = Import("Asia/Shanghai", Hpa(), Cron(text));

        var spec = SpecOf(run.Single());
        Assert.Equal(2, spec.MinReplicas);
        AssertFloorsMatch(spec, jobs, "Asia/Shanghai");
    }

    [Fact]
    public void A_size_lowered_by_different_jobs_on_different_days_ends_where_it_overshoots_least_and_is_noted()
    {
        // 15 from 14:00 daily; weekdays down to 3 at 18:30, every day down to 2 at 22:00.
        var jobs = string.Join('\n', Job("afternoon", "0 0 14 * * *", 15), Job("weekday-evening", "0 30 18 * * 1-5", 3), Job("night", "0 0 22 * * *", 2));
        var run = Import("Asia/Shanghai", Hpa(), Cron(jobs));

        var spec = SpecOf(run.Single());
        var afternoon = spec.Schedules.Single(s => s.Name == "afternoon");
        Assert.Equal("0 0 22 * * *", afternoon.End);
        Assert.Equal("0 0 22 * * *", spec.Schedules.Single(s => s.Name == "weekday-evening").End);
        Assert.Contains(run.Notes, n => n.Contains("the size job \"afternoon\" raises is lowered by different jobs on different days", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lowering_job_above_the_hpa_min_sets_the_floor_outside_windows_and_is_noted()
    {
        (string, int)[] jobs = [("0 0 8 * * *", 10), ("0 0 20 * * *", 3)];
        var run = Import("Asia/Shanghai", Hpa(min: 1), Cron(string.Join('\n', Job("up", jobs[0].Item1, 10), Job("down", jobs[1].Item1, 3))));

        Assert.Equal(1, run.Exit);
        var spec = SpecOf(run.Single());
        Assert.Equal(3, spec.MinReplicas);
        Assert.Contains(run.Notes, n => n.Contains("spec.jobs[1].targetSize: job \"down\" sets the HorizontalPodAutoscaler's floor to 3", StringComparison.Ordinal));
        AssertFloorsMatch(spec, jobs, "Asia/Shanghai");
    }

    [Fact]
    public void The_cronhpa_may_target_the_workload_directly_too_which_is_noted()
    {
        var run = Import("Asia/Shanghai", Hpa(), Cron(string.Join('\n', Job("up", "0 0 8 * * *", 10), Job("down", "0 0 20 * * *", 2)), onHpa: false));

        var es = run.Single();
        Assert.Equal(10, (int)es["spec"]!["schedules"]![0]!["minReplicas"]!);
        Assert.Contains(run.Notes, n => n.Contains("targets Deployment/web directly while HorizontalPodAutoscaler shop/web scales it", StringComparison.Ordinal));
        Assert.Equal("HorizontalPodAutoscaler/web, CronHorizontalPodAutoscaler/web-cron",
            (string)es["metadata"]!["annotations"]![ElasticScaler.Autoscaler.Import.Convert.ImportedScaler.ImportedFrom]!);
    }

    [Fact]
    public void An_unpaired_job_becomes_a_window_of_the_stated_duration_with_a_note()
    {
        var run = ImportRun.Of(new ImportCommand.Request { Inputs = ["-"], UnpairedWindowDuration = "90m" },
            stdin: Hpa() + "\n---\n" + Cron(Job("promo", "0 0 9 11 11 *", 40)));

        Assert.Equal(1, run.Exit);
        var w = Assert.Single(SpecOf(run.Single()).Schedules);
        Assert.Equal(("0 0 9 11 11 *", null, "90m", 40), (w.Start, w.End, w.Duration, w.MinReplicas!.Value));
        Assert.Contains(run.Notes, n => n.Contains("spec.jobs[0]: no later job lowers the size job \"promo\" sets (40)", StringComparison.Ordinal));
        Assert.Contains(run.Notes, n => n.Contains("raises the HorizontalPodAutoscaler's maxReplicas to 40 for good", StringComparison.Ordinal));
        Assert.Contains("# CronHorizontalPodAutoscaler web-cron spec.jobs[0]: no later job lowers", run.Out);
    }

    [Fact]
    public void Exclude_dates_carry_over_and_stop_windows_on_those_days()
    {
        var run = Import("Asia/Shanghai", Hpa(),
            Cron(string.Join('\n', Job("up", "0 0 8 * * *", 10), Job("down", "0 0 20 * * *", 2)), extra: "  excludeDates: [\"* * * 11 11 *\", \"* * * * * 6\"]"));

        var spec = SpecOf(run.Single());
        Assert.Equal(["* * * 11 11 *", "* * * * * 6"], spec.ExcludeDates);
        var compiled = ScheduleCompiler.Compile(spec);
        // Wednesday 11 November, 10:00 in Shanghai: excluded; Thursday the 12th: the window is in force; Saturday the 14th: excluded.
        Assert.Equal(2, ScheduleEvaluator.Evaluate(compiled, Local(2026, 11, 11, 10)).Apply(2, 30).MinReplicas);
        Assert.Equal(10, ScheduleEvaluator.Evaluate(compiled, Local(2026, 11, 12, 10)).Apply(2, 30).MinReplicas);
        Assert.Equal(2, ScheduleEvaluator.Evaluate(compiled, Local(2026, 11, 14, 10)).Apply(2, 30).MinReplicas);
    }

    private static DateTimeOffset Local(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(null, "Asia/Shanghai", "taken as Asia/Shanghai, the zone ACK ships")]
    [InlineData("Europe/Berlin", "Europe/Berlin", "Europe/Berlin, from --cronhpa-time-zone")]
    public void Every_cronhpa_window_is_in_the_controllers_zone_and_says_so(string? flag, string zone, string comment)
    {
        (string, int)[] jobs = [("0 0 8 * * 1-5", 10), ("0 0 20 * * 1-5", 2), ("0 0 10 * * 6", 6), ("0 0 16 * * 6", 2)];
        var text = string.Join('\n', jobs.Select((j, i) => Job($"j{i}", j.Item1, j.Item2)));
        var run = ImportRun.Of(new ImportCommand.Request { Inputs = ["-"], CronHpaTimeZone = flag }, stdin: Hpa() + "\n---\n" + Cron(text));

        var spec = SpecOf(run.Single());
        Assert.Equal(2, spec.Schedules.Count);
        Assert.All(spec.Schedules, s => Assert.Equal(zone, s.TimeZone));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(run.Out, System.Text.RegularExpressions.Regex.Escape(comment)).Count);
        AssertFloorsMatch(spec, jobs, zone);
    }

    [Fact]
    public void A_cronhpa_on_an_hpa_that_is_not_among_the_inputs_is_noted_and_makes_nothing()
    {
        var run = Import("Asia/Shanghai", Cron(Job("up", "0 0 8 * * *", 10)));

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Objects);
        Assert.Contains(run.Notes, n => n.Contains("targets HorizontalPodAutoscaler \"web\", which is not among the inputs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cronhpa_schedule_with_a_question_mark_keeps_robfig_day_numbers()
    {
        // robfig reads 1-5 as Monday to Friday and ? as *; Quartz would read "? * 1-5" as Sunday to Thursday.
        var run = Import("Asia/Shanghai", Hpa(), Cron(string.Join('\n', Job("up", "0 0 8 ? * 1-5", 10), Job("down", "0 0 20 ? * 1-5", 2))));

        var w = Assert.Single(SpecOf(run.Single()).Schedules);
        Assert.Equal("0 0 8 * * 1-5", w.Start);
        // Friday 13 November 2026, 10:00 in Shanghai is inside; Sunday the 15th is not.
        var compiled = ScheduleCompiler.Compile(SpecOf(run.Single()));
        Assert.Equal(10, ScheduleEvaluator.Evaluate(compiled, Local(2026, 11, 13, 10)).Apply(2, 30).MinReplicas);
        Assert.Equal(2, ScheduleEvaluator.Evaluate(compiled, Local(2026, 11, 15, 10)).Apply(2, 30).MinReplicas);
    }
}
