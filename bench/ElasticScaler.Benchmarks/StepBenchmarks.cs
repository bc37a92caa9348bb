using BenchmarkDotNet.Attributes;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Schedules;

namespace ElasticScaler.Benchmarks;

/// <summary>Each step of one decision alone, on the steady-state workload of <see cref="DecisionBenchmarks"/>, to see where time and bytes go.</summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private DecisionInput _input = null!;
    private DecisionHistory _history = null!;
    private DateTimeOffset _now;
    private MetricsInput _metrics = null!;
    private BehaviorInput _behavior = null!;
    private PlacementInput _placement = null!;

    [Params(100)]
    public int Pods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var workload = new DecisionBenchmarks { Pods = Pods, WithSchedules = true };
        workload.Setup();
        (_input, _history, _now) = workload.State;
        _metrics = new MetricsInput
        {
            Spec = _input.Spec, SpecReplicas = _input.SpecReplicas, StatusReplicas = _input.StatusReplicas,
            Pods = _input.Pods, PodMetrics = _input.PodMetrics, Tolerance = _input.Prepared!.Tolerance,
        };
        var proposal = MetricEvaluator.Evaluate(_metrics, _now);
        _behavior = new BehaviorInput
        {
            CurrentReplicas = _input.SpecReplicas, Proposal = proposal.Replicas, MetricName = proposal.MetricName,
            ReadyPods = _input.Pods.Count, MinReplicas = 1, MaxReplicas = 20_000, Behavior = _input.Spec.Behavior,
            Conditions = DecisionPipeline.Decide(_input, _history, _now).Conditions,
        };
        _placement = new PlacementInput
        {
            Desired = _input.SpecReplicas, Pods = _input.Pods, Nodes = _input.Nodes,
            Template = PodTemplateRequirements.FromPod(_input.Pods[0]), Spec = _input.Spec.Placement, History = _history.Placement, Now = _now,
        };
    }

    [Benchmark]
    public int? Metrics() => MetricEvaluator.Evaluate(_metrics, _now).Replicas;

    [Benchmark]
    public int Schedules() => ScheduleEvaluator.Evaluate(_input.Prepared!.Schedules, _now).Active.Count;

    [Benchmark]
    public int Behavior() => BehaviorEngine.Decide(_behavior, _history.Behavior, _now).DesiredReplicas;

    [Benchmark]
    public int Placement() => PlacementPlanner.Plan(_placement).EcsReplicas;
}
