using System.Collections.Immutable;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Limits;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Spec;
using static ElasticScaler.Core.Tests.Hpa.ControllerCase;

namespace ElasticScaler.Core.Tests.Hpa;

/// <summary>
/// Kubernetes' horizontal_test.go controller cases through our whole decision pipeline with
/// <see cref="ScalerKind.HorizontalPodAutoscaler"/>: the desired replicas, whether the scale is written, the
/// conditions (type, status and reason, in order, as upstream compares them) and, where upstream checks them, the
/// reported CPU utilization and the rescale event.
/// </summary>
public sealed class HorizontalControllerTests
{
    public static TheoryData<ControllerRow> Rows()
    {
        var data = new TheoryData<ControllerRow>();
        foreach (var row in HorizontalControllerCases.All) data.Add(new ControllerRow(row));
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decides_as_the_HPA_controller_does(ControllerRow row)
    {
        var c = row.Case;
        var decision = DecisionPipeline.Decide(c.BuildInput(), c.BuildHistory(), Now);

        Assert.Empty(decision.SpecErrors);
        Assert.Equal(c.ExpectedDesiredReplicas, decision.DesiredReplicas);
        // upstream's verifyResults: the scale is written exactly when the desired count differs from spec.
        Assert.Equal(c.SpecReplicas != c.ExpectedDesiredReplicas, decision.Rescale);
        Assert.Equal(c.Expected, AsControllerReports(decision).Select(x => new Cond(x.Type, x.Status, x.Reason)));
        if (c.VerifyCpuCurrent)
            Assert.Equal(c.ExpectedCpuCurrent, CpuUtilization(decision.CurrentMetrics));
        if (c.VerifyEvents && decision.Rescale)
            Assert.Equal($"New size: {c.ExpectedDesiredReplicas}; reason: cpu resource utilization (percentage of request) above target", decision.EventMessage);
        Assert.Equal(c.ExpectedReconciliationLabels, ReconciliationLabels(decision));
        // Out of range upstream computes no metric at all; that case has its own test below.
        if (c.ExpectedMetricComputationLabels.Count > 0)
            Assert.Equal(c.ExpectedMetricComputationLabels.OrderBy(kv => kv.Key), MetricComputationLabels(decision).OrderBy(kv => kv.Key));
    }

    public static TheoryData<ControllerRow> OutOfRangeRows()
    {
        var data = new TheoryData<ControllerRow>();
        foreach (var row in HorizontalControllerCases.All.Where(c => c.MetricComputationLabels is { Count: 0 } && !c.Expected.Contains(Inactive(Reasons.InvalidSelector))))
            data.Add(new ControllerRow(row));
        return data;
    }

    /// <summary>
    /// TestZeroReplicas, TestTooFewReplicas, TestTooManyReplicas, TestScaleUpRCImmediately, TestScaleDownRCImmediately:
    /// upstream expects no metric computation at all (empty label maps). HPA's reconcileAutoscaler takes the
    /// ScalingDisabled, above-max and below-min branches before computeReplicasForMetrics, so metricStatuses stays
    /// nil and setStatus writes no status.currentMetrics.
    /// </summary>
    [Theory]
    [MemberData(nameof(OutOfRangeRows))]
    public void Out_of_range_targets_compute_and_report_no_metric(ControllerRow row)
    {
        var c = row.Case;
        var decision = DecisionPipeline.Decide(c.BuildInput(), c.BuildHistory(), Now);

        Assert.Equal(c.ExpectedDesiredReplicas, decision.DesiredReplicas);
        Assert.Empty(MetricComputationLabels(decision));
        Assert.Empty(decision.CurrentMetrics);
    }

    [Fact]
    public void The_table_names_every_case_once()
    {
        var names = HorizontalControllerCases.All.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.StartsWith("Test", n));
    }

