using ElasticScaler.Sim.Store;
using SimUsage = ElasticScaler.Sim.Api.ContainerUsage;

namespace ElasticScaler.Sim.Workload;

/// <summary>The Service the demo app serves, whose custom metrics the publisher also writes.</summary>
public sealed record ServiceObject(string Namespace, string Name);

/// <summary>
/// Plays metrics-server and the app's metrics adapter: every resolution (15 s by default) it samples each pod over the
/// window since the last sample and publishes, with that timestamp, its usage to metrics.k8s.io and its custom metrics
/// to custom.metrics.k8s.io: <see cref="RequestsPerSecond"/> (arrivals per second over the window) and
/// <see cref="RequestsInFlight"/> (admitted, not yet answered, at the sample). With a <see cref="ServiceObject"/> the
/// same two metrics are published for the Service and its Namespace: the sums over the Service's pods, per second of
/// the publisher's own window. Each node's usage is its pods' plus the system's. Runs on the TimeProvider, so a
/// FakeTimeProvider steps it.
/// </summary>
public sealed class UsagePublisher : IDisposable
{
    public const string RequestsPerSecond = "http_requests_per_second";
    public const string RequestsInFlight = "requests_in_flight";

    private readonly ServiceLoad _service;
    private readonly Sim.Api.MetricsStore _metrics;
    private readonly ObjectStore? _store;
    private readonly TimeProvider _time;
    private readonly ServiceObject? _serviceObject;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private HashSet<(string Ns, string Name)> _published = [];
    private DateTimeOffset _sampledAt;

    public UsagePublisher(ServiceLoad service, Sim.Api.MetricsStore metrics, ObjectStore? store, TimeProvider time, ServiceObject? serviceObject = null)
    {
        _service = service;
        _metrics = metrics;
        _store = store;
        _time = time;
        _serviceObject = serviceObject;
        _sampledAt = time.GetUtcNow();
        _metrics.Window = service.Options.MetricsResolution;
        _timer = time.CreateTimer(_ => Publish(), null, service.Options.MetricsResolution, service.Options.MetricsResolution);
    }

    /// <summary>Takes one sample of every pod and node now.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var window = now - _sampledAt;
            _sampledAt = now;
            var nodes = new Dictionary<string, (long Cpu, long Memory)>(StringComparer.Ordinal);
            if (_store is not null)
                foreach (var n in _store.List("nodes", null).Items)
                    nodes[n.Name] = (_service.Options.NodeSystemCpuMillis, _service.Options.NodeSystemMemoryBytes);
            long arrivals = 0, inFlight = 0;
            var published = new HashSet<(string Ns, string Name)>();
            foreach (var pod in _service.All)
            {
                var sample = pod.Sample(now);
                _metrics.SetPod(pod.Namespace, pod.Name, [new SimUsage(pod.ContainerName, sample.CpuMillis, sample.MemoryBytes)], now);
                arrivals += sample.Arrivals;
                inFlight += sample.InFlight;
                // A pod made at this very instant has an empty window: no rate yet, as a scrape needs two points.
                if (sample.Window > TimeSpan.Zero)
                {
                    Publish(pod.Namespace, "pods", pod.Name, sample.ArrivalsPerSecond, sample.InFlight, sample.Window, now);
                    published.Add((pod.Namespace, pod.Name));
                }
                if (pod.NodeName is { } node)
                {
                    var (c, m) = nodes.GetValueOrDefault(node, (_service.Options.NodeSystemCpuMillis, _service.Options.NodeSystemMemoryBytes));
                    nodes[node] = (c + sample.CpuMillis, m + sample.MemoryBytes);
                }
            }
            foreach (var (ns, name) in _published.Except(published))
            {
                _metrics.UnpublishCustom(ns, "pods", name, RequestsPerSecond);
                _metrics.UnpublishCustom(ns, "pods", name, RequestsInFlight);
            }
            _published = published;
            if (_serviceObject is { } svc && window > TimeSpan.Zero)
            {
                var rate = PodSample.PerSecond(arrivals, window);
                Publish(svc.Namespace, "services", svc.Name, rate, inFlight, window, now);
                Publish(null, "namespaces", svc.Namespace, rate, inFlight, window, now);
            }
            foreach (var (name, (cpu, memory)) in nodes)
                _metrics.SetNode(name, cpu, memory, now);
        }
    }

    private void Publish(string? ns, string resource, string name, decimal rate, long inFlight, TimeSpan window, DateTimeOffset now)
    {
        long seconds = Math.Max(1, (long)Math.Round(window.TotalSeconds));
        _metrics.PublishCustom(ns, resource, name, RequestsPerSecond, rate, null, now, seconds);
        _metrics.PublishCustom(ns, resource, name, RequestsInFlight, inFlight, null, now, seconds);
    }

    public void Dispose() => _timer.Dispose();
}
