using ElasticScaler.Core.Placement;
using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// One pod in fast mode: its pool (the part of the workload that made it: ECS, the target; ECI, the twin), its node,
/// its lifecycle times, and its queue once it runs.
/// </summary>
public sealed class FastPod(string name, PlacementPool pool, DateTimeOffset createdAt)
{
    public string Name { get; } = name;
    public PlacementPool Pool { get; } = pool;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string? NodeName { get; set; }
    /// <summary>When the scheduler first failed to place it (PodScheduled=False, Unschedulable), while Pending.</summary>
    public DateTimeOffset? UnschedulableSince { get; set; }
    public DateTimeOffset? ScheduledAt { get; set; }
    public DateTimeOffset? RunningAt { get; set; }
    public DateTimeOffset? ReadyAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public PodLoad? Load { get; set; }
    /// <summary>Whether it has joined the Service's endpoints.</summary>
    public bool InService { get; set; }

    /// <summary>Bound to the virtual node: an ECI instance, whichever part made it (the twin, or the target overflowing).</summary>
    public bool OnVirtualNode => NodeName == FastCluster.VirtualNode;
    public bool Running(DateTimeOffset now) => RunningAt is { } r && r <= now;
    public bool Ready(DateTimeOffset now) => ReadyAt is { } r && r <= now && DeletedAt is null;
}