    /// <summary>
    /// Upstream's init() sets scaleUpLimitFactor = 8 for these tests; our engine keeps HPA's real 2. Every legacy
    /// (no behavior) scale-up of the table stays within max(2 × current, 4), and wherever it is capped by maxReplicas
    /// that max is within the limit too, so the reason is TooManyReplicas under either factor: every expectation is
    /// upstream's own, unchanged.
    /// </summary>
    [Fact]
    public void The_real_scale_up_limit_factor_changes_no_expectation()
    {
        var legacyScaleUps = HorizontalControllerCases.All
            .Where(c => c.ScaleUpRules is null && c.ScaleDownRules is null && c.MetricComputationLabels is not { Count: 0 })
            .Where(c => c.ExpectedDesiredReplicas > c.SpecReplicas)
            .ToList();
        Assert.NotEmpty(legacyScaleUps);
        Assert.All(legacyScaleUps, c =>
        {
            int limit = ReplicaLimits.LegacyScaleUpLimit(c.SpecReplicas);
            Assert.True(c.ExpectedDesiredReplicas <= limit, $"{c.Name}: {c.ExpectedDesiredReplicas} above the real limit {limit}");
            if (c.Expected.Contains(Limited(Reasons.TooManyReplicas)))
                Assert.True(c.MaxReplicas <= limit, $"{c.Name}: max {c.MaxReplicas} above the real limit {limit}, the reason would be ScaleUpLimit");
        });
    }

    /// <summary>
    /// TestAvoidUnnecessaryUpdates: the status already says what this sync computes (the HPA object upstream's
    /// reactor returns, target 80 %, conditions set an hour ago), so nothing changes: the same conditions with the
    /// same messages and transition times, the same size, and the same current metric (40 %, 400m). HPA's
    /// updateStatusIfNeeded then skips the write; our controller compares the same way.
    /// </summary>
    [Fact]
    public void TestAvoidUnnecessaryUpdates()
    {
        var anHourAgo = Now.AddHours(-1);
        ImmutableArray<ScalerCondition> status =
        [
            new(ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "recommended size matches current size", anHourAgo),
            new(ConditionTypes.ScalingActive, ConditionStatus.True, Reasons.ValidMetricFound,
                "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", anHourAgo),
            new(ConditionTypes.ScalingLimited, ConditionStatus.True, Reasons.TooFewReplicas,
                "the desired replica count is less than the minimum replica count", anHourAgo),
        ];
        var c = new ControllerCase
        {
            Name = "TestAvoidUnnecessaryUpdates",
            MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 2,
            CpuTarget = 80,
            ReportedLevels = [400, 500, 700], ReportedCpuRequests = ["1.0", "1.0", "1.0"],
            ReportedPodStartTime = [PodStart.Cool, PodStart.Hot, PodStart.Hot],
            Recommendations = [],
        };

        var first = DecisionPipeline.Decide(c.BuildInput(status), c.BuildHistory(), Now);
        var second = DecisionPipeline.Decide(c.BuildInput(first.Conditions), first.History, Now.AddSeconds(15));

        foreach (var d in new[] { first, second })
        {
            Assert.Equal(2, d.DesiredReplicas);
            Assert.False(d.Rescale);
            Assert.Equal(status, d.Conditions);
            var cpu = Assert.Single(d.CurrentMetrics)!.Resource!.Current;
            Assert.Equal(40, cpu.AverageUtilization);
            Assert.Equal(Quantity.Parse("400m"), cpu.AverageValue);
            // upstream's labels: the metric proposes 1 (a scale-down), the reconciliation changes nothing.
            Assert.Equal(new Labels(ActionLabel.None, ErrorLabel.None), ReconciliationLabels(d));
            Assert.Equal(new Labels(ActionLabel.ScaleDown, ErrorLabel.None), MetricComputationLabels(d)[MetricSourceType.Resource]);
        }
    }

