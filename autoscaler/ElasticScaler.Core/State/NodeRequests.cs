using ElasticScaler.Core.Model;
using ElasticScaler.Core.Placement;

namespace ElasticScaler.Core.State;

/// <summary>
/// What the pods bound to each node ask of it, as the scheduler counts room: the sum of their requests per resource
/// and their number. Kept as pods come, change and go, so a controller watching 100,000 pods answers "how much room
/// is left" from a per-node tally instead of walking every pod; <see cref="Objects.KubernetesObjects.WithRequested"/>
/// builds it from a list the same way. Terminated pods (Succeeded, Failed) and unbound pods count for nothing.
/// Thread-safe: one watch loop changes it while syncs read it.
/// </summary>
public sealed class NodeRequests
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeTally> _byNode = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Moves whenever a node's tally changed; a reader memoizes what it built from <see cref="ApplyTo"/> on it.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Add(PodState pod) => Replace(null, pod);

    public void Remove(PodState pod) => Replace(pod, null);

    /// <summary>
    /// One pod's change: <paramref name="old"/> (null when it is new) leaves its node's tally, <paramref name="now"/>
    /// (null when it is gone) joins its node's. A change that leaves what the pod asks where it is (a status update)
    /// changes nothing and does not move <see cref="Version"/>.
    /// </summary>
    public void Replace(PodState? old, PodState? now)
    {
        var (oldNode, oldAsks) = Contribution(old);
        var (newNode, newAsks) = Contribution(now);
        if (oldNode is null && newNode is null) return;
        if (oldNode == newNode && SameRequests(oldAsks!, newAsks!)) return;
        lock (_gate)
        {
            if (oldNode is not null) Tally(oldNode).Take(oldAsks!, _byNode, oldNode);
            if (newNode is not null) Tally(newNode).Put(newAsks!);
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// The nodes with what is requested of each and its pod count; a node no counted pod is bound to keeps the
    /// <see cref="NodeState.Requested"/> it came with.
    /// </summary>
    public IReadOnlyList<NodeState> ApplyTo(IReadOnlyList<NodeState> nodes)
    {
        var result = new List<NodeState>(nodes.Count);
        lock (_gate)
        {
            foreach (var n in nodes)
            {
                if (!_byNode.TryGetValue(n.Name, out var tally))
                {
                    result.Add(n with { PodCount = 0 });
                    continue;
                }
                result.Add(n with { PodCount = tally.Pods, Requested = tally.Requested() });
            }
        }
        return result;
    }

    /// <summary>Where a pod counts and what it asks there; (null, null) for a pod that counts nowhere.</summary>
    private static (string? Node, IReadOnlyDictionary<string, Quantity>? Asks) Contribution(PodState? pod) =>
        pod is { NodeName: { } node, Phase: not (PodPhase.Succeeded or PodPhase.Failed) }
            ? (node, PodTemplateRequirements.FromPod(pod).Requests)
            : (null, null);

    private static bool SameRequests(IReadOnlyDictionary<string, Quantity> a, IReadOnlyDictionary<string, Quantity> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var w) || w.Value != v.Value) return false;
        return true;
    }

    private NodeTally Tally(string node)
    {
        if (!_byNode.TryGetValue(node, out var tally)) _byNode[node] = tally = new NodeTally();
        return tally;
    }

    /// <summary>
    /// One node's pods and their summed requests. Each resource also counts the pods that name it, so a resource
    /// leaves the sum when its last pod goes (a sum of 0 from pods asking 0 stays, as a fresh sum would have it).
    /// </summary>
    private sealed class NodeTally
    {
        private readonly Dictionary<string, (decimal Sum, int Pods)> _resources = new(StringComparer.Ordinal);

        public int Pods { get; private set; }

        public void Put(IReadOnlyDictionary<string, Quantity> asks)
        {
            Pods++;
            foreach (var (resource, q) in asks)
            {
                var (sum, pods) = _resources.GetValueOrDefault(resource);
                _resources[resource] = (sum + q.Value, pods + 1);
            }
        }

        public void Take(IReadOnlyDictionary<string, Quantity> asks, Dictionary<string, NodeTally> owner, string node)
        {
            Pods--;
            foreach (var (resource, q) in asks)
            {
                if (!_resources.TryGetValue(resource, out var had)) continue;
                if (had.Pods <= 1) _resources.Remove(resource);
                else _resources[resource] = (had.Sum - q.Value, had.Pods - 1);
            }
            if (Pods <= 0) owner.Remove(node);
        }

        public IReadOnlyDictionary<string, Quantity> Requested()
        {
            var requested = new Dictionary<string, Quantity>(_resources.Count, StringComparer.Ordinal);
            foreach (var (resource, (sum, _)) in _resources) requested[resource] = new Quantity(sum);
            return requested;
        }
    }
}
