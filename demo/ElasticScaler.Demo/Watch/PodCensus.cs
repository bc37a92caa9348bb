using ElasticScaler.Core.Ack;
using k8s.Models;

namespace ElasticScaler.Demo.Watch;

/// <summary>Where a pod stands: Ready on ECS or on ECI, scheduled and starting, or not scheduled yet.</summary>
public enum PodPlace { EcsReady, EciReady, Starting, Pending, Terminating }

/// <summary>The pool a pod runs in: ECI when its node is ACK's virtual node, ECS when another node, none while unscheduled.</summary>
public enum Pool { None, Ecs, Eci }

/// <summary>The WordPress pods by place at one moment.</summary>
public sealed record PodCounts(int EcsReady, int EciReady, int Starting, int Pending, int Terminating)
{
    public int Ready => EcsReady + EciReady;

    /// <summary>Pods that count towards the workload (not being deleted).</summary>
    public int Total => EcsReady + EciReady + Starting + Pending;
}

/// <summary>The one rule by which the demo places a pod, on ACK's virtual-node label (<see cref="AckLabels.IsVirtualNode"/>).</summary>
public static class PodCensus
{
    public static Pool PoolOf(V1Pod pod, IReadOnlySet<string> virtualNodes) =>
        pod.Spec?.NodeName is not { Length: > 0 } node ? Pool.None : virtualNodes.Contains(node) ? Pool.Eci : Pool.Ecs;

    public static PodPlace PlaceOf(V1Pod pod, IReadOnlySet<string> virtualNodes)
    {
        if (pod.Metadata?.DeletionTimestamp is not null)
            return PodPlace.Terminating;
        var pool = PoolOf(pod, virtualNodes);
        if (pool == Pool.None)
            return PodPlace.Pending;
        var ready = pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        return !ready ? PodPlace.Starting : pool == Pool.Eci ? PodPlace.EciReady : PodPlace.EcsReady;
    }

    public static PodCounts Count(IEnumerable<V1Pod> pods, IReadOnlySet<string> virtualNodes)
    {
        var places = pods.Select(p => PlaceOf(p, virtualNodes)).ToList();
        int N(PodPlace p) => places.Count(x => x == p);
        return new PodCounts(N(PodPlace.EcsReady), N(PodPlace.EciReady), N(PodPlace.Starting), N(PodPlace.Pending), N(PodPlace.Terminating));
    }

    /// <summary>The virtual nodes among <paramref name="nodes"/>.</summary>
    public static HashSet<string> VirtualNodes(IEnumerable<V1Node> nodes) =>
        [.. nodes.Where(n => AckLabels.IsVirtualNode((IReadOnlyDictionary<string, string>?)n.Metadata?.Labels?.AsReadOnly() ?? new Dictionary<string, string>())).Select(n => n.Metadata.Name)];
}
