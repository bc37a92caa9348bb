using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.State;

/// <summary>What placement needs of one core/v1 Node.</summary>
public sealed record NodeState
{
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Taint> Taints { get; init; } = [];
    /// <summary>spec.unschedulable (cordoned).</summary>
    public bool Unschedulable { get; init; }
    public bool Ready { get; init; } = true;
    public IReadOnlyDictionary<string, Quantity> Allocatable { get; init; } = new Dictionary<string, Quantity>();
    /// <summary>Sum of requests of the non-terminated pods already bound to the node (all workloads).</summary>
    public IReadOnlyDictionary<string, Quantity> Requested { get; init; } = new Dictionary<string, Quantity>();
    /// <summary>Pods bound to the node; compared with allocatable "pods".</summary>
    public int PodCount { get; init; }

    /// <summary>ACK's virtual node (<see cref="AckLabels.IsVirtualNode"/>).</summary>
    public bool IsVirtual => AckLabels.IsVirtualNode(Labels);
}

/// <summary>A core/v1 Taint.</summary>
public sealed record Taint(string Key, string? Value, string Effect);
