using System.Collections.Immutable;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using ElasticScaler.Core.Tests.Replicas;

namespace ElasticScaler.Core.Tests.Hpa;

/// <summary>When a pod started, as horizontal_test.go's fixture sets it.</summary>
public enum PodStart
{
    /// <summary>reportedPodStartTime left unset: Go's zero time, long before now.</summary>
    Zero,
    /// <summary>hotCPUCreationTime(): now, inside the CPU initialization period.</summary>
    Hot,
    /// <summary>coolCPUCreationTime(): 3 minutes ago, past the 2-minute testing initialization period.</summary>
    Cool,
}

/// <summary>upstream's monitor.ActionLabel: what a reconciliation (or one metric's proposal) did to the size.</summary>
public enum ActionLabel { None, ScaleUp, ScaleDown }

/// <summary>upstream's monitor.ErrorLabel: none, a spec error (errSpec), or any other failure.</summary>
public enum ErrorLabel { None, Spec, Internal }

/// <summary>One observation of upstream's mock monitor.</summary>
public readonly record struct Labels(ActionLabel Action, ErrorLabel Error)
{
    public static Labels Of(int current, int? proposal, ErrorLabel error = ErrorLabel.None) =>
        new(proposal is not { } p || error != ErrorLabel.None ? ActionLabel.None
            : p > current ? ActionLabel.ScaleUp : p < current ? ActionLabel.ScaleDown : ActionLabel.None, error);

    public override string ToString() => $"{Action}/{Error}";
}

/// <summary>One condition as upstream compares it: type, status and reason (messages and times blanked).</summary>
public readonly record struct Cond(string Type, ConditionStatus Status, string Reason)
{
    public override string ToString() => $"{Type}={Status}/{Reason}";
}

/// <summary>
/// One controller case of Kubernetes' pkg/controller/podautoscaler/horizontal_test.go (its testCase struct), with
/// upstream's numbers. Fields keep upstream's names and defaults; <see cref="ToString"/> is the upstream test name.
/// </summary>
public sealed record ControllerCase
{
    /// <summary>Now for every case; upstream reads time.Now().</summary>
    public static readonly DateTimeOffset Now = Fx.Now;

    /// <summary>Upstream's test name, e.g. "TestScaleUpUnreadyLessScale".</summary>
    public required string Name { get; init; }
    public required int MinReplicas { get; init; }
    public required int MaxReplicas { get; init; }
    /// <summary>scale.spec.replicas (the current replicas of the formula).</summary>
    public required int SpecReplicas { get; init; }
    /// <summary>scale.status.replicas; also the number of pods when <see cref="ReportedCpuRequests"/> is null.</summary>
    public required int StatusReplicas { get; init; }
    public required int ExpectedDesiredReplicas { get; init; }

    /// <summary>CPU utilization target in percent; 0 means no CPU metric (upstream adds it first when set).</summary>
    public int CpuTarget { get; init; }
    /// <summary>upstream's metricsTarget, appended after the CPU metric.</summary>
    public IReadOnlyList<MetricSpec> MetricsTarget { get; init; } = [];
    public ScalingRules? ScaleUpRules { get; init; }
    public ScalingRules? ScaleDownRules { get; init; }

    /// <summary>
    /// reportedLevels: pod i's milli-CPU usage (split in halves over its two containers), pod i's value of a Pods
    /// metric, [0] the Object metric's value, all of them the External metric's series.
    /// </summary>
    public long[] ReportedLevels { get; init; } = [];
    /// <summary>Per-pod CPU requests; when set (even empty) there is one pod per entry, else <see cref="StatusReplicas"/> pods of "1.0".</summary>
    public string[]? ReportedCpuRequests { get; init; }
    public bool[]? ReportedPodReadiness { get; init; }
    public PodStart[]? ReportedPodStartTime { get; init; }
    public PodPhase[]? ReportedPodPhase { get; init; }
    public bool[]? ReportedPodDeletionTimestamp { get; init; }

    /// <summary>
    /// The controller's recommendation history for this HPA: null is upstream's nil (the controller seeds it with
    /// the current count); an empty array is upstream's []timestampedRecommendation{}; else (replicas, age) pairs.
    /// </summary>
    public (int Replicas, TimeSpan Age)[]? Recommendations { get; init; }
    /// <summary>status.lastScaleTime = now (upstream's TestNoBackoff* and RCImmediately cases: no backoff any more).</summary>
    public bool LastScaleTimeNow { get; init; }
    /// <summary>Every metrics API fails with "something went wrong" (TestConditionFailedGetMetrics).</summary>
    public bool MetricsFail { get; init; }

