using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Replicas.Fx;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>A GetResourceReplicas row: a fixture and what HPA answers for it.</summary>
public sealed record ResourceCase(string Name)
{
    public required Scenario Fixture { get; init; }
    public int TargetUtilization { get; init; }
    public int ExpectedReplicas { get; init; }
    public int ExpectedUtilization { get; init; }
    public long ExpectedRawValue { get; init; }
    /// <summary>A substring of the expected error; when set, the other expectations are not checked.</summary>
    public string? ExpectedError { get; init; }
    /// <summary>Overrides the default 10 % / 10 % tolerances.</summary>
    public Tolerance? Tolerance { get; init; }
    public override string ToString() => Name;
}

/// <summary>
/// Kubernetes' replica_calculator_test.go, Resource (and ContainerResource) utilization tables, transcribed with
/// their numbers: TestReplicaCalcResourceScale, TestReplicaCalcResourceTolerance,
/// TestReplicaCalcResourceMissingMetrics and TestReplicaCalcComputedToleranceAlgImplementation.
/// </summary>
public sealed class ResourceReplicaTests
{
    private static readonly bool[] T1F2 = [true, false, false];
    private static readonly bool[] F1T2 = [false, true, true];

    public static TheoryData<ResourceCase> Scale => new()
    {
        new("scale up")
        {
            Fixture = new() { CurrentReplicas = 3, Requests = CpuRequests(3, "1.0"), Levels = Levels(300, 500, 700) },
            TargetUtilization = 30, ExpectedReplicas = 5, ExpectedUtilization = 50, ExpectedRawValue = ContainersPerPod * 500,
        },
        new("scale up: container metric")
        {
            Fixture = new() { CurrentReplicas = 3, Container = "container2", Requests = CpuRequests(3, "1.0"), Levels = [[1000, 300], [1000, 500], [1000, 700]] },
            TargetUtilization = 30, ExpectedReplicas = 5, ExpectedUtilization = 50, ExpectedRawValue = 500,
        },
        new("scale up: unready pod scales less")
        {
            Fixture = new() { CurrentReplicas = 3, Readiness = [false, true, true], Requests = CpuRequests(3, "1.0"), Levels = Levels(300, 500, 700) },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = ContainersPerPod * 600,
        },
        new("scale up: hot-CPU container scales less")
        {
            Fixture = new()
            {
                CurrentReplicas = 3, StartTimes = [TimeNow, Time3MinsAgo, Time3MinsAgo], Container = "container2",
                Requests = CpuRequests(3, "1.0"), Levels = [[0, 300], [0, 500], [0, 700]],
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = 600,
        },
        new("scale up: hot-CPU pod scales less")
        {
            Fixture = new() { CurrentReplicas = 3, StartTimes = [TimeNow, Time3MinsAgo, Time3MinsAgo], Requests = CpuRequests(3, "1.0"), Levels = Levels(300, 500, 700) },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = ContainersPerPod * 600,
        },
        new("no scale: unready pods ignored")
        {
            Fixture = new() { CurrentReplicas = 3, Readiness = T1F2, Requests = CpuRequests(3, "1.0"), Levels = Levels(400, 500, 700) },
            TargetUtilization = 30, ExpectedReplicas = 3, ExpectedUtilization = 40, ExpectedRawValue = ContainersPerPod * 400,
        },
        new("no scale: hot-CPU pods ignored")
        {
            Fixture = new() { CurrentReplicas = 3, Readiness = T1F2, StartTimes = [Time3MinsAgo, TimeNow, TimeNow], Requests = CpuRequests(3, "1.0"), Levels = Levels(400, 500, 700) },
            TargetUtilization = 30, ExpectedReplicas = 3, ExpectedUtilization = 40, ExpectedRawValue = ContainersPerPod * 400,
        },
        new("scale up: failed pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 2, Readiness = [true, true, false, false], Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
                Requests = CpuRequests(4, "1.0"), Levels = Levels(500, 700),
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = ContainersPerPod * 600,
        },
        new("scale up: failed pods ignored with missing container metric")
        {
            Fixture = new()
            {
                CurrentReplicas = 2, Readiness = [true, true, false, false], Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
                Container = "container2", Requests = CpuRequests(4, "1.0"), Levels = [[1000, 500], [9000, 700], [1000], [9000]],
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = 600,
        },
        new("scale up: container metrics with failed pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 2, Readiness = [true, true, false, false], Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
                Container = "container2", Requests = CpuRequests(4, "1.0"), Levels = [[1000, 500], [9000, 700]],
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = 600,
        },
        new("scale up: succeeded pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 2, Readiness = [true, true, false, false], Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Succeeded, PodPhase.Succeeded],
                Requests = CpuRequests(4, "1.0"), Levels = Levels(500, 700),
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = ContainersPerPod * 600,
        },
        new("scale up: container metric with succeeded pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 2, Readiness = [true, true, false, false], Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Succeeded, PodPhase.Succeeded],
                Container = "container2", Requests = CpuRequests(4, "1.0"), Levels = [[1000, 500], [9000, 700]],
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = 600,
        },
        new("scale up: pods being deleted are ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 2, Readiness = [true, true, false, false], Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running],
                Deleted = [false, false, true, true], Requests = CpuRequests(4, "1.0"), Levels = Levels(500, 700),
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = ContainersPerPod * 600,
        },
        new("scale up: container metrics with pods being deleted ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 2, Readiness = [true, true, false, false], Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running],
                Deleted = [false, false, true, true], Container = "container1", Requests = CpuRequests(4, "1.0"), Levels = Levels(500, 700),
            },
            TargetUtilization = 30, ExpectedReplicas = 4, ExpectedUtilization = 60, ExpectedRawValue = 600,
        },
        new("scale down")
        {
            Fixture = new() { CurrentReplicas = 5, Requests = CpuRequests(5, "1.0"), Levels = Levels(100, 300, 500, 250, 250) },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = ContainersPerPod * 280,
        },
        new("scale down: container metric")
        {
            Fixture = new() { CurrentReplicas = 5, Container = "container2", Requests = CpuRequests(5, "1.0"), Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = 280,
        },
        new("scale down: exclude unready pods")
        {
            Fixture = new() { CurrentReplicas = 5, Readiness = [true, true, true, false, false], Requests = CpuRequests(5, "1.0"), Levels = Levels(100, 300, 500, 250, 250) },
            TargetUtilization = 50, ExpectedReplicas = 2, ExpectedUtilization = 30, ExpectedRawValue = ContainersPerPod * 300,
        },
        new("scale down: container metric excludes unready pods")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, true, true, false, false], Container = "container2",
                Requests = CpuRequests(5, "1.0"), Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            },
            TargetUtilization = 50, ExpectedReplicas = 2, ExpectedUtilization = 30, ExpectedRawValue = 300,
        },
        new("scale down: exclude unscheduled pods")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, false, false, false, false],
                Phases = [PodPhase.Running, PodPhase.Pending, PodPhase.Pending, PodPhase.Pending, PodPhase.Pending],
                Requests = CpuRequests(5, "1.0"), Levels = Levels(100),
            },
            TargetUtilization = 50, ExpectedReplicas = 1, ExpectedUtilization = 10, ExpectedRawValue = ContainersPerPod * 100,
        },
        new("scale down: container metric excludes unscheduled pods")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, false, false, false, false],
                Phases = [PodPhase.Running, PodPhase.Pending, PodPhase.Pending, PodPhase.Pending, PodPhase.Pending],
                Container = "container2", Requests = CpuRequests(5, "1.0"), Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            },
            TargetUtilization = 50, ExpectedReplicas = 1, ExpectedUtilization = 10, ExpectedRawValue = 100,
        },
        new("scale down: ignore hot-CPU pods")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, StartTimes = [Time3MinsAgo, Time3MinsAgo, Time3MinsAgo, TimeNow, TimeNow],
                Requests = CpuRequests(5, "1.0"), Levels = Levels(100, 300, 500, 250, 250),
            },
            TargetUtilization = 50, ExpectedReplicas = 2, ExpectedUtilization = 30, ExpectedRawValue = ContainersPerPod * 300,
        },
        new("scale down: container metric ignores hot-CPU pods")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, StartTimes = [Time3MinsAgo, Time3MinsAgo, Time3MinsAgo, TimeNow, TimeNow], Container = "container2",
                Requests = CpuRequests(5, "1.0"), Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 1000], [1000, 1000]],
            },
            TargetUtilization = 50, ExpectedReplicas = 2, ExpectedUtilization = 30, ExpectedRawValue = 300,
        },
        new("scale down: failed pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, true, true, true, true, false, false],
                Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
                Requests = CpuRequests(7, "1.0"), Levels = Levels(100, 300, 500, 250, 250),
            },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = ContainersPerPod * 280,
        },
        new("scale down: container metric with failed pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, true, true, true, true, false, false],
                Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
                Container = "container2", Requests = CpuRequests(7, "1.0"), Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = 280,
        },
        new("scale down: succeeded pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, true, true, true, true, false, false],
                Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Succeeded, PodPhase.Succeeded],
                Requests = CpuRequests(7, "1.0"), Levels = Levels(100, 300, 500, 250, 250),
            },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = ContainersPerPod * 280,
        },
        new("scale down: container metric with succeeded pods ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, true, true, true, true, false, false],
                Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Succeeded, PodPhase.Succeeded],
                Container = "container2", Requests = CpuRequests(7, "1.0"), Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = 280,
        },
        new("scale down: pods being deleted are ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, true, true, true, true, false, false],
                Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running],
                Deleted = [false, false, false, false, false, true, true], Requests = CpuRequests(7, "1.0"), Levels = Levels(100, 300, 500, 250, 250),
            },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = ContainersPerPod * 280,
        },
        // Regression test for kubernetes/kubernetes#83561.
        new("scale down: still-running pods being deleted are ignored")
        {
            Fixture = new()
            {
                CurrentReplicas = 5, Readiness = [true, true, true, true, true, false, false],
                Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running],
                Deleted = [false, false, false, false, false, true, true], Container = "container2",
                Requests = CpuRequests(7, "1.0"), Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 28, ExpectedRawValue = 280,
        },
    };

    private static readonly string[] MixedRequests = ["0.9", "1.0", "1.1"];

    public static TheoryData<ResourceCase> ToleranceCases => new()
    {
        new("within default tolerance")
        {
            Fixture = new() { CurrentReplicas = 3, Requests = MixedRequests, Levels = Levels(1010, 1030, 1020) },
            TargetUtilization = 100, ExpectedReplicas = 3, ExpectedUtilization = 102, ExpectedRawValue = ContainersPerPod * 1020,
        },
        new("outside 0% tolerance")
        {
            Tolerance = new Tolerance(0, 0),
            Fixture = new() { CurrentReplicas = 3, Requests = MixedRequests, Levels = Levels(909, 1010, 1111) },
            TargetUtilization = 100, ExpectedReplicas = 4, ExpectedUtilization = 101, ExpectedRawValue = ContainersPerPod * 1010,
        },
        new("within 200% scale-up tolerance")
        {
            Tolerance = new Tolerance(0.1, 2.0),
            Fixture = new() { CurrentReplicas = 3, Requests = MixedRequests, Levels = Levels(1890, 1910, 1900) },
            TargetUtilization = 100, ExpectedReplicas = 3, ExpectedUtilization = 190, ExpectedRawValue = ContainersPerPod * 1900,
        },
        new("outside 8% scale-up tolerance (superfluous scale-down tolerance)")
        {
            Tolerance = new Tolerance(2.0, 0.08),
            Fixture = new() { CurrentReplicas = 3, Requests = MixedRequests, Levels = Levels(1100, 1080, 1090) },
            TargetUtilization = 100, ExpectedReplicas = 4, ExpectedUtilization = 109, ExpectedRawValue = ContainersPerPod * 1090,
        },
        new("within 36% scale-down tolerance")
        {
            Tolerance = new Tolerance(0.36, 0.1),
            Fixture = new() { CurrentReplicas = 3, Requests = MixedRequests, Levels = Levels(660, 640, 650) },
            TargetUtilization = 100, ExpectedReplicas = 3, ExpectedUtilization = 65, ExpectedRawValue = ContainersPerPod * 650,
        },
        new("outside 34% scale-down tolerance")
        {
            Tolerance = new Tolerance(0.34, 0.1),
            Fixture = new() { CurrentReplicas = 3, Requests = MixedRequests, Levels = Levels(660, 640, 650) },
            TargetUtilization = 100, ExpectedReplicas = 2, ExpectedUtilization = 65, ExpectedRawValue = ContainersPerPod * 650,
        },
    };

    public static TheoryData<ResourceCase> MissingMetrics => new()
    {
        new("superfluous metrics counted")
        {
            Fixture = new() { CurrentReplicas = 4, Requests = CpuRequests(4, "1.0"), Levels = Levels(4000, 9500, 3000, 7000, 3200, 2000) },
            TargetUtilization = 100, ExpectedReplicas = 24, ExpectedUtilization = 587, ExpectedRawValue = ContainersPerPod * 5875,
        },
        new("some pods missing metrics scales down")
        {
            Fixture = new() { CurrentReplicas = 4, Requests = CpuRequests(4, "1.0"), Levels = Levels(400, 95) },
            TargetUtilization = 100, ExpectedReplicas = 3, ExpectedUtilization = 24, ExpectedRawValue = 495,
        },
        new("no change: metric equal to target")
        {
            Fixture = new() { CurrentReplicas = 2, Requests = CpuRequests(2, "1.0"), Levels = Levels(1000) },
            TargetUtilization = 100, ExpectedReplicas = 2, ExpectedUtilization = 100, ExpectedRawValue = ContainersPerPod * 1000,
        },
        new("no change: metric above target")
        {
            Fixture = new() { CurrentReplicas = 2, Requests = CpuRequests(2, "1.0"), Levels = Levels(1900) },
            TargetUtilization = 100, ExpectedReplicas = 2, ExpectedUtilization = 190, ExpectedRawValue = ContainersPerPod * 1900,
        },
        new("no change: metric below target")
        {
            Fixture = new() { CurrentReplicas = 2, Requests = CpuRequests(2, "1.0"), Levels = Levels(600) },
            TargetUtilization = 100, ExpectedReplicas = 2, ExpectedUtilization = 60, ExpectedRawValue = ContainersPerPod * 600,
        },
        new("no change: unready pod metric missing")
        {
            Fixture = new() { CurrentReplicas = 3, Readiness = F1T2, Requests = CpuRequests(3, "1.0"), Levels = Levels(100, 450) },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 45, ExpectedRawValue = ContainersPerPod * 450,
        },
        new("no change: hot-CPU pod metric missing")
        {
            Fixture = new() { CurrentReplicas = 3, StartTimes = [TimeNow, Time3MinsAgo, Time3MinsAgo], Requests = CpuRequests(3, "1.0"), Levels = Levels(100, 450) },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 45, ExpectedRawValue = ContainersPerPod * 450,
        },
        new("scale up: unready pod metric missing")
        {
            Fixture = new() { CurrentReplicas = 3, Readiness = F1T2, Requests = CpuRequests(3, "1.0"), Levels = Levels(100, 2000) },
            TargetUtilization = 50, ExpectedReplicas = 4, ExpectedUtilization = 200, ExpectedRawValue = ContainersPerPod * 2000,
        },
        new("scale up: hot-CPU pod metric missing")
        {
            Fixture = new()
            {
                CurrentReplicas = 3, Readiness = F1T2, StartTimes = [TimeNow, Time3MinsAgo, Time3MinsAgo],
                Requests = CpuRequests(3, "1.0"), Levels = Levels(100, 2000),
            },
            TargetUtilization = 50, ExpectedReplicas = 4, ExpectedUtilization = 200, ExpectedRawValue = ContainersPerPod * 2000,
        },
        new("scale down: unready pod metric missing")
        {
            Fixture = new() { CurrentReplicas = 4, Readiness = [false, true, true, true], Requests = CpuRequests(4, "1.0"), Levels = Levels(100, 100, 100) },
            TargetUtilization = 50, ExpectedReplicas = 3, ExpectedUtilization = 10, ExpectedRawValue = ContainersPerPod * 100,
        },
        new("scale down: target over 100")
        {
            Fixture = new() { CurrentReplicas = 4, Readiness = [false, true, true, true], Requests = ["1.0", "1.0", "2.0", "2.0"], Levels = Levels(200, 100, 100) },
            TargetUtilization = 300, ExpectedReplicas = 2, ExpectedUtilization = 6, ExpectedRawValue = ContainersPerPod * 100,
        },
        new("rolling update with maxSurge: extra pod missing metric")
        {
            Fixture = new() { CurrentReplicas = 2, Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running], Requests = CpuRequests(3, "1.0"), Levels = Levels(100, 100) },
            TargetUtilization = 50, ExpectedReplicas = 2, ExpectedUtilization = 10, ExpectedRawValue = ContainersPerPod * 100,
        },
        new("disjoint pod and metric names")
        {
            Fixture = new() { CurrentReplicas = 1, Requests = CpuRequests(1, "1.0"), Levels = Levels(100), PodNames = ["an-older-pod-name"] },
            TargetUtilization = 100, ExpectedError = "no metrics returned matched known pods",
        },
        new("no metrics returned from metrics API")
        {
            Fixture = new() { CurrentReplicas = 4, Requests = CpuRequests(3, "1.0"), Levels = Levels() },
            TargetUtilization = 100, ExpectedError = "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
        },
        new("missing CPU request on container")
        {
            Fixture = new() { CurrentReplicas = 1, Requests = [], Levels = Levels(200) },
            TargetUtilization = 100, ExpectedError = "missing request for",
        },
    };

    [Theory]
    [MemberData(nameof(Scale))]
    [MemberData(nameof(ToleranceCases))]
    [MemberData(nameof(MissingMetrics))]
    public void Resource_utilization_replicas_match_kubernetes(ResourceCase tc) => Check(tc);

    /// <summary>
    /// TestReplicaCalcComputedToleranceAlgImplementation: back-calculates a target that just breaches the 10 %
    /// tolerance (scale 10 → 9), then one that just stays inside it (no change).
    /// </summary>
    [Theory]
    [InlineData(.01, 9)]
    [InlineData(.004, 10)]
    public void Computed_tolerance_boundary_matches_kubernetes(double margin, int expectedReplicas)
    {
        const int startPods = 10;
        const long totalUsed = startPods * 150;
        const int totalRequested = (int)(2 * totalUsed);
        var requestedToUsed = (double)(totalRequested / (int)totalUsed);
        const int perPodRequested = totalRequested / startPods;
        var target = Math.Abs(1 / (requestedToUsed * (1 - 0.1))) + margin;
        var percentTarget = (int)(target * 100);
        int[] offsets = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0];

        var tc = new ResourceCase($"computed tolerance, target {percentTarget}%")
        {
            Fixture = new()
            {
                CurrentReplicas = startPods,
                Levels = Levels(Enumerable.Repeat(totalUsed / 10, 10).ToArray()),
                Requests = offsets.Select(o => $"{perPodRequested + o}m").ToArray(),
            },
            TargetUtilization = percentTarget,
            ExpectedReplicas = expectedReplicas,
            ExpectedUtilization = (int)(totalUsed * 100) / totalRequested,
            ExpectedRawValue = ContainersPerPod * totalUsed / 10,
        };
        Check(tc);
    }

    [Fact]
    public void Missing_pods_on_scale_down_count_as_their_whole_request_not_zero()
    {
        // 2 of 4 pods report 20 % of request against a 100 % target; the other 2 have no sample. Counting them
        // as 0 would propose 1 pod; counting them at 100 % of request gives 60 % over 4 pods, so 3, as HPA does.
        var tc = new ResourceCase("scale down: missing pods count as 100% of request")
        {
            Fixture = new() { CurrentReplicas = 4, Requests = CpuRequests(4, "1.0"), Levels = Levels(200, 200) },
            TargetUtilization = 100, ExpectedReplicas = 3, ExpectedUtilization = 20, ExpectedRawValue = ContainersPerPod * 200,
        };
        Check(tc);
    }

    [Fact]
    public void Pod_level_requests_replace_the_container_sum()
    {
        // Each pod asks 4 CPU at pod level, while its containers ask 1 + 1: utilization is 2000 / 4000 = 50 %.
        var pods = new Scenario { CurrentReplicas = 2, Requests = CpuRequests(2, "1.0") }.BuildPods()
            .Select(p => p with { PodRequests = Cpu("4") }).ToArray();
        var metrics = new Scenario { CurrentReplicas = 2, Levels = Levels(1000, 1000) }.BuildPodMetrics();
        var p = ReplicaCalculator.GetResourceReplicas(2, 100, "cpu", null, Tolerance.Default, pods, metrics, null, Testing, Now);
        Assert.Null(p.Error);
        Assert.Equal(50, p.Utilization);
        Assert.Equal(1, p.Replicas);
    }

    [Fact]
    public void Sidecar_requests_count_toward_utilization()
    {
        // A restartable init container (sidecar) requesting 1 CPU doubles each pod's request: 2000 / 3000 = 66 %.
        var pods = new Scenario { CurrentReplicas = 2, Requests = CpuRequests(2, "1.0") }.BuildPods()
            .Select(p => p with { InitContainers = [new ContainerRequests { Name = "proxy", Requests = Cpu("1"), RestartPolicyAlways = true }] })
            .ToArray();
        var metrics = new Scenario { CurrentReplicas = 2, Levels = Levels(1000, 1000) }.BuildPodMetrics();
        var p = ReplicaCalculator.GetResourceReplicas(2, 100, "cpu", null, Tolerance.Default, pods, metrics, null, Testing, Now);
        Assert.Null(p.Error);
        Assert.Equal(66, p.Utilization);
        Assert.Equal(2, p.Replicas);
    }

    [Fact]
    public void Pod_metrics_listed_in_another_order_still_match_their_pods()
    {
        var fixture = new Scenario { CurrentReplicas = 5, Requests = CpuRequests(5, "1.0"), Levels = Levels(100, 300, 500, 250, 250) };
        var shuffled = fixture.BuildPodMetrics().Reverse().ToArray();
        var p = ReplicaCalculator.GetResourceReplicas(5, 50, "cpu", null, Tolerance.Default, fixture.BuildPods(), shuffled, null, Testing, Now);
        Assert.Equal((3, 28), (p.Replicas, p.Utilization!.Value));
    }

    [Fact]
    public void A_pod_metrics_error_is_reported_with_the_resource()
    {
        var fixture = new Scenario { CurrentReplicas = 1, Requests = CpuRequests(1, "1.0") };
        var p = ReplicaCalculator.GetResourceReplicas(1, 50, "cpu", null, Tolerance.Default, fixture.BuildPods(), null, "connection refused", Testing, Now);
        Assert.Equal("unable to get metrics for resource cpu: connection refused", p.Error);
    }

    [Fact]
    public void No_pods_is_an_error()
    {
        var metrics = new Scenario { CurrentReplicas = 1, Levels = Levels(100) }.BuildPodMetrics();
        var p = ReplicaCalculator.GetResourceReplicas(1, 50, "cpu", null, Tolerance.Default, [], metrics, null, Testing, Now);
        Assert.Equal("no pods returned by selector while calculating replica count", p.Error);
    }

    private static void Check(ResourceCase tc)
    {
        var f = tc.Fixture;
        var p = ReplicaCalculator.GetResourceReplicas(f.CurrentReplicas, tc.TargetUtilization, "cpu", f.Container,
            tc.Tolerance ?? Tolerance.Default, f.BuildPods(), f.BuildPodMetrics(), null, Testing, Now);
        if (tc.ExpectedError is not null)
        {
            Assert.NotNull(p.Error);
            Assert.Contains(tc.ExpectedError, p.Error);
            return;
        }
        Assert.Null(p.Error);
        Assert.Equal(tc.ExpectedReplicas, p.Replicas);
        Assert.Equal(tc.ExpectedUtilization, p.Utilization);
        Assert.Equal(tc.ExpectedRawValue, p.Usage);
        Assert.Equal(Epoch, p.Timestamp);
    }
}
