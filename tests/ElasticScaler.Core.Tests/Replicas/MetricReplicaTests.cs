using ElasticScaler.Core.Replicas;
using static ElasticScaler.Core.Tests.Replicas.Fx;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>Which upstream function a <see cref="MetricCase"/> exercises.</summary>
public enum MetricKind { Pods, Object, ObjectPerPod, External, ExternalPerPod }

/// <summary>A row for the non-resource calculations: target and expected usage are milli-values.</summary>
public sealed record MetricCase(string Name)
{
    public required MetricKind Kind { get; init; }
    public required Scenario Fixture { get; init; }
    public long TargetUsage { get; init; }
    public int ExpectedReplicas { get; init; }
    public long ExpectedUsage { get; init; }
    public Tolerance? Tolerance { get; init; }
    public override string ToString() => $"{Kind}: {Name}";
}

/// <summary>
/// Kubernetes' replica_calculator_test.go tables for custom and external metrics, with their numbers:
/// TestReplicaCalcPodMetric, TestReplicaCalcObjectMetric, TestReplicaCalcObjectPerPodMetric,
/// TestReplicaCalcExternalMetric, TestReplicaCalcExternalPerPodMetric and TestGetPerPodUsage.
/// </summary>
public sealed class MetricReplicaTests
{
    private static readonly Tolerance UpOnePercent = new(0.1, 0.01);

    public static TheoryData<MetricCase> PodsCases => new()
    {
        new("scale up") { Kind = MetricKind.Pods, Fixture = new() { CurrentReplicas = 3, MetricLevels = [20000, 10000, 30000] }, TargetUsage = 15000, ExpectedReplicas = 4, ExpectedUsage = 20000 },
        new("scale up: unready hot-CPU pod scales less")
        {
            Kind = MetricKind.Pods,
            Fixture = new() { CurrentReplicas = 3, Readiness = [true, true, false], StartTimes = [Time3MinsAgo, Time3MinsAgo, TimeNow], MetricLevels = [50000, 10000, 30000] },
            TargetUsage = 15000, ExpectedReplicas = 6, ExpectedUsage = 30000,
        },
        new("scale up: unready hot-CPU pods avoid scale-down")
        {
            Kind = MetricKind.Pods,
            Fixture = new() { CurrentReplicas = 3, Readiness = [false, true, false], StartTimes = [TimeNow, Time3MinsAgo, TimeNow], MetricLevels = [50000, 15000, 30000] },
            TargetUsage = 15000, ExpectedReplicas = 7, ExpectedUsage = 31666,
        },
        new("scale down") { Kind = MetricKind.Pods, Fixture = new() { CurrentReplicas = 5, MetricLevels = [12000, 12000, 12000, 12000, 12000] }, TargetUsage = 20000, ExpectedReplicas = 3, ExpectedUsage = 12000 },
        new("within default tolerance") { Kind = MetricKind.Pods, Fixture = new() { CurrentReplicas = 3, MetricLevels = [20000, 21000, 21000] }, TargetUsage = 20000, ExpectedReplicas = 3, ExpectedUsage = 20666 },
        new("outside configurable 1% tolerance")
        {
            Kind = MetricKind.Pods, Tolerance = UpOnePercent,
            Fixture = new() { CurrentReplicas = 3, MetricLevels = [20000, 21000, 21000] }, TargetUsage = 20000, ExpectedReplicas = 4, ExpectedUsage = 20666,
        },
        new("no change: missing metrics") { Kind = MetricKind.Pods, Fixture = new() { CurrentReplicas = 5, MetricLevels = [20000, 19000, 21000] }, TargetUsage = 20000, ExpectedReplicas = 5, ExpectedUsage = 20000 },
        new("rolling update with maxSurge: extra pod missing metric")
        {
            Kind = MetricKind.Pods,
            Fixture = new() { CurrentReplicas = 2, Phases = [State.PodPhase.Running, State.PodPhase.Running, State.PodPhase.Running], MetricLevels = [10000, 10000] },
            TargetUsage = 17000, ExpectedReplicas = 2, ExpectedUsage = 10000,
        },
    };

    public static TheoryData<MetricCase> ObjectCases => new()
    {
        new("scale up") { Kind = MetricKind.Object, Fixture = new() { CurrentReplicas = 3, MetricLevels = [20000] }, TargetUsage = 15000, ExpectedReplicas = 4, ExpectedUsage = 20000 },
        new("scale up: very large metric saturates replicas to MaxInt32")
        {
            Kind = MetricKind.Object, Fixture = new() { CurrentReplicas = 3, MetricLevels = [long.MaxValue] }, TargetUsage = 1, ExpectedReplicas = int.MaxValue, ExpectedUsage = long.MaxValue,
        },
        new("scale up: ignores unready pods")
        {
            Kind = MetricKind.Object, Fixture = new() { CurrentReplicas = 3, Readiness = [false, true, false], MetricLevels = [50000] }, TargetUsage = 10000, ExpectedReplicas = 5, ExpectedUsage = 50000,
        },
        new("scale down") { Kind = MetricKind.Object, Fixture = new() { CurrentReplicas = 5, MetricLevels = [12000] }, TargetUsage = 20000, ExpectedReplicas = 3, ExpectedUsage = 12000 },
        new("within default tolerance") { Kind = MetricKind.Object, Fixture = new() { CurrentReplicas = 3, MetricLevels = [20666] }, TargetUsage = 20000, ExpectedReplicas = 3, ExpectedUsage = 20666 },
        new("outside configurable 1% tolerance")
        {
            Kind = MetricKind.Object, Tolerance = UpOnePercent, Fixture = new() { CurrentReplicas = 3, MetricLevels = [20666] }, TargetUsage = 20000, ExpectedReplicas = 4, ExpectedUsage = 20666,
        },
    };

