using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim.Logs;

/// <summary>
/// Every running container's log, kept while its pod exists: a line is kept only for a pod the store holds, and a
/// pod's logs go (closed, so followers end) when the store removes it. Each container keeps its last
/// <see cref="Capacity"/> lines. Thread-safe.
/// </summary>
public sealed class PodLogStore : IContainerLogWriter
{
    private readonly Lock _gate = new();
    private readonly ObjectStore _store;
    private readonly Dictionary<(string Ns, string Pod), Dictionary<string, ContainerLog>> _pods = [];

    public PodLogStore(ObjectStore store, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _store = store;
        Capacity = capacity;
        store.Removed += o =>
        {
            if (o.StorageKey == "pods")
                Forget(o.Namespace, o.Name);
        };
    }

    /// <summary>Lines kept per container (<see cref="SimOptions.PodLogLines"/>).</summary>
    public int Capacity { get; }

    /// <summary>Pods that have a log now (for tests of the memory bound).</summary>
    public int PodCount
    {
        get { lock (_gate) return _pods.Count; }
    }

    public void Write(string ns, string pod, string container, DateTimeOffset at, string line) =>
        Open(ns, pod, container)?.Append(at, line);

    /// <summary>
    /// The container's log, made empty if it has none yet (a follower waits on it for the first line); null when the
    /// store holds no such pod.
    /// </summary>
    public ContainerLog? Open(string ns, string pod, string container)
    {
        ContainerLog log;
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, pod), out var containers))
            {
                // Checked under our lock: the store's removal hook takes it too, so a late line cannot revive a deleted pod's log.
                if (_store.Get("pods", ns, pod) is null)
                    return null;
                _pods[(ns, pod)] = containers = new Dictionary<string, ContainerLog>(StringComparer.Ordinal);
            }
            if (!containers.TryGetValue(container, out log!))
                containers[container] = log = new ContainerLog(Capacity);
        }
        return log;
    }

    /// <summary>The container's log, or null when it has printed nothing yet.</summary>
    public ContainerLog? Find(string ns, string pod, string container)
    {
        lock (_gate)
            return _pods.TryGetValue((ns, pod), out var containers) ? containers.GetValueOrDefault(container) : null;
    }

    /// <summary>Closes every log (the server is stopping), so no follower holds a request open.</summary>
    public void CloseAll()
    {
        List<ContainerLog> all;
        lock (_gate)
            all = [.. _pods.Values.SelectMany(c => c.Values)];
        foreach (var log in all)
            log.Close();
    }

    private void Forget(string ns, string pod)
    {
        Dictionary<string, ContainerLog>? containers;
        lock (_gate)
            _pods.Remove((ns, pod), out containers);
        if (containers is null)
            return;
        foreach (var log in containers.Values)
            log.Close();
    }
}