    /// <summary>
    /// TestConditionFailedUpdateScale, the engine's half: the decision is 5 (150 % against 100 %, capped by max 5);
    /// when the write fails the controller takes <see cref="DecisionOutcome.Failed"/>, whose conditions are
    /// upstream's and whose history is <see cref="Decision.HistoryIfScaleFails"/>. The failing write itself (and the
    /// status keeping desired 3) is the service controller's to test.
    /// </summary>
    [Fact]
    public void TestConditionFailedUpdateScale()
    {
        var c = new ControllerCase
        {
            Name = "TestConditionFailedUpdateScale",
            MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3,
            CpuTarget = 100, ReportedLevels = [150, 150, 150], ReportedCpuRequests = ["0.1", "0.1", "0.1"],
        };
        var decision = DecisionPipeline.Decide(c.BuildInput(), c.BuildHistory(), Now);
        Assert.Equal(5, decision.DesiredReplicas);
        Assert.True(decision.Rescale);

        var failed = DecisionOutcome.Failed(decision, "something went wrong");
        var conditions = failed.Conditions;
        var expected = StatusOkWithOverrides(new Cond(ConditionTypes.AbleToScale, ConditionStatus.False, Reasons.FailedUpdateScale));
        Assert.Equal(expected, conditions.Select(x => new Cond(x.Type, x.Status, x.Reason)));
        Assert.Equal("the HPA controller was unable to update the target scale: something went wrong",
            ScalerConditions.Find(conditions, ConditionTypes.AbleToScale)!.Message);
        Assert.Same(decision.HistoryIfScaleFails, failed.History);
        Assert.Null(failed.History.LastScaleTime);
        // upstream's metric label: the CPU metric proposed a scale-up; the reconciliation label is the controller's.
        Assert.Equal(new Labels(ActionLabel.ScaleUp, ErrorLabel.None), MetricComputationLabels(decision)[MetricSourceType.Resource]);
    }

    /// <summary>
    /// TestConditionInvalidSelectorMissing and TestConditionInvalidSelectorUnparsable, with HPA's texts: the condition's
    /// message, and the error the step carries (what HPA's Warning event says). No metric is read, no current metric
    /// reported, and the history only gains the initial recommendation HPA records before any branch.
    /// </summary>
    [Theory]
    [InlineData("TestConditionInvalidSelectorMissing", "the HPA target's scale is missing a selector", "selector is required")]
    [InlineData("TestConditionInvalidSelectorUnparsable",
        "couldn't convert selector into a corresponding internal selector object: unable to parse requirement: found 'cheese', expected: in, notin, =, ==, !=, gt, lt",
        "couldn't convert selector into a corresponding internal selector object: unable to parse requirement: found 'cheese', expected: in, notin, =, ==, !=, gt, lt")]
    public void An_invalid_selector_stops_the_decision_with_hpas_words(string name, string conditionMessage, string error)
    {
        var c = HorizontalControllerCases.ByName(name);
        var decision = DecisionPipeline.Decide(c.BuildInput(), DecisionHistory.Empty, Now);

        Assert.Equal(conditionMessage, ScalerConditions.Find(decision.Conditions, ConditionTypes.ScalingActive)!.Message);
        var step = Assert.Single(decision.Steps);
        Assert.Equal(("selector", Reasons.InvalidSelector, error), (step.Name, step.Reason, step.Message));
        Assert.Null(decision.Metrics);
        Assert.Empty(decision.CurrentMetrics);
        Assert.Empty(decision.SpecErrors);
        Assert.Equal([new TimestampedRecommendation(Now, 3)], decision.History.Behavior.Recommendations.ToArray());
    }

    /// <summary>
    /// TestScaleUpBothMetricsEmpty and TestConditionInvalidSourceType: the only metric has an unknown type. Upstream's
    /// controller gets the scale (AbleToScale SucceededGetScale) and fails the metric (ScalingActive False
    /// InvalidMetricSourceType); its own comment says the API server should have refused the object. Our pipeline
    /// checks the spec first, so it refuses it there: same size, ScalingActive False, but reason InvalidSpec and no
    /// AbleToScale condition. A deliberate difference, pinned here.
    /// </summary>
    [Theory]
    [InlineData("TestScaleUpBothMetricsEmpty", new long[0], 3)]
    [InlineData("TestConditionInvalidSourceType", new long[] { 20000 }, 0)]
    public void An_unknown_metric_type_is_refused_as_an_invalid_spec(string upstream, long[] levels, int cpuRequests)
    {
        var c = new ControllerCase
        {
            Name = upstream,
            MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3,
            MetricsTarget = [new MetricSpec { Type = (MetricSourceType)99 }],
            ReportedLevels = levels, ReportedCpuRequests = cpuRequests > 0 ? Enumerable.Repeat("1.0", cpuRequests).ToArray() : null,
        };
        var decision = DecisionPipeline.Decide(c.BuildInput(), c.BuildHistory(), Now);

        Assert.Equal(3, decision.DesiredReplicas);
        Assert.False(decision.Rescale);
        Assert.NotEmpty(decision.SpecErrors);
        Assert.Equal([Inactive(Reasons.InvalidSpec)], decision.Conditions.Select(x => new Cond(x.Type, x.Status, x.Reason)));
    }

