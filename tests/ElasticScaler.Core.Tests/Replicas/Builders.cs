using ElasticScaler.Core.Model;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>
/// Fixtures shaped like Kubernetes' replica_calculator_test.go: pods "test-pod-i" with two containers
/// (container1, container2) that each request the pod's CPU request, and PodMetrics with one usage per container.
/// </summary>
public static class Fx
{
    /// <summary>Plays Go's zero time: start times, transition times and sample timestamps left unset upstream.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>"now" for every test: far after <see cref="Epoch"/>, as time.Now() is after Go's zero time.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
    public static DateTimeOffset TimeNow => Now;
    public static DateTimeOffset Time3MinsAgo => Now.AddMinutes(-3);

    /// <summary>Upstream's testing constants: 2 min CPU initialization period, 10 s initial readiness delay.</summary>
    public static readonly ControllerSettings Testing = new()
    {
        CpuInitializationPeriod = TimeSpan.FromMinutes(2),
        InitialReadinessDelay = TimeSpan.FromSeconds(10),
    };

    public const int ContainersPerPod = 2;

    /// <summary>makePodMetricLevels: every container of pod i reports <paramref name="perPod"/>[i] milli-CPU.</summary>
    public static long[][] Levels(params long[] perPod) =>
        perPod.Select(v => Enumerable.Repeat(v, ContainersPerPod).ToArray()).ToArray();

    /// <summary>cpuRequests: n identical per-container CPU requests.</summary>
    public static string[] CpuRequests(int n, string value) => Enumerable.Repeat(value, n).ToArray();

    public static IReadOnlyDictionary<string, Quantity> Cpu(string q) => new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse(q) };

    public static IReadOnlyDictionary<string, Quantity> CpuMilli(long m) => new Dictionary<string, Quantity> { ["cpu"] = Quantity.FromMilli(m) };

    public static Quantity[] Milli(params long[] values) => values.Select(Quantity.FromMilli).ToArray();
}

/// <summary>
/// One fixture (upstream's calcScenario): which pods exist, what they report, and their readiness and phase.
/// Per-pod arrays, when set, cover every pod; pods beyond <see cref="CurrentReplicas"/> exist only when
/// <see cref="Phases"/> lists them (terminal pods are not counted in the replicas).
/// </summary>
public sealed record Scenario
{
    public required int CurrentReplicas { get; init; }
    /// <summary>Per-pod CPU request of each container; pods past its end declare none.</summary>
    public string[] Requests { get; init; } = [];
    /// <summary>levels[i][j]: usage of container j+1 of the i-th PodMetrics.</summary>
    public long[][] Levels { get; init; } = [];
    /// <summary>Overrides the name of the i-th PodMetrics.</summary>
    public string[] PodNames { get; init; } = [];
    public string? Container { get; init; }
    public bool[]? Readiness { get; init; }
    public DateTimeOffset[]? StartTimes { get; init; }
    public PodPhase[]? Phases { get; init; }
    public bool[]? Deleted { get; init; }
    /// <summary>Custom metric values, one per pod name (Pods metrics) or one per series (Object, External).</summary>
    public long[] MetricLevels { get; init; } = [];

    public int PodCount => Phases is { } p && p.Length > CurrentReplicas ? p.Length : CurrentReplicas;

    public IReadOnlyList<PodState> BuildPods() => Enumerable.Range(0, PodCount).Select(BuildPod).ToArray();

    private PodState BuildPod(int i)
    {
        var requests = i < Requests.Length ? Fx.Cpu(Requests[i]) : new Dictionary<string, Quantity>();
        return new PodState
        {
            Name = $"test-pod-{i}",
            Phase = Phases?[i] ?? PodPhase.Running,
            StartTime = StartTimes?[i] ?? Fx.Epoch,
            Ready = new PodCondition(Readiness is { } r && i < r.Length ? r[i] : true, Fx.Epoch),
            DeletionTimestamp = Deleted is { } d && d[i] ? Fx.Now : null,
            Containers =
            [
                new ContainerRequests { Name = "container1", Requests = requests },
                new ContainerRequests { Name = "container2", Requests = requests },
            ],
        };
    }

    public IReadOnlyList<PodMetricsSample> BuildPodMetrics() => Levels.Select((perContainer, i) => new PodMetricsSample
    {
        PodName = i < PodNames.Length ? PodNames[i] : $"test-pod-{i}",
        Timestamp = Fx.Epoch,
        Window = TimeSpan.FromMinutes(1),
        Containers = perContainer.Select((m, j) => new ContainerUsage($"container{j + 1}", Fx.CpuMilli(m))).ToArray(),
    }).ToArray();

    /// <summary>A Pods metric reading: value i belongs to pod test-pod-i.</summary>
    public IReadOnlyDictionary<string, Quantity> BuildPerPod() =>
        MetricLevels.Select((v, i) => (Name: $"test-pod-{i}", Value: Quantity.FromMilli(v))).ToDictionary(x => x.Name, x => x.Value);
}