    public bool VerifyCpuCurrent { get; init; }
    /// <summary>The reported CPU utilization; 0 computes it as upstream's computeCPUCurrent does.</summary>
    public int CpuCurrent { get; init; }
    /// <summary>Check the SuccessfulRescale event (upstream's verifyEvents).</summary>
    public bool VerifyEvents { get; init; }
    /// <summary>
    /// upstream's expectedReportedReconciliation{Action,Error}Label; null is what upstream writes for most cases:
    /// the direction of the expected change, no error.
    /// </summary>
    public Labels? ReconciliationLabels { get; init; }
    /// <summary>
    /// upstream's expectedReportedMetricComputation{Action,Error}Labels, by metric type; null is what upstream writes
    /// for most cases: every metric type of the spec, the direction of the expected change, no error. Empty means no
    /// metric was computed (the target was out of range).
    /// </summary>
    public IReadOnlyDictionary<MetricSourceType, Labels>? MetricComputationLabels { get; init; }
    /// <summary>upstream's expectedConditions; null is statusOk.</summary>
    public IReadOnlyList<Cond>? ExpectedConditions { get; init; }
    public CrossVersionObjectReference ScaleTargetRef { get; init; } = new() { ApiVersion = "v1", Kind = "ReplicationController", Name = "test-rc" };
    /// <summary>
    /// The scale's status.selector: upstream's &amp;metav1.LabelSelector{MatchLabels: {"name": podNamePrefix}}, as the
    /// scale reactor renders it; the pods carry that label. TestConditionInvalidSelector* serve none or "cheddar cheese".
    /// </summary>
    public string? Selector { get; init; } = "name=test-pod";

    public override string ToString() => Name;

    /// <summary>upstream's statusOk: the three conditions of a successful rescale within range.</summary>
    public static IReadOnlyList<Cond> StatusOk { get; } =
    [
        new(ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.SucceededRescale),
        new(ConditionTypes.ScalingActive, ConditionStatus.True, Reasons.ValidMetricFound),
        new(ConditionTypes.ScalingLimited, ConditionStatus.False, Reasons.DesiredWithinRange),
    ];

    /// <summary>statusOkWithOverrides: each override replaces the condition of its type in place (setConditionInList), or is appended.</summary>
    public static IReadOnlyList<Cond> StatusOkWithOverrides(params Cond[] overrides)
    {
        var list = StatusOk.ToList();
        foreach (var o in overrides)
        {
            int i = list.FindIndex(c => c.Type == o.Type);
            if (i >= 0) list[i] = o;
            else list.Add(o);
        }
        return list;
    }

    public static Cond AbleToScale(string reason) => new(ConditionTypes.AbleToScale, ConditionStatus.True, reason);
    public static Cond Limited(string reason) => new(ConditionTypes.ScalingLimited, ConditionStatus.True, reason);
    public static Cond NotLimited => new(ConditionTypes.ScalingLimited, ConditionStatus.False, Reasons.DesiredWithinRange);
    public static Cond Inactive(string reason) => new(ConditionTypes.ScalingActive, ConditionStatus.False, reason);

    public IReadOnlyList<Cond> Expected => ExpectedConditions ?? StatusOk;

    public Labels ExpectedReconciliationLabels => ReconciliationLabels ?? Labels.Of(SpecReplicas, ExpectedDesiredReplicas);

    public IReadOnlyDictionary<MetricSourceType, Labels> ExpectedMetricComputationLabels => MetricComputationLabels
        ?? BuildSpec().Metrics.Select(m => m.Type).Distinct().ToDictionary(t => t, _ => Labels.Of(SpecReplicas, ExpectedDesiredReplicas));

    public int ExpectedCpuCurrent => CpuCurrent != 0 ? CpuCurrent : ComputeCpuCurrent();

    /// <summary>upstream's computeCPUCurrent: 100 × Σ levels / Σ requests, when there is one level per request.</summary>
    private int ComputeCpuCurrent()
    {
        var requests = ReportedCpuRequests ?? [];
        if (ReportedLevels.Length != requests.Length || ReportedLevels.Length == 0) return 0;
        long requested = requests.Sum(r => Milli(r));
        return (int)(100 * ReportedLevels.Sum() / requested);
    }

    public ScalerSpec BuildSpec()
    {
        var metrics = new List<MetricSpec>();
        if (CpuTarget > 0) metrics.Add(Specs.CpuUtilization(CpuTarget));
        metrics.AddRange(MetricsTarget);
        BehaviorSpec? behavior = ScaleUpRules is null && ScaleDownRules is null
            ? null
            : new BehaviorSpec { ScaleUp = ScaleUpRules, ScaleDown = ScaleDownRules };
        // No metric at all: upstream adds a bare CPU resource metric; only range-check cases have none, and they
        // never read metrics, so our API default (80 % CPU) stands in for it.
        return new ScalerSpec
        {
            ScaleTargetRef = ScaleTargetRef,
            MinReplicas = MinReplicas,
            MaxReplicas = MaxReplicas,
            Metrics = metrics,
            Behavior = behavior,
        };
    }

