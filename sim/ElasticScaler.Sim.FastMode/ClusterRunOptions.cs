using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// A fast-mode run through the real sim controllers (sim.Cluster): the node pools, the demo Deployment's start size,
/// kubelet timings, prices, and the load model. Defaults: 4 ECS nodes of 8 cpu (7.91 allocatable, room for 60
/// WordPress pods of 500m) and a virtual ECI node; WordPress as the seed preset defines it, 22 replicas.
/// </summary>
public sealed record ClusterRunOptions
{
    public IReadOnlyList<NodePool> Pools { get; init; } =
    [
        new NodePool { Name = "np-ecs", Count = 4, CpuMillis = 8000, AllocatableCpuMillis = 7910, MemoryBytes = 32L << 30, AllocatableMemoryBytes = 29L << 30, InstanceType = "ecs.g6.2xlarge" },
        NodePool.Virtual(),
    ];
    public int InitialReplicas { get; init; } = 22;
    public KubeletTiming Kubelet { get; init; } = new();
    public Cluster.Prices Prices { get; init; } = new();
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);
    public int Seed { get; init; } = 1;
    public DateTimeOffset Start { get; init; } = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);
    public LoadModelOptions Load { get; init; } = new();
}
