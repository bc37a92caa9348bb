using ElasticScaler.Sim.Store;
using SimUsage = ElasticScaler.Sim.Api.ContainerUsage;

namespace ElasticScaler.Sim.Workload;

/// <summary>
/// Plays metrics-server: every resolution (15 s by default) it samples each pod's usage over the window since the
/// last sample and publishes it to metrics.k8s.io with that timestamp; each node's usage is its pods' plus the
/// system's. Runs on the TimeProvider, so a FakeTimeProvider steps it.
/// </summary>
public sealed class UsagePublisher : IDisposable
{
    private readonly ServiceLoad _service;
    private readonly Sim.Api.MetricsStore _metrics;
    private readonly ObjectStore? _store;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public UsagePublisher(ServiceLoad service, Sim.Api.MetricsStore metrics, ObjectStore? store, TimeProvider time)
    {
        _service = service;
        _metrics = metrics;
        _store = store;
        _time = time;
        _metrics.Window = service.Options.MetricsResolution;
        _timer = time.CreateTimer(_ => Publish(), null, service.Options.MetricsResolution, service.Options.MetricsResolution);
    }

    /// <summary>Takes one sample of every pod and node now.</summary>
    public void Publish()
    {
        var now = _time.GetUtcNow();
        var nodes = new Dictionary<string, (long Cpu, long Memory)>(StringComparer.Ordinal);
        if (_store is not null)
            foreach (var n in _store.List("nodes", null).Items)
                nodes[n.Name] = (_service.Options.NodeSystemCpuMillis, _service.Options.NodeSystemMemoryBytes);
        foreach (var pod in _service.All)
        {
            var (cpu, memory, _) = pod.Sample(now);
            _metrics.SetPod(pod.Namespace, pod.Name, [new SimUsage(pod.ContainerName, cpu, memory)], now);
            if (pod.NodeName is { } node)
            {
                var (c, m) = nodes.GetValueOrDefault(node, (_service.Options.NodeSystemCpuMillis, _service.Options.NodeSystemMemoryBytes));
                nodes[node] = (c + cpu, m + memory);
            }
        }
        foreach (var (name, (cpu, memory)) in nodes)
            _metrics.SetNode(name, cpu, memory, now);
    }

    public void Dispose() => _timer.Dispose();
}
