using ElasticScaler.Core.Model;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Cache;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// The cluster as the service's caches hold it: ElasticScalers, Deployments, StatefulSets, Pods and Nodes, each
/// a list+watch cache. Syncs read here and nowhere else; nothing in it calls the API.
/// </summary>
public sealed class ClusterView
{
    private readonly Lock _gate = new();
    // Fed by the pod cache's changes (a relist raises its differences too), so node room never walks the pods.
    private readonly NodeRequests _requests = new();
    private IReadOnlyList<NodeState> _nodes = [];
    private (long Requests, long Nodes) _nodesAt = (-1, -1);

    public ClusterView(ObjectCache<ScalerObject> scalers, ObjectCache<WorkloadObject> deployments, ObjectCache<WorkloadObject> statefulSets,
        ObjectCache<PodState> pods, ObjectCache<NodeState> nodes)
    {
        Scalers = scalers;
        Deployments = deployments;
        StatefulSets = statefulSets;
        Pods = pods;
        Nodes = nodes;
        pods.Changed += change => _requests.Replace(change.Old?.Value, change.New?.Value);
    }

    public ObjectCache<ScalerObject> Scalers { get; }
    public ObjectCache<WorkloadObject> Deployments { get; }
    public ObjectCache<WorkloadObject> StatefulSets { get; }
    public ObjectCache<PodState> Pods { get; }
    public ObjectCache<NodeState> Nodes { get; }

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
    /// room: from the tally the pod cache's changes keep, rebuilt only when that tally or a node changed.
    /// </summary>
    public IReadOnlyList<NodeState> NodesWithRequests()
    {
        lock (_gate)
        {
            var at = (_requests.Version, Nodes.Revision);
            if (at == _nodesAt) return _nodes;
            var nodeList = Nodes.List().Select(n => n.Value).ToList();
            _nodes = _requests.ApplyTo(nodeList);
            _nodesAt = at;
            return _nodes;
        }
    }
}
