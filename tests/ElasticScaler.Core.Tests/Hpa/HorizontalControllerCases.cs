using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using ElasticScaler.Core.Tests.Behavior;
using ElasticScaler.Core.Tests.Replicas;
using static ElasticScaler.Core.Tests.Hpa.ControllerCase;

namespace ElasticScaler.Core.Tests.Hpa;

/// <summary>
/// The controller cases of Kubernetes' pkg/controller/podautoscaler/horizontal_test.go, one row per upstream test,
/// with upstream's numbers. Upstream's init() raises scaleUpLimitFactor to 8 "so we don't accidentally run into
/// it"; our engine keeps the real 2. No row here reaches the legacy limit either way: every legacy scale-up ends at
/// or below max(2 × current, 4) or is capped by maxReplicas first, so every expectation is upstream's own
/// (checked by HorizontalControllerTests.The_real_scale_up_limit_factor_changes_no_expectation).
/// </summary>
public static class HorizontalControllerCases
{
    private static string[] Requests(int n, string value = "1.0") => Enumerable.Repeat(value, n).ToArray();
    private static readonly string[] Uneven = ["0.9", "1.0", "1.1"];
    private static readonly (int, TimeSpan)[] EmptyLog = [];
    private static readonly PodPhase R = PodPhase.Running, F = PodPhase.Failed;
    private static readonly PodStart Hot = PodStart.Hot, Cool = PodStart.Cool;
    private static readonly Labels ScaleDownNoError = new(ActionLabel.ScaleDown, ErrorLabel.None);
    private static readonly Labels FailedInternally = new(ActionLabel.None, ErrorLabel.Internal);

    /// <summary>upstream's empty metric-computation label maps: out of range, HPA computes no metric at all.</summary>
    private static readonly IReadOnlyDictionary<MetricSourceType, Labels> NoMetricComputed = new Dictionary<MetricSourceType, Labels>();

    private static Dictionary<MetricSourceType, Labels> Only(MetricSourceType type, Labels labels) => new() { [type] = labels };

    /// <summary>upstream's empty selector (&amp;metav1.LabelSelector{}): every series of the metric.</summary>
    private static readonly LabelSelector Everything = new();

    private static MetricSpec ObjectAverageWithSelector(string name, string value)
    {
        var spec = Specs.ObjectAverage(name, value);
        return spec with { Object = spec.Object! with { Metric = spec.Object.Metric with { Selector = Everything } } };
    }

    public static IReadOnlyList<ControllerCase> All { get; } = Build();

    public static ControllerCase ByName(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no horizontal_test.go case named \"{name}\"", nameof(name));

