using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// A fast-mode run through the real sim controllers (sim.Cluster): the node pools, the demo Deployment's start size,
/// kubelet timings, prices, and the load model. Without Pools, sim.Cluster's seed preset (2 ECS nodes holding the 22
/// WordPress pods, a virtual node, the wordpress Deployment and Service); with Pools, those nodes and the seed's
/// WordPress Deployment and Service.
/// </summary>
public sealed record ClusterRunOptions
{
    public IReadOnlyList<NodePool>? Pools { get; init; }
    public int InitialReplicas { get; init; } = 22;
    public KubeletTiming Kubelet { get; init; } = new();
    public Cluster.Prices Prices { get; init; } = new();
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);
    public int Seed { get; init; } = 1;
    public DateTimeOffset Start { get; init; } = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);
    public LoadModelOptions Load { get; init; } = new();

    /// <summary>
    /// Called after each sync, once its writes have settled, with the cluster and the sync's row: for tests that
    /// look into the store (who owns the pods, what the twin holds). Must not change the cluster.
    /// </summary>
    public Action<SimulatedCluster, SyncRow>? AfterSync { get; init; }
}
