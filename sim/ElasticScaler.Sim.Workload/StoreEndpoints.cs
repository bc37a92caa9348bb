using System.Text.Json.Nodes;
using ElasticScaler.Sim.Logs;
using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim.Workload;

/// <summary>
/// Keeps a <see cref="ServiceLoad"/>'s endpoints in step with the store, as the EndpointSlice controller does:
/// the Service's selector picks the pods; Ready ones serve; terminating ones drain; deleted ones are killed.
/// Lists once, then follows the store's watch from that revision.
/// </summary>
public sealed class StoreEndpoints : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ServiceLoad _service;
    private readonly IReadOnlyDictionary<string, string> _selector;
    private readonly WatchSubscription _watch;
    private readonly Task _loop;
    private readonly Lock _apply = new();
    private readonly IContainerLogWriter? _log;

    private StoreEndpoints(ObjectStore store, TimeProvider time, ServiceLoad service, string ns, IReadOnlyDictionary<string, string> selector, bool follow,
        IContainerLogWriter? log)
    {
        _log = log;
        _store = store;
        _time = time;
        _service = service;
        _selector = selector;
        Namespace = ns;
        var (items, rv) = store.List("pods", ns);
        foreach (var o in items) Apply(o, deleted: false);
        (_watch, var replay) = store.Watch("pods", ns, rv);
        foreach (var e in replay) Apply(e.Current, e.Type == WatchEventType.Deleted);
        _loop = follow ? Task.Run(Follow) : Task.CompletedTask;
    }

    public string Namespace { get; }

    /// <summary>
    /// Follows the pods the Service <paramref name="serviceName"/> in <paramref name="ns"/> selects. Without
    /// <paramref name="follow"/> the endpoints change only at <see cref="Resync"/> (fast mode steps them, deterministically).
    /// With <paramref name="log"/>, a pod that starts serving prints the demo app's ready line (<see cref="AccessLog.Ready"/>).
    /// </summary>
    public static StoreEndpoints Start(ObjectStore store, TimeProvider time, ServiceLoad service, string ns, string serviceName, bool follow = true,
        IContainerLogWriter? log = null)
    {
        var svc = store.Get("services", ns, serviceName)
            ?? throw new InvalidOperationException($"service {ns}/{serviceName} not found: create the Service (spec.selector picks the demo app's pods) first");
        var selector = (svc.Parse()["spec"]?["selector"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "")
            ?? [];
        if (selector.Count == 0)
            throw new InvalidOperationException($"service {ns}/{serviceName}: spec.selector is empty: give it the pods' labels, e.g. app: wordpress");
        return new StoreEndpoints(store, time, service, ns, selector, follow, log);
    }

    /// <summary>Re-lists the pods now (tests call it to see a store change without waiting for the watch).</summary>
    public void Resync()
    {
        var (items, _) = _store.List("pods", Namespace);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in items)
        {
            present.Add(o.Name);
            Apply(o, deleted: false);
        }
        foreach (var p in _service.All)
            if (!present.Contains(p.Name)) _service.Remove(p.Name, _time.GetUtcNow());
    }

    private async Task Follow()
    {
        try
        {
            await foreach (var e in _watch.Events.ReadAllAsync())
                Apply(e.Current, e.Type == WatchEventType.Deleted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Apply(StoredObject o, bool deleted)
    {
        lock (_apply)
        {
            if (!Selected(o)) deleted = true;   // a pod whose labels no longer match leaves the Service
            if (deleted)
            {
                _service.Remove(o.Name, _time.GetUtcNow());
                return;
            }
            var facts = PodFacts.Read(o.Parse(), _service.Options.CapacityFromLimit);
            var known = _service.Find(o.Name);
            if (known is null)
            {
                if (!facts.Ready || facts.CapacityCores <= 0) return;   // nothing to track until it first serves
                known = new PodLoad(facts.Namespace, facts.Name, facts.NodeName, facts.CapacityCores, _service.Options, _time.GetUtcNow(), facts.ContainerName);
                _log?.Write(known.Namespace, known.Name, known.ContainerName, _time.GetUtcNow(), AccessLog.Ready(known, _service.Options));
            }
            _service.Set(known, facts.Ready);
        }
    }

    private bool Selected(StoredObject o)
    {
        foreach (var (k, v) in _selector)
            if (!o.Labels.TryGetValue(k, out var have) || have != v) return false;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _watch.Dispose();
        await _loop;
    }
}
