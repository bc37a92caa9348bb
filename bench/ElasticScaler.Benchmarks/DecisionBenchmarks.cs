using BenchmarkDotNet.Attributes;
using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Benchmarks;

/// <summary>
/// One whole decision (metrics, schedules, behavior, placement) for the seed's WordPress-like workload, in steady
/// state: the history is warm and the spec is prepared once, as the service keeps it between syncs.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 6, 0, 0, TimeSpan.Zero);
    private DecisionInput _input = null!;
    private DecisionHistory _history = DecisionHistory.Empty;
    private DateTimeOffset _now;

    [Params(10, 100, 1_000, 10_000)]
    public int Pods { get; set; }

    [Params(false, true)]
    public bool WithSchedules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var spec = new ScalerSpec
        {
            ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "wordpress" },
            MinReplicas = 1,
            MaxReplicas = 20_000,
            Metrics = [new MetricSpec
            {
                Type = MetricSourceType.Resource,
                Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = MetricTargetType.Utilization, AverageUtilization = 60 } },
            }],
            Behavior = new BehaviorSpec { ScaleDown = new ScalingRules { StabilizationWindowSeconds = 300 } },
            TimeZone = "Asia/Shanghai",
            Schedules = WithSchedules
                ?
                [
                    new ScheduleSpec { Name = "double-11", Start = "0 30 23 10 11 ?", End = "0 0 2 11 11 ?", MinReplicas = 80, MaxReplicas = 20_000, PrewarmSeconds = 300 },
                    new ScheduleSpec { Name = "lunch", Start = "0 30 11 * * MON-FRI", Duration = "2h", MinReplicas = 5 },
                    new ScheduleSpec { Name = "evening", Start = "0 0 19 * * ?", Duration = "4h", MinReplicas = 5 },
                ]
                : [],
            ExcludeDates = WithSchedules ? ["2026-10-01", "0 0 0 * * SAT"] : [],
            Placement = new PlacementSpec
            {
                Strategy = PlacementStrategy.EcsFirst,
                Eci = new EciPoolSpec
                {
                    NodeSelector = new Dictionary<string, string> { [AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue },
                    Tolerations = [new Toleration { Key = AckLabels.VirtualKubeletTaintKey, Operator = "Exists", Effect = "NoSchedule" }],
                },
            },
        };
        var requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("500m"), ["memory"] = Quantity.Parse("512Mi") };
        var started = Start.AddHours(-2);
        int ecsNodes = Math.Max(1, Pods / 30);
        var pods = new PodState[Pods];
        var metrics = new PodMetricsSample[Pods];
        for (int i = 0; i < Pods; i++)
        {
            pods[i] = new PodState
            {
                Name = $"wordpress-{i:D5}",
                Phase = PodPhase.Running,
                CreationTimestamp = started,
                StartTime = started,
                Ready = new PodCondition(true, started.AddSeconds(20)),
                Scheduled = new PodCondition(true, started),
                NodeName = $"ecs-{i % ecsNodes}",
                Containers = [new ContainerRequests { Name = "wordpress", Requests = requests }],
            };
            metrics[i] = new PodMetricsSample
            {
                PodName = pods[i].Name,
                Timestamp = Start,
                Containers = [new ContainerUsage("wordpress", new Dictionary<string, Quantity> { ["cpu"] = Quantity.FromMilli(280 + i % 40) })],
            };
        }
        var nodes = new List<NodeState>();
        for (int n = 0; n < ecsNodes; n++)
        {
            nodes.Add(new NodeState
            {
                Name = $"ecs-{n}",
                Allocatable = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("16"), ["memory"] = Quantity.Parse("64Gi"), ["pods"] = Quantity.Parse("110") },
                Requested = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("15"), ["memory"] = Quantity.Parse("15Gi") },
                PodCount = 30,
            });
        }
        nodes.Add(new NodeState
        {
            Name = AckLabels.VirtualKubelet,
            Labels = new Dictionary<string, string> { [AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue },
            Taints = [new Taint(AckLabels.VirtualKubeletTaintKey, AckLabels.VirtualKubeletTaintValue, "NoSchedule")],
            Allocatable = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("10000"), ["memory"] = Quantity.Parse("40Ti"), ["pods"] = Quantity.Parse("30000") },
        });
        _input = new DecisionInput
        {
            Spec = spec,
            SpecReplicas = Pods,
            StatusReplicas = Pods,
            Selector = "app=wordpress",
            Pods = pods,
            PodMetrics = metrics,
            Nodes = nodes,
            Prepared = PreparedSpec.Prepare(spec, ControllerSettings.Default),
            Template = ElasticScaler.Core.Placement.PodTemplateRequirements.FromPod(pods[0]),
        };
        // Warm the history with 25 syncs (a little over the 5-minute scale-down window at 15 s).
        _now = Start;
        // Conditions carry over too, as the service passes the last status back in.
        for (int i = 0; i < 25; i++)
        {
            var d = DecisionPipeline.Decide(_input, _history, _now);
            _history = d.History;
            _input = _input with { Conditions = d.Conditions };
            _now = _now.AddSeconds(15);
        }
    }

    [Benchmark]
    public int Decide() => DecisionPipeline.Decide(_input, _history, _now).DesiredReplicas;

    /// <summary>The same steady-state input and history, for the per-step benchmarks.</summary>
    internal (DecisionInput Input, DecisionHistory History, DateTimeOffset Now) State => (_input, _history, _now);
}