    public static TheoryData<MetricCase> ObjectPerPodCases => new()
    {
        new("usage overflow with huge target leaves replicas unchanged")
        {
            Kind = MetricKind.ObjectPerPod, Fixture = new() { CurrentReplicas = 1, MetricLevels = [long.MaxValue] }, TargetUsage = long.MaxValue, ExpectedReplicas = 1, ExpectedUsage = long.MaxValue,
        },
        new("scale up") { Kind = MetricKind.ObjectPerPod, Fixture = new() { CurrentReplicas = 3, MetricLevels = [20000] }, TargetUsage = 5000, ExpectedReplicas = 4, ExpectedUsage = 6667 },
        new("scale down") { Kind = MetricKind.ObjectPerPod, Fixture = new() { CurrentReplicas = 5, MetricLevels = [6000] }, TargetUsage = 2000, ExpectedReplicas = 3, ExpectedUsage = 1200 },
        new("within default tolerance") { Kind = MetricKind.ObjectPerPod, Fixture = new() { CurrentReplicas = 4, MetricLevels = [20166] }, TargetUsage = 5000, ExpectedReplicas = 4, ExpectedUsage = 5042 },
        new("outside configurable 1% tolerance")
        {
            Kind = MetricKind.ObjectPerPod, Tolerance = UpOnePercent, Fixture = new() { CurrentReplicas = 4, MetricLevels = [20208] }, TargetUsage = 5000, ExpectedReplicas = 5, ExpectedUsage = 5052,
        },
        new("statusReplicas zero does not overflow usage") { Kind = MetricKind.ObjectPerPod, Fixture = new() { CurrentReplicas = 0, MetricLevels = [20000] }, TargetUsage = 5000, ExpectedReplicas = 4, ExpectedUsage = 0 },
        new("statusReplicas zero and metric zero does not underflow") { Kind = MetricKind.ObjectPerPod, Fixture = new() { CurrentReplicas = 0, MetricLevels = [0] }, TargetUsage = 5000, ExpectedReplicas = 0, ExpectedUsage = 0 },
    };

    public static TheoryData<MetricCase> ExternalCases => new()
    {
        new("scale down: ignores unready pods (would otherwise scale up)")
        {
            // Would be 6 if unready pods were not left out of the ready count.
            Kind = MetricKind.External, Fixture = new() { CurrentReplicas = 3, Readiness = [false, true, false], MetricLevels = [8600] }, TargetUsage = 4400, ExpectedReplicas = 2, ExpectedUsage = 8600,
        },
        new("scale down") { Kind = MetricKind.External, Fixture = new() { CurrentReplicas = 5, MetricLevels = [8600] }, TargetUsage = 14334, ExpectedReplicas = 3, ExpectedUsage = 8600 },
        new("within default tolerance") { Kind = MetricKind.External, Fixture = new() { CurrentReplicas = 3, MetricLevels = [8600] }, TargetUsage = 8888, ExpectedReplicas = 3, ExpectedUsage = 8600 },
        new("outside configurable 1% tolerance")
        {
            Kind = MetricKind.External, Tolerance = UpOnePercent, Fixture = new() { CurrentReplicas = 3, MetricLevels = [8900] }, TargetUsage = 8800, ExpectedReplicas = 4, ExpectedUsage = 8900,
        },
        new("usage overflow caps at MaxInt64")
        {
            // Two values whose sum would overflow int64, against a huge target.
            Kind = MetricKind.External, Fixture = new() { CurrentReplicas = 3, MetricLevels = [long.MaxValue / 2 + 1, long.MaxValue / 2 + 1] },
            TargetUsage = long.MaxValue, ExpectedReplicas = 3, ExpectedUsage = long.MaxValue,
        },
    };