    /// <summary>
    /// TestZeroMinReplicasDesiredZero: minReplicas 0 with only a CPU metric, idle pods, upstream scales to 0. The API
    /// server admits minReplicas 0 only with the HPAScaleToZero gate and an Object or External metric, and our
    /// validator says the same, so this HPA cannot exist: the spec is refused and nothing changes. A deliberate
    /// difference, pinned here.
    /// </summary>
    [Fact]
    public void TestZeroMinReplicasDesiredZero()
    {
        var c = new ControllerCase
        {
            Name = "TestZeroMinReplicasDesiredZero",
            MinReplicas = 0, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 0,
            CpuTarget = 90, ReportedLevels = [0, 0, 0], ReportedCpuRequests = ["0.9", "1.0", "1.1"], Recommendations = [],
        };
        var decision = DecisionPipeline.Decide(c.BuildInput(), c.BuildHistory(), Now);

        Assert.Equal(3, decision.DesiredReplicas);
        Assert.Contains(decision.SpecErrors, e => e.StartsWith("spec.minReplicas: 0:", StringComparison.Ordinal));
        Assert.Equal([Inactive(Reasons.InvalidSpec)], decision.Conditions.Select(x => new Cond(x.Type, x.Status, x.Reason)));
    }

    /// <summary>
    /// The conditions as the controller will report them: after a rescale decision it writes the scale and, once that
    /// succeeded, takes <see cref="DecisionOutcome.Applied"/> (AbleToScale SucceededRescale), as HPA does after its
    /// update call. The decision cannot set it itself: it does not know whether the write will succeed.
    /// </summary>
    private static ImmutableArray<ScalerCondition> AsControllerReports(Decision decision) => DecisionOutcome.Applied(decision).Conditions;

    /// <summary>
    /// What upstream's reconcileAutoscaler reports to the monitor: the direction of the rescale (none without one),
    /// and "internal" when a metric failed on the metric path (the combined "invalid metrics" error loses errSpec's
    /// wrapping) or the selector stopped it first (a plain error too). A decision taken by the range check (a "range"
    /// step) did not use its metrics.
    /// </summary>
    private static Labels ReconciliationLabels(Decision decision)
    {
        bool metricPath = !decision.Steps.Any(s => s.Name == "range");
        bool failed = metricPath && (decision.Metrics is { InvalidCount: > 0 } || decision.Steps.Any(s => s.Reason == Reasons.InvalidSelector));
        var action = Labels.Of(decision.CurrentReplicas, decision.Rescale ? decision.DesiredReplicas : decision.CurrentReplicas).Action;
        return new Labels(action, failed ? ErrorLabel.Internal : ErrorLabel.None);
    }

    /// <summary>
    /// What upstream's computeReplicasForMetric reports per metric type (the first metric of each type): its
    /// proposal against the current count, none and the error's class when it failed.
    /// </summary>
    private static Dictionary<MetricSourceType, Labels> MetricComputationLabels(Decision decision)
    {
        var labels = new Dictionary<MetricSourceType, Labels>();
        foreach (var m in decision.Metrics?.Metrics ?? [])
        {
            var error = m.ErrorKind switch { MetricErrorKind.Spec => ErrorLabel.Spec, MetricErrorKind.Internal => ErrorLabel.Internal, _ => ErrorLabel.None };
            labels.TryAdd(m.Type, Labels.Of(decision.CurrentReplicas, m.Replicas, error));
        }
        return labels;
    }

    /// <summary>upstream's findCpuUtilization: the CPU resource metric's current average utilization.</summary>
    private static int? CpuUtilization(IEnumerable<MetricStatus?> metrics) =>
        metrics.FirstOrDefault(m => m is { Type: MetricSourceType.Resource, Resource.Name: "cpu" })?.Resource!.Current.AverageUtilization;
}