    public DecisionInput BuildInput(ImmutableArray<ScalerCondition> conditions = default) => new()
    {
        Kind = ScalerKind.HorizontalPodAutoscaler,
        Spec = BuildSpec(),
        SpecReplicas = SpecReplicas,
        StatusReplicas = StatusReplicas,
        Selector = Selector,
        Pods = BuildPods(),
        PodMetrics = MetricsFail ? null : BuildPodMetrics(),
        PodMetricsError = MetricsFail ? "something went wrong" : null,
        Readings = BuildReadings(),
        // Upstream's defaultTestingTolerance 0.1, CPU initialization period 2 min, initial readiness delay 10 s.
        Settings = Fx.Testing,
        Conditions = conditions.IsDefault ? [] : conditions,
    };

    public DecisionHistory BuildHistory()
    {
        var history = DecisionHistory.Empty with { LastScaleTime = LastScaleTimeNow ? Now : null };
        if (Recommendations is null) return history;
        // Upstream passes an empty but non-nil slice so that recordInitialRecommendation does not seed it with the
        // current count. Our history is seeded whenever it is empty, so an entry older than every stabilization
        // window stands for "known, nothing recent": it is never counted, and its slot is the one reused.
        var entries = Recommendations.Length == 0
            ? [new TimestampedRecommendation(Now - TimeSpan.FromHours(1), 0)]
            : Recommendations.Select(r => new TimestampedRecommendation(Now - r.Age, r.Replicas)).ToImmutableArray();
        return history with { Behavior = BehaviorHistory.Empty with { Recommendations = entries } };
    }

    /// <summary>upstream's "list pods" reactor: test-pod-i, two containers each requesting half the pod's CPU request (integer milli division).</summary>
    public IReadOnlyList<PodState> BuildPods()
    {
        int count = ReportedCpuRequests?.Length ?? StatusReplicas;
        var pods = new PodState[count];
        for (int i = 0; i < count; i++)
        {
            var start = (ReportedPodStartTime?[i] ?? PodStart.Zero) switch
            {
                PodStart.Hot => Now,
                PodStart.Cool => Now.AddMinutes(-3),
                _ => Fx.Epoch,
            };
            long half = Milli(ReportedCpuRequests?[i] ?? "1.0") / 2;
            var requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.FromMilli(half) };
            pods[i] = new PodState
            {
                Name = $"test-pod-{i}",
                Phase = ReportedPodPhase?[i] ?? PodPhase.Running,
                // The Ready condition's last transition is the pod's start time, as upstream builds it.
                Ready = new PodCondition(ReportedPodReadiness?[i] ?? true, start),
                StartTime = start,
                DeletionTimestamp = ReportedPodDeletionTimestamp?[i] == true ? Now : null,
                Labels = new Dictionary<string, string> { ["name"] = "test-pod" },
                Containers =
                [
                    new ContainerRequests { Name = "container1", Requests = requests },
                    new ContainerRequests { Name = "container2", Requests = requests },
                ],
            };
        }
        return pods;
    }

    /// <summary>upstream's metrics reactor: one PodMetrics per level, stamped now over a 1-minute window, half the level per container.</summary>
    public IReadOnlyList<PodMetricsSample> BuildPodMetrics() => ReportedLevels.Select((level, i) => new PodMetricsSample
    {
        PodName = $"test-pod-{i}",
        Timestamp = Now,
        Window = TimeSpan.FromMinutes(1),
        Containers =
        [
            new ContainerUsage("container1", Fx.CpuMilli(level / 2)),
            new ContainerUsage("container2", Fx.CpuMilli(level / 2)),
        ],
    }).ToArray();

    /// <summary>The custom and external metrics reactors, by metric index (the CPU metric, when set, is index 0).</summary>
    public IReadOnlyList<MetricReading> BuildReadings()
    {
        var readings = new List<MetricReading>();
        int offset = CpuTarget > 0 ? 1 : 0;
        for (int k = 0; k < MetricsTarget.Count; k++)
        {
            int index = offset + k;
            if (MetricsFail)
            {
                readings.Add(new MetricReading { Index = index, Error = "something went wrong" });
                continue;
            }
            readings.Add(MetricsTarget[k].Type switch
            {
                MetricSourceType.Pods => new MetricReading
                {
                    Index = index,
                    PerPod = ReportedLevels.Select((v, i) => (Name: $"test-pod-{i}", Value: Quantity.FromMilli(v)))
                        .ToDictionary(x => x.Name, x => x.Value),
                    Timestamp = Now,
                },
                MetricSourceType.Object => new MetricReading { Index = index, Values = [Quantity.FromMilli(ReportedLevels[0])], Timestamp = Now },
                _ => new MetricReading { Index = index, Values = ReportedLevels.Select(Quantity.FromMilli).ToArray(), Timestamp = Now },
            });
        }
        return readings;
    }

    private static long Milli(string quantity) => Quantity.Parse(quantity).MilliValue;
}