    public static TheoryData<MetricCase> ExternalPerPodCases => new()
    {
        new("replica count overflow saturates to MaxInt32")
        {
            Kind = MetricKind.ExternalPerPod, Fixture = new() { CurrentReplicas = 1, MetricLevels = [long.MaxValue] }, TargetUsage = 1, ExpectedReplicas = int.MaxValue, ExpectedUsage = long.MaxValue,
        },
        new("usage overflow with huge target leaves replicas unchanged")
        {
            Kind = MetricKind.ExternalPerPod, Fixture = new() { CurrentReplicas = 1, MetricLevels = [long.MaxValue] }, TargetUsage = long.MaxValue, ExpectedReplicas = 1, ExpectedUsage = long.MaxValue,
        },
        new("statusReplicas zero does not overflow usage") { Kind = MetricKind.ExternalPerPod, Fixture = new() { CurrentReplicas = 0, MetricLevels = [20000] }, TargetUsage = 5000, ExpectedReplicas = 4, ExpectedUsage = 0 },
        new("statusReplicas zero and metric zero does not underflow") { Kind = MetricKind.ExternalPerPod, Fixture = new() { CurrentReplicas = 0, MetricLevels = [0] }, TargetUsage = 5000, ExpectedReplicas = 0, ExpectedUsage = 0 },
        new("scale up") { Kind = MetricKind.ExternalPerPod, Fixture = new() { CurrentReplicas = 3, MetricLevels = [8600] }, TargetUsage = 2150, ExpectedReplicas = 4, ExpectedUsage = 2867 },
        new("scale down") { Kind = MetricKind.ExternalPerPod, Fixture = new() { CurrentReplicas = 5, MetricLevels = [8600] }, TargetUsage = 2867, ExpectedReplicas = 3, ExpectedUsage = 1720 },
        new("within default tolerance") { Kind = MetricKind.ExternalPerPod, Fixture = new() { CurrentReplicas = 3, MetricLevels = [8600] }, TargetUsage = 2900, ExpectedReplicas = 3, ExpectedUsage = 2867 },
        new("outside configurable 1% tolerance")
        {
            Kind = MetricKind.ExternalPerPod, Tolerance = UpOnePercent, Fixture = new() { CurrentReplicas = 3, MetricLevels = [8600] }, TargetUsage = 2800, ExpectedReplicas = 4, ExpectedUsage = 2867,
        },
    };

    [Theory]
    [MemberData(nameof(PodsCases))]
    [MemberData(nameof(ObjectCases))]
    [MemberData(nameof(ObjectPerPodCases))]
    [MemberData(nameof(ExternalCases))]
    [MemberData(nameof(ExternalPerPodCases))]
    public void Metric_replicas_match_kubernetes(MetricCase tc)
    {
        var f = tc.Fixture;
        var tolerance = tc.Tolerance ?? Tolerance.Default;
        var values = Milli(f.MetricLevels);
        var p = tc.Kind switch
        {
            MetricKind.Pods => ReplicaCalculator.GetMetricReplicas(f.CurrentReplicas, tc.TargetUsage, f.BuildPerPod(), tolerance, f.BuildPods(), Testing, Now),
            MetricKind.Object => ReplicaCalculator.GetObjectMetricReplicas(f.CurrentReplicas, tc.TargetUsage, f.MetricLevels[0], tolerance, f.BuildPods()),
            MetricKind.ObjectPerPod => ReplicaCalculator.GetObjectPerPodMetricReplicas(f.CurrentReplicas, tc.TargetUsage, f.MetricLevels[0], tolerance),
            MetricKind.External => ReplicaCalculator.GetExternalMetricReplicas(f.CurrentReplicas, tc.TargetUsage, values, tolerance, f.BuildPods()),
            _ => ReplicaCalculator.GetExternalPerPodMetricReplicas(f.CurrentReplicas, tc.TargetUsage, values, tolerance),
        };
        Assert.Null(p.Error);
        Assert.Equal(tc.ExpectedReplicas, p.Replicas);
        Assert.Equal(tc.ExpectedUsage, p.Usage);
    }

    /// <summary>TestGetPerPodUsage.</summary>
    [Theory]
    [InlineData(20000, 0, 0)]
    [InlineData(1000, 3, 334)]
    [InlineData(long.MaxValue, 1, long.MaxValue)]
    public void Per_pod_usage_rounds_up_and_never_wraps_or_divides_by_zero(long usage, int statusReplicas, long expected) =>
        Assert.Equal(expected, ReplicaCalculator.PerPodUsage(usage, statusReplicas));

    [Fact]
    public void Object_value_scales_from_zero_without_tolerance_or_ready_pods()
    {
        // currentReplicas 0: ceil(20000 / 15000) = 2, whatever the pods.
        var p = ReplicaCalculator.GetObjectMetricReplicas(0, 15000, 20000, Tolerance.Default, []);
        Assert.Equal(2, p.Replicas);
    }

    [Fact]
    public void Object_value_away_from_zero_needs_pods_to_count_the_ready_ones()
    {
        var p = ReplicaCalculator.GetObjectMetricReplicas(3, 10000, 50000, Tolerance.Default, []);
        Assert.Equal("unable to calculate ready pods: no pods returned by selector while calculating replica count", p.Error);
    }

    [Fact]
    public void Pods_metric_with_no_targeted_samples_is_an_error()
    {
        // Every pod is Pending, so its sample is removed and nothing is left to average.
        var f = new Scenario { CurrentReplicas = 2, Phases = [State.PodPhase.Pending, State.PodPhase.Pending], MetricLevels = [1000, 1000] };
        var p = ReplicaCalculator.GetMetricReplicas(2, 500, f.BuildPerPod(), Tolerance.Default, f.BuildPods(), Testing, Now);
        Assert.Equal("did not receive metrics for targeted pods (pods might be unready)", p.Error);
    }
}
