using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Placement;

/// <summary>Builders that keep placement test rows short: nodes, pods, templates, specs.</summary>
internal static class PlacementTestKit
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A pod template asking for 1 cpu and 1Gi.</summary>
    public static readonly PodTemplateRequirements OneCpu = new()
    {
        Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("1"), ["memory"] = Quantity.Parse("1Gi") },
    };

    public static NodeState Ecs(string name, string cpu = "4", string memory = "16Gi", int pods = 110,
        string usedCpu = "0", string usedMemory = "0", int podCount = 0,
        Dictionary<string, string>? labels = null, Taint[]? taints = null, bool ready = true, bool cordoned = false) =>
        new()
        {
            Name = name,
            Labels = labels ?? new Dictionary<string, string>(),
            Taints = taints ?? [],
            Ready = ready,
            Unschedulable = cordoned,
            Allocatable = new Dictionary<string, Quantity>
            {
                ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory), ["pods"] = new Quantity(pods),
            },
            Requested = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse(usedCpu), ["memory"] = Quantity.Parse(usedMemory) },
            PodCount = podCount,
        };

    public static NodeState VirtualNode(string name = "virtual-kubelet") => new()
    {
        Name = name,
        Labels = new Dictionary<string, string> { ["type"] = "virtual-kubelet" },
        Taints = [new Taint("virtual-kubelet.io/provider", "alibabacloud", "NoSchedule")],
        Allocatable = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("10000"), ["pods"] = new Quantity(50000) },
    };

    /// <summary>A pod bound to <paramref name="node"/>, Ready unless told, created <paramref name="ageSeconds"/> before T0.</summary>
    public static PodState Pod(string name, string? node, bool ready = true, int ageSeconds = 3600, PodPhase? phase = null) => new()
    {
        Name = name,
        NodeName = node,
        Phase = phase ?? (node is null ? PodPhase.Pending : PodPhase.Running),
        CreationTimestamp = T0.AddSeconds(-ageSeconds),
        Ready = new PodCondition(ready, T0.AddSeconds(-ageSeconds + 10)),
        Scheduled = node is null ? null : new PodCondition(true, T0.AddSeconds(-ageSeconds)),
    };

    /// <summary>An ECS pod the scheduler could not place, unschedulable since <paramref name="pendingSeconds"/> before T0.</summary>
    public static PodState Unschedulable(string name, int pendingSeconds) => new()
    {
        Name = name,
        Phase = PodPhase.Pending,
        CreationTimestamp = T0.AddSeconds(-pendingSeconds),
        Ready = new PodCondition(false, T0.AddSeconds(-pendingSeconds)),
        Scheduled = new PodCondition(false, T0.AddSeconds(-pendingSeconds), "Unschedulable", "0/3 nodes are available: 3 Insufficient cpu"),
    };

    public static IEnumerable<PodState> Many(string prefix, string? node, int count, bool ready = true, int ageSeconds = 3600)
    {
        for (int i = 0; i < count; i++) yield return Pod($"{prefix}-{i}", node, ready, ageSeconds);
    }

    public static PlacementSpec EcsFirst(int? ecsMax = null, int? eciMax = null, bool eci = true, int? perMinute = null,
        int? pendingTimeout = null, bool drainBack = false, int? drainAfter = null, Dictionary<string, string>? ecsSelector = null) =>
        new()
        {
            Strategy = PlacementStrategy.EcsFirst,
            Ecs = new EcsPoolSpec { MaxReplicas = ecsMax, NodeSelector = ecsSelector },
            Eci = new EciPoolSpec { Enabled = eci, MaxReplicas = eciMax, MaxCreatePerMinute = perMinute },
            PendingTimeoutSeconds = pendingTimeout,
            DrainBack = new DrainBackSpec { Enabled = drainBack, AfterSeconds = drainAfter },
        };

    public static PlacementPlan Plan(int desired, IEnumerable<PodState> pods, IEnumerable<NodeState> nodes, PlacementSpec? spec = null,
        PlacementHistory? history = null, DateTimeOffset? now = null, PodTemplateRequirements? template = null, PoolReplicas? declared = null) =>
        PlacementPlanner.Plan(new PlacementInput
        {
            Desired = desired,
            Pods = pods.ToList(),
            Nodes = nodes.ToList(),
            Template = template ?? OneCpu,
            Spec = spec,
            History = history ?? PlacementHistory.Empty,
            Now = now ?? T0,
            Declared = declared,
        });

    /// <summary>A pod of the twin workload (label elasticscaler.io/pool=eci), on the virtual node unless told.</summary>
    public static PodState TwinPod(string name, string? node = "virtual-kubelet", bool ready = true, int ageSeconds = 3600) =>
        Pod(name, node, ready, ageSeconds) with
        {
            Labels = new Dictionary<string, string> { [AckLabels.PoolLabel] = AckLabels.PoolEci },
        };

    public static IEnumerable<PodState> Twins(string prefix, int count, bool ready = true, int ageSeconds = 3600)
    {
        for (int i = 0; i < count; i++) yield return TwinPod($"{prefix}-{i}", ready: ready, ageSeconds: ageSeconds);
    }

    /// <summary>The writes of a plan made with declared counts, as (part, replicas) pairs.</summary>
    public static (TwinPart, int)[] Writes(PoolReplicas current, PlacementPlan plan) =>
        PlacementPlan.TwinWrites(current, plan.Next).Select(w => (w.Part, w.Replicas)).ToArray();

    public static PlacementAction? Find(PlacementPlan plan, PlacementActionKind kind, PlacementPool pool) =>
        plan.Actions.FirstOrDefault(a => a.Kind == kind && a.Pool == pool);

    public static int Created(PlacementPlan plan, PlacementPool pool) => Find(plan, PlacementActionKind.Create, pool)?.Count ?? 0;

    public static string[] Deleted(PlacementPlan plan, PlacementPool pool) =>
        plan.Actions.Where(a => a.Kind == PlacementActionKind.Delete && a.Pool == pool).SelectMany(a => a.Pods).ToArray();
}
