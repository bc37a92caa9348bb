using ElasticScaler.Core.Model;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Cache;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// The cluster as the service's caches hold it: ElasticScalers, Deployments, StatefulSets, Pods and Nodes, each
/// a list+watch cache. Syncs read here and nowhere else; nothing in it calls the API.
/// </summary>
public sealed class ClusterView(
    ObjectCache<ScalerObject> scalers,
    ObjectCache<WorkloadObject> deployments,
    ObjectCache<WorkloadObject> statefulSets,
    ObjectCache<PodState> pods,
    ObjectCache<NodeState> nodes,
    TimeProvider time)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<NodeState> _nodes = [];
    private (long Pods, long Nodes) _nodesAt = (-1, -1);
    private DateTimeOffset _nodesBuilt;

    public ObjectCache<ScalerObject> Scalers { get; } = scalers;
    public ObjectCache<WorkloadObject> Deployments { get; } = deployments;
    public ObjectCache<WorkloadObject> StatefulSets { get; } = statefulSets;
    public ObjectCache<PodState> Pods { get; } = pods;
    public ObjectCache<NodeState> Nodes { get; } = nodes;

    public bool HasSynced => Scalers.HasSynced && Deployments.HasSynced && StatefulSets.HasSynced && Pods.HasSynced && Nodes.HasSynced;

    public Task Synced => Task.WhenAll(Scalers.Synced, Deployments.Synced, StatefulSets.Synced, Pods.Synced, Nodes.Synced);

    /// <summary>The cache of a workload kind the service twins, or null for any other kind.</summary>
    public ObjectCache<WorkloadObject>? WorkloadCache(string kind) => kind switch
    {
        "Deployment" => Deployments,
        "StatefulSet" => StatefulSets,
        _ => null,
    };

    /// <summary>The pods of a namespace the selector matches, through the label index.</summary>
    public List<PodState> PodsOf(string ns, LabelSelector selector)
    {
        var found = Pods.Select(ns, Equalities(selector), selector.Matches);
        var result = new List<PodState>(found.Count);
        foreach (var p in found) result.Add(p.Value);
        return result;
    }

    /// <summary>The selector's key=value requirements (and single-value in), which the label index can narrow by.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Equalities(LabelSelector selector)
    {
        foreach (var r in selector.Requirements)
            if (r.Operator is LabelOperator.Equals or LabelOperator.DoubleEquals || (r.Operator == LabelOperator.In && r.Values.Count == 1))
                yield return KeyValuePair.Create(r.Key, r.Values[0]);
    }

    /// <summary>
    /// Every node with what is requested of it by the pods bound to it (all workloads), as the scheduler counts
    /// room. Rebuilt when pods or nodes changed, at most once a second: walking 100,000 pods per sync of each of
    /// 5,000 scalers would be the service's whole CPU.
    /// </summary>
    public IReadOnlyList<NodeState> NodesWithRequests()
    {
        var at = (Pods.Revision, Nodes.Revision);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (at == _nodesAt || (_nodesAt.Pods >= 0 && now - _nodesBuilt < TimeSpan.FromSeconds(1))) return _nodes;
        }
        var nodeList = Nodes.List().Select(n => n.Value).ToList();
        var built = Pods.Walk(pods => KubernetesObjects.WithRequested(nodeList, pods));
        lock (_gate)
        {
            _nodes = built;
            _nodesAt = at;
            _nodesBuilt = now;
            return built;
        }
    }
}
