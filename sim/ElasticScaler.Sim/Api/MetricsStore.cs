using System.Collections.Concurrent;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Api;

/// <summary>CPU in millicores and memory in bytes of one container.</summary>
public sealed record ContainerUsage(string Name, long CpuMillis, long MemoryBytes);

/// <summary>
/// The samples metrics.k8s.io serves (the load model's UsagePublisher feeds them; tests set values directly).
/// Only pods that exist and are Running are served, as metrics-server does. The custom and external metrics values
/// are in MetricsStore.Custom.cs.
/// </summary>
public sealed partial class MetricsStore(ResourceRegistry registry)
{
    private readonly ConcurrentDictionary<(string Ns, string Name), (IReadOnlyList<ContainerUsage> Containers, DateTimeOffset At)> _pods = new();
    private readonly ConcurrentDictionary<string, (long CpuMillis, long MemoryBytes, DateTimeOffset At)> _nodes = new();

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(15);

    public void SetPod(string ns, string name, IReadOnlyList<ContainerUsage> containers, DateTimeOffset sampledAt) =>
        _pods[(ns, name)] = (containers, sampledAt);

    public void SetNode(string name, long cpuMillis, long memoryBytes, DateTimeOffset sampledAt) =>
        _nodes[name] = (cpuMillis, memoryBytes, sampledAt);

    public void RemovePod(string ns, string name) => _pods.TryRemove((ns, name), out _);

    public void RemoveNode(string name) => _nodes.TryRemove(name, out _);

    public (IReadOnlyList<ContainerUsage> Containers, DateTimeOffset At)? Pod(string ns, string name) =>
        _pods.TryGetValue((ns, name), out var v) ? v : null;

    public (long CpuMillis, long MemoryBytes, DateTimeOffset At)? Node(string name) =>
        _nodes.TryGetValue(name, out var v) ? v : null;
}