    private static List<ControllerCase> Build()
    {
        var scaleUp = new ControllerCase
        {
            Name = "TestScaleUp",
            MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 5,
            CpuTarget = 30, VerifyCpuCurrent = true,
            ReportedLevels = [300, 500, 700], ReportedCpuRequests = Requests(3),
        };
        var scaleDown = new ControllerCase
        {
            Name = "TestScaleDown",
            MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 3,
            CpuTarget = 50, VerifyCpuCurrent = true,
            ReportedLevels = [100, 300, 500, 250, 250], ReportedCpuRequests = Requests(5),
            Recommendations = EmptyLog,
        };
        var cm = new ControllerCase
        {
            Name = "TestScaleUpCM",
            MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 4,
            MetricsTarget = [Specs.PodsAverage("qps", "15.0")],
            ReportedLevels = [20000, 10000, 30000], ReportedCpuRequests = Requests(3),
        };
        var cmDown = new ControllerCase
        {
            Name = "TestScaleDownCMObject",
            MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 5, StatusReplicas = 5, ExpectedDesiredReplicas = 3,
            MetricsTarget = [Specs.ObjectValue("qps", "20.0")],
            ReportedLevels = [12000], ReportedCpuRequests = Requests(5),
            Recommendations = EmptyLog,
        };
        var tolerance = new ControllerCase
        {
            Name = "TestTolerance",
            MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3,
            CpuTarget = 100,
            ReportedLevels = [1010, 1030, 1020], ReportedCpuRequests = Uneven,
            ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale)),
        };
        var external4 = tolerance with
        {
            Name = "TestToleranceCMExternal",
            MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 4,
            CpuTarget = 0, ReportedCpuRequests = null,
            MetricsTarget = [Specs.ExternalValue("qps", "8666m", Everything)],
            ReportedLevels = [8600],
        };
        var upscaleCap = new ControllerCase
        {
            Name = "TestUpscaleCap",
            MinReplicas = 1, MaxReplicas = 100, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 24,
            ScaleUpRules = Rules.Generate(0, 0, 700, 60, 0),
            CpuTarget = 10,
            ReportedLevels = [100, 200, 300], ReportedCpuRequests = Requests(3, "0.1"),
            ExpectedConditions = StatusOkWithOverrides(Limited(Reasons.ScaleUpLimit)),
        };
        var failedGet = new ControllerCase
        {
            Name = "TestConditionFailedGetMetrics/FailedGetResourceMetric",
            MinReplicas = 1, MaxReplicas = 100, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 3,
            CpuTarget = 10, MetricsFail = true,
            ReportedLevels = [100, 200, 300], ReportedCpuRequests = Requests(3, "0.1"),
            ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.FailedGetResourceMetric)],
            ReconciliationLabels = FailedInternally,
            MetricComputationLabels = Only(MetricSourceType.Resource, FailedInternally),
        };
        var computed = ComputedTolerance();

        return
        [
            scaleUp,
            scaleUp with
            {
                Name = "TestScaleUpContainer",
                CpuTarget = 0, VerifyCpuCurrent = false,
                MetricsTarget = [Specs.ContainerCpuUtilization("container1", 30)],
            },
            scaleUp with
            {
                Name = "TestScaleUpUnreadyLessScale", ExpectedDesiredReplicas = 4, CpuCurrent = 60,
                ReportedPodReadiness = [false, true, true],
            },
            scaleUp with
            {
                Name = "TestScaleUpHotCpuLessScale", ExpectedDesiredReplicas = 4, CpuCurrent = 60,
                ReportedPodStartTime = [Hot, Cool, Cool],
            },
            scaleUp with
            {
                Name = "TestScaleUpUnreadyNoScale", ExpectedDesiredReplicas = 3, CpuCurrent = 40,
                ReportedLevels = [400, 500, 700], ReportedPodReadiness = [true, false, false],
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale)),
            },
            scaleUp with
            {
                Name = "TestScaleUpHotCpuNoScale", ExpectedDesiredReplicas = 3, CpuCurrent = 40,
                ReportedLevels = [400, 500, 700], ReportedPodReadiness = [true, false, false],
                ReportedPodStartTime = [Cool, Hot, Hot],
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale)),
            },
            scaleUp with
            {
                Name = "TestScaleUpIgnoresFailedPods", SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 4, CpuCurrent = 60,
                ReportedLevels = [500, 700], ReportedCpuRequests = Requests(4),
                ReportedPodReadiness = [true, true, false, false], ReportedPodPhase = [R, R, F, F],
            },
            scaleUp with
            {
                Name = "TestScaleUpIgnoresDeletionPods", SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 4, CpuCurrent = 60,
                ReportedLevels = [500, 700], ReportedCpuRequests = Requests(4),
                ReportedPodReadiness = [true, true, false, false], ReportedPodPhase = [R, R, R, R],
                ReportedPodDeletionTimestamp = [false, false, true, true],
            },
            scaleUp with
            {
                Name = "TestScaleUpDeployment",
                ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "test-dep" },
            },
            scaleUp with
            {
                Name = "TestScaleUpReplicaSet",
                ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "test-replicaset" },
            },
            cm,
            // A Pods metric has no CPU readiness rules: the unready, hot pod's 30 counts, average 30 against 15.
            cm with
            {
                Name = "TestScaleUpCMUnreadyAndHotCpuNoLessScale", ExpectedDesiredReplicas = 6,
                ReportedLevels = [50000, 10000, 30000],
                ReportedPodReadiness = [true, true, false], ReportedPodStartTime = [Cool, Cool, Hot],
            },
            cm with
            {
                Name = "TestScaleUpCMUnreadyandCpuHot", ExpectedDesiredReplicas = 6,
                ReportedLevels = [50000, 15000, 30000],
                ReportedPodReadiness = [false, true, false], ReportedPodStartTime = [Hot, Cool, Hot],
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.SucceededRescale), Limited(Reasons.TooManyReplicas)),
            },
            cm with
            {
                Name = "TestScaleUpHotCpuNoScaleWouldScaleDown", ExpectedDesiredReplicas = 6,
                ReportedLevels = [50000, 15000, 30000], ReportedPodStartTime = [Hot, Cool, Hot],
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.SucceededRescale), Limited(Reasons.TooManyReplicas)),
            },
            cm with
            {
                Name = "TestScaleUpCMObject", ReportedCpuRequests = null,
                MetricsTarget = [Specs.ObjectValue("qps", "15.0")], ReportedLevels = [20000],
            },
            // From zero an Object Value target proposes ceil(value / target): ceil(20 / 15) = 2.
            cm with
            {
                Name = "TestScaleUpFromZeroCMObject", MinReplicas = 0, SpecReplicas = 0, StatusReplicas = 0, ExpectedDesiredReplicas = 2,
                ReportedCpuRequests = null, MetricsTarget = [Specs.ObjectValue("qps", "15.0")], ReportedLevels = [20000],
            },
            // A ratio of exactly 1 is inside the tolerance, but from zero the tolerance does not apply.
            cm with
            {
                Name = "TestScaleUpFromZeroIgnoresToleranceCMObject", MinReplicas = 0, SpecReplicas = 0, StatusReplicas = 0,
                ExpectedDesiredReplicas = 1,
                ReportedCpuRequests = null, MetricsTarget = [Specs.ObjectValue("qps", "1.0")], ReportedLevels = [1000],
            },
            cm with
            {
                Name = "TestScaleUpPerPodCMObject", ReportedCpuRequests = null,
                MetricsTarget = [Specs.ObjectAverage("qps", "10.0")], ReportedLevels = [40000],
            },
            cm with
            {
                Name = "TestScaleUpCMExternal", ReportedCpuRequests = null,
                MetricsTarget = [Specs.ExternalValue("qps", "6666m", Everything)], ReportedLevels = [8600],
            },
            cm with
            {
                Name = "TestScaleUpPerPodCMExternal", ReportedCpuRequests = null,
                MetricsTarget = [Specs.ExternalAverage("qps", "2222m")], ReportedLevels = [8600],
            },
            scaleDown,
            scaleDown with
            {
                Name = "TestScaleDownContainerResource", CpuTarget = 0, VerifyCpuCurrent = false,
                MetricsTarget = [Specs.ContainerCpuUtilization("container2", 50)],
            },
            // Setting behavior.scaleUp takes the behavior path; scale-down keeps its defaults (window 300 s, 100 % per 15 s).
            scaleDown with { Name = "TestScaleDownWithScalingRules", ScaleUpRules = Rules.Generate(0, 0, 100, 15, 30) },
            // No recommendation log yet: the controller seeds it with today's 5, which holds the scale-down.
            scaleDown with
            {
                Name = "TestScaleDownStabilizeInitialSize", ExpectedDesiredReplicas = 5, Recommendations = null,
                MetricComputationLabels = Only(MetricSourceType.Resource, ScaleDownNoError),
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale), AbleToScale(Reasons.ScaleDownStabilized)),
            },
            scaleDown with
            {
                Name = "TestScaleDownCM", CpuTarget = 0, VerifyCpuCurrent = false,
                MetricsTarget = [Specs.PodsAverage("qps", "20.0")], ReportedLevels = [12000, 12000, 12000, 12000, 12000],
            },
            cmDown,
            cmDown with { Name = "TestScaleDownToZeroCMObject", MinReplicas = 0, ExpectedDesiredReplicas = 0, ReportedLevels = [0] },
            cmDown with { Name = "TestScaleDownPerPodCMObject", MetricsTarget = [Specs.ObjectAverage("qps", "20.0")], ReportedLevels = [60000] },
            cmDown with
            {
                Name = "TestScaleDownCMExternal", ReportedCpuRequests = null,
                MetricsTarget = [Specs.ExternalValue("qps", "14400m", Everything)], ReportedLevels = [8600],
            },
            cmDown with
            {
                Name = "TestScaleDownToZeroCMExternal", MinReplicas = 0, ExpectedDesiredReplicas = 0, ReportedCpuRequests = null,
                MetricsTarget = [Specs.ExternalValue("qps", "14400m", Everything)], ReportedLevels = [0],
            },
            cmDown with
            {
                Name = "TestScaleDownPerPodCMExternal", ReportedCpuRequests = null,
                MetricsTarget = [Specs.ExternalAverage("qps", "3000m")], ReportedLevels = [8600],
            },
            // Scale-down leaves unready pods out of the ratio: 900 m of 3 ready cores is 30 %, ceil(0.6 × 3) = 2.
            scaleDown with { Name = "TestScaleDownIncludeUnreadyPods", ExpectedDesiredReplicas = 2, CpuCurrent = 30, ReportedPodReadiness = [true, true, true, false, false] },
            scaleDown with { Name = "TestScaleDownIgnoreHotCpuPods", ExpectedDesiredReplicas = 2, CpuCurrent = 30, ReportedPodStartTime = [Cool, Cool, Cool, Hot, Hot] },
            scaleDown with
            {
                Name = "TestScaleDownIgnoresFailedPods", CpuCurrent = 28, ReportedCpuRequests = Requests(7),
                ReportedPodReadiness = [true, true, true, true, true, false, false], ReportedPodPhase = [R, R, R, R, R, F, F],
            },
            scaleDown with
            {
                Name = "TestScaleDownIgnoresDeletionPods", CpuCurrent = 28, ReportedCpuRequests = Requests(7),
                ReportedPodReadiness = [true, true, true, true, true, false, false], ReportedPodPhase = [R, R, R, R, R, R, R],
                ReportedPodDeletionTimestamp = [false, false, false, false, false, true, true],
            },
            tolerance,
            tolerance with { Name = "TestToleranceCM", CpuTarget = 0, MetricsTarget = [Specs.PodsAverage("qps", "20.0")], ReportedLevels = [20000, 20001, 21000] },
            tolerance with { Name = "TestToleranceCMObject", CpuTarget = 0, MetricsTarget = [Specs.ObjectValue("qps", "20.0")], ReportedLevels = [20050] },
            external4,
            external4 with
            {
                Name = "TestTolerancePerPodCMObject",
                MetricsTarget = [ObjectAverageWithSelector("qps", "2200m")],
            },
            external4 with { Name = "TestTolerancePerPodCMExternal", MetricsTarget = [Specs.ExternalAverage("qps", "2200m")] },
            new ControllerCase
            {
                Name = "TestMinReplicas",
                MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 2,
                CpuTarget = 90, ReportedLevels = [10, 95, 10], ReportedCpuRequests = Uneven, Recommendations = EmptyLog,
                ExpectedConditions = StatusOkWithOverrides(Limited(Reasons.TooFewReplicas)),
            },
            new ControllerCase
            {
                Name = "TestMinReplicasDesiredZero",
                MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 2,
                CpuTarget = 90, ReportedLevels = [0, 0, 0], ReportedCpuRequests = Uneven, Recommendations = EmptyLog,
                ExpectedConditions = StatusOkWithOverrides(Limited(Reasons.TooFewReplicas)),
            },
            // The target at 0 with minReplicas > 0 means scaling is disabled: nothing is read, nothing changes.
            new ControllerCase
            {
                Name = "TestZeroReplicas",
                MinReplicas = 3, MaxReplicas = 5, SpecReplicas = 0, StatusReplicas = 0, ExpectedDesiredReplicas = 0,
                CpuTarget = 90, ReportedCpuRequests = [],
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.ScalingDisabled)],
                MetricComputationLabels = NoMetricComputed,
            },
            new ControllerCase
            {
                Name = "TestTooFewReplicas",
                MinReplicas = 3, MaxReplicas = 5, SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 3,
                CpuTarget = 90, ReportedCpuRequests = [],
                ExpectedConditions = [AbleToScale(Reasons.SucceededRescale)],
                MetricComputationLabels = NoMetricComputed,
            },
            new ControllerCase
            {
                Name = "TestTooManyReplicas",
                MinReplicas = 3, MaxReplicas = 5, SpecReplicas = 10, StatusReplicas = 10, ExpectedDesiredReplicas = 5,
                CpuTarget = 90, ReportedCpuRequests = [],
                ExpectedConditions = [AbleToScale(Reasons.SucceededRescale)],
                MetricComputationLabels = NoMetricComputed,
            },
            new ControllerCase
            {
                Name = "TestMaxReplicas",
                MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 3, StatusReplicas = 3, ExpectedDesiredReplicas = 5,
                CpuTarget = 90, ReportedLevels = [8000, 9500, 1000], ReportedCpuRequests = Uneven,
                ExpectedConditions = StatusOkWithOverrides(Limited(Reasons.TooManyReplicas)),
            },
            // Six PodMetrics for four pods: the two without a pod drop out of the ratio.
            new ControllerCase
            {
                Name = "TestSuperfluousMetrics",
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 6,
                CpuTarget = 100, ReportedLevels = [4000, 9500, 3000, 7000, 3200, 2000], ReportedCpuRequests = Requests(4),
                ExpectedConditions = StatusOkWithOverrides(Limited(Reasons.TooManyReplicas)),
            },
            // Two pods without metrics count as 100 % of their request on a scale-down: (494 + 2000) / 4000, ceil(0.62 × 4) = 3.
            new ControllerCase
            {
                Name = "TestMissingMetrics",
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 3,
                CpuTarget = 100, ReportedLevels = [400, 95], ReportedCpuRequests = Requests(4), Recommendations = EmptyLog,
            },
            new ControllerCase
            {
                Name = "TestEmptyMetrics",
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 4,
                CpuTarget = 100, ReportedLevels = [], ReportedCpuRequests = Requests(4),
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.FailedGetResourceMetric)],
                ReconciliationLabels = FailedInternally,
                MetricComputationLabels = Only(MetricSourceType.Resource, FailedInternally),
            },
            // Upstream's fixture creates one pod per reportedCPURequests entry, so an empty list means no pods at all
            // (despite the name) and the CPU metric fails.
            new ControllerCase
            {
                Name = "TestEmptyCPURequest",
                MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 1, StatusReplicas = 1, ExpectedDesiredReplicas = 1,
                CpuTarget = 100, ReportedLevels = [200], ReportedCpuRequests = [],
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.FailedGetResourceMetric)],
                ReconciliationLabels = FailedInternally,
                MetricComputationLabels = Only(MetricSourceType.Resource, FailedInternally),
            },
            new ControllerCase
            {
                Name = "TestEventCreated",
                MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 1, StatusReplicas = 1, ExpectedDesiredReplicas = 2,
                CpuTarget = 50, ReportedLevels = [200], ReportedCpuRequests = ["0.2"], VerifyEvents = true,
            },
            new ControllerCase
            {
                Name = "TestEventNotCreated",
                MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 2, StatusReplicas = 2, ExpectedDesiredReplicas = 2,
                CpuTarget = 50, ReportedLevels = [200, 200], ReportedCpuRequests = ["0.4", "0.4"], VerifyEvents = true,
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale)),
            },
            // Spec says 4 but only one pod exists and reports: ceil(2.0 × 1 ready pod) = 2.
            new ControllerCase
            {
                Name = "TestMissingReports",
                MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 2,
                CpuTarget = 50, ReportedLevels = [200], ReportedCpuRequests = ["0.2"], Recommendations = EmptyLog,
            },
            upscaleCap,
            upscaleCap with
            {
                Name = "TestUpscaleCapGreaterThanMaxReplicas", MaxReplicas = 20, ExpectedDesiredReplicas = 20,
                ExpectedConditions = StatusOkWithOverrides(Limited(Reasons.TooManyReplicas)),
            },
            // A rollout surges status to 5 while spec stays 4: at exactly the target the current 4 stands.
            new ControllerCase
            {
                Name = "TestMoreReplicasThanSpecNoScale",
                MinReplicas = 1, MaxReplicas = 8, SpecReplicas = 4, StatusReplicas = 5, ExpectedDesiredReplicas = 4,
                CpuTarget = 50, ReportedLevels = [500, 500, 500, 500, 500], ReportedCpuRequests = Requests(5, "1"),
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale)),
            },
            failedGet,
            failedGet with
            {
                Name = "TestConditionFailedGetMetrics/FailedGetPodsMetric", CpuTarget = 0,
                MetricsTarget = [Specs.PodsAverage("qps", "15.0")],
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.FailedGetPodsMetric)],
                MetricComputationLabels = Only(MetricSourceType.Pods, FailedInternally),
            },
            failedGet with
            {
                Name = "TestConditionFailedGetMetrics/FailedGetObjectMetric", CpuTarget = 0,
                MetricsTarget = [Specs.ObjectValue("qps", "15.0")],
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.FailedGetObjectMetric)],
                MetricComputationLabels = Only(MetricSourceType.Object, FailedInternally),
            },
            failedGet with
            {
                Name = "TestConditionFailedGetMetrics/FailedGetExternalMetric", CpuTarget = 0,
                MetricsTarget = [Specs.ExternalValue("qps", "300m", Everything)],
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.FailedGetExternalMetric)],
                MetricComputationLabels = Only(MetricSourceType.External, FailedInternally),
            },
            // The scale has no selector, or one that does not parse: HPA computes no metric (an internal error) and nothing scales.
            failedGet with
            {
                Name = "TestConditionInvalidSelectorMissing", MetricsFail = false, Selector = null,
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.InvalidSelector)],
                MetricComputationLabels = NoMetricComputed,
            },
            failedGet with
            {
                Name = "TestConditionInvalidSelectorUnparsable", MetricsFail = false, Selector = "cheddar cheese",
                ExpectedConditions = [AbleToScale(Reasons.SucceededGetScale), Inactive(Reasons.InvalidSelector)],
                MetricComputationLabels = NoMetricComputed,
            },
            // A recent lastScaleTime no longer delays a rescale (the old upscale/downscale forbidden windows are gone).
            cm with
            {
                Name = "TestNoBackoffUpscaleCM", MinReplicas = 1, MaxReplicas = 5, LastScaleTimeNow = true,
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale), AbleToScale(Reasons.SucceededRescale), NotLimited),
            },
            cm with
            {
                Name = "TestNoBackoffUpscaleCMNoBackoffCpu", MinReplicas = 1, MaxReplicas = 5, ExpectedDesiredReplicas = 5,
                CpuTarget = 10, LastScaleTimeNow = true,
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale), AbleToScale(Reasons.SucceededRescale), Limited(Reasons.TooManyReplicas)),
            },
            // The 10 is older than the 5-minute window; the 4 of a minute ago holds the scale-down to 2.
            new ControllerCase
            {
                Name = "TestStabilizeDownscale",
                MinReplicas = 1, MaxReplicas = 5, SpecReplicas = 4, StatusReplicas = 4, ExpectedDesiredReplicas = 4,
                CpuTarget = 100, ReportedLevels = [50, 50, 50], ReportedCpuRequests = Requests(3, "0.1"),
                Recommendations = [(10, TimeSpan.FromMinutes(10)), (4, TimeSpan.FromMinutes(1))],
                MetricComputationLabels = Only(MetricSourceType.Resource, ScaleDownNoError),
                ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale), AbleToScale(Reasons.ScaleDownStabilized)),
            },
            computed.Breach,
            computed.Within,
            new ControllerCase
            {
                Name = "TestScaleUpRCImmediately",
                MinReplicas = 2, MaxReplicas = 6, SpecReplicas = 1, StatusReplicas = 1, ExpectedDesiredReplicas = 2,
                ReportedLevels = [0, 0, 0, 0], ReportedCpuRequests = Requests(4), LastScaleTimeNow = true,
                ExpectedConditions = [AbleToScale(Reasons.SucceededRescale)],
                MetricComputationLabels = NoMetricComputed,
            },
            new ControllerCase
            {
                Name = "TestScaleDownRCImmediately",
                MinReplicas = 2, MaxReplicas = 5, SpecReplicas = 6, StatusReplicas = 6, ExpectedDesiredReplicas = 5,
                CpuTarget = 50, ReportedLevels = [8000, 9500, 1000], ReportedCpuRequests = Uneven, LastScaleTimeNow = true,
                ExpectedConditions = [AbleToScale(Reasons.SucceededRescale)],
                MetricComputationLabels = NoMetricComputed,
            },
        ];
    }

    /// <summary>
    /// TestComputedToleranceAlgImplementation, computed as upstream computes it: 10 pods using 150 m each against
    /// requests around 300 m; a target just past the tolerance scales down, one just inside it does not.
    /// Upstream uses minReplicas 0 with a CPU metric only, which the API server (and our validator) refuses without
    /// an Object or External metric; min 1 stands in, and never binds (the answers are 9 and 10).
    /// </summary>
    private static (ControllerCase Breach, ControllerCase Within) ComputedTolerance()
    {
        const int startPods = 10;
        const double tolerance = 0.1;
        long totalUsed = startPods * 150;
        long totalRequested = 2 * totalUsed;
        double requestedToUsed = totalRequested / totalUsed;
        long perPod = totalRequested / startPods;
        double target = Math.Abs(1 / (requestedToUsed * (1 - tolerance))) + .01;
        int breachTarget = (int)(target * 100);
        double usedRatio = totalUsed / (totalRequested * target);
        int finalPods = (int)Math.Ceiling(usedRatio * startPods);
        int withinTarget = (int)((Math.Abs(1 / (requestedToUsed * (1 - tolerance))) + .004) * 100);

        long[] offsets = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0];
        var breach = new ControllerCase
        {
            Name = "TestComputedToleranceAlgImplementation/tc1",
            MinReplicas = 1, MaxReplicas = 1000, SpecReplicas = startPods, StatusReplicas = startPods,
            ExpectedDesiredReplicas = finalPods, CpuTarget = breachTarget,
            ReportedLevels = Enumerable.Repeat(totalUsed / 10, 10).ToArray(),
            ReportedCpuRequests = offsets.Select(o => $"{perPod + o}m").ToArray(),
            Recommendations = EmptyLog,
        };
        var within = breach with
        {
            Name = "TestComputedToleranceAlgImplementation/tc2",
            ExpectedDesiredReplicas = startPods, CpuTarget = withinTarget,
            ExpectedConditions = StatusOkWithOverrides(AbleToScale(Reasons.ReadyForNewScale)),
        };
        return (breach, within);
    }
}
