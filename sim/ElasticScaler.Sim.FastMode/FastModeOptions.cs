using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// The simulated cluster and workload for fast mode. Defaults are sim.Cluster's seed preset (SeedPreset): 2 ECS nodes
/// of 8 cpu (7.91 allocatable, 29 GiB) with 2.4 cpu / 1.25 GiB requested by node workloads, so room for exactly the
/// seed's 22 WordPress pods of 500m / 512Mi, plus a virtual ECI node; pods Ready as they start (no readiness probe).
/// </summary>
public sealed record FastModeOptions
{
    public int EcsNodes { get; init; } = 2;
    public double NodeCpu { get; init; } = 7.91;
    public double NodeMemoryGib { get; init; } = 29;
    public int NodeMaxPods { get; init; } = 110;
    /// <summary>Cpu (cores) and memory already requested on each node by other workloads (daemons, agents).</summary>
    public double NodeOtherCpu { get; init; } = 2.4;
    public double NodeOtherMemoryGib { get; init; } = 1.25;
    public int InitialReplicas { get; init; } = 22;
    public double PodCpu { get; init; } = 0.5;
    public double PodMemoryGib { get; init; } = 0.5;
    public TimeSpan EcsStartup { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan EciStartup { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>± share of the start-up delay drawn per pod (seeded).</summary>
    public double StartupJitter { get; init; } = 0.2;
    /// <summary>Readiness probe: Ready this long after the container starts.</summary>
    public TimeSpan ReadinessDelay { get; init; } = TimeSpan.Zero;
    public TimeSpan TerminationGrace { get; init; } = TimeSpan.FromSeconds(30);
    public int EciCreatesPerMinute { get; init; } = 1000;
    /// <summary>
    /// The seed's virtual node without ElasticScaler: a target's pod that fits on no ECS node is bound to the virtual
    /// node (ECI) instead of waiting Pending, as ack-virtual-node schedules a namespace labelled for it, within the ECI
    /// quota. The pod stays the target's, so its ReplicaSet ranks it with the others on scale-in.
    /// </summary>
    public bool VirtualNodeOverflow { get; init; }
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);
    public int Seed { get; init; } = 1;
    public DateTimeOffset Start { get; init; } = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);
    public LoadModelOptions Load { get; init; } = new();
    /// <summary>The cost meter's prices (sim.Cluster's CostMeter: ECS per node-hour, ECI per vCPU- and GiB-second of requests).</summary>
    public Cluster.Prices Prices { get; init; } = new();

    public void Validate()
    {
        if (EcsNodes < 0) throw new ArgumentException($"EcsNodes: {EcsNodes}: must be 0 or more");
        if (InitialReplicas < 0) throw new ArgumentException($"InitialReplicas: {InitialReplicas}: must be 0 or more");
        if (!(PodCpu > 0)) throw new ArgumentException($"PodCpu: {PodCpu}: the pod needs a cpu request above zero, e.g. 0.3");
        if (NodeOtherCpu < 0 || NodeOtherCpu > NodeCpu) throw new ArgumentException($"NodeOtherCpu: {NodeOtherCpu}: must be in [0, NodeCpu = {NodeCpu}]");
        if (NodeOtherMemoryGib < 0 || NodeOtherMemoryGib > NodeMemoryGib) throw new ArgumentException($"NodeOtherMemoryGib: {NodeOtherMemoryGib}: must be in [0, NodeMemoryGib = {NodeMemoryGib}]");
        if (StartupJitter is < 0 or >= 1) throw new ArgumentException($"StartupJitter: {StartupJitter}: must be in [0, 1)");
        if (Tick <= TimeSpan.Zero || SyncPeriod < Tick) throw new ArgumentException($"Tick {Tick} / SyncPeriod {SyncPeriod}: need 0 < tick <= sync period");
        Load.Validate();
    }
}
