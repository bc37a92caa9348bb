using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Placement;

/// <summary>
/// How many more pods of the template the ECS nodes can take. A node counts when it is not virtual, Ready,
/// not cordoned, matches ecs.nodeSelector and the template's own nodeSelector, and every NoSchedule /
/// NoExecute taint is tolerated by the template. Per node: the minimum over the template's requests of
/// floor((allocatable - requested) / request), and allocatable pods - pods bound there.
/// </summary>
public static class EcsCapacity
{
    public static int FreeSlots(IReadOnlyList<NodeState> nodes, PodTemplateRequirements template, EcsPoolSpec? ecs)
    {
        // The template's requests in milli-units, once per decision rather than once per node.
        var needs = Needs(template);
        long total = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (!IsSchedulable(n, template, ecs)) continue;
            total += Math.Max(0, Fits(n, needs));
            if (total >= int.MaxValue / 2) return int.MaxValue / 2;
        }
        return (int)total;
    }

    /// <summary>Whether a pod of the template may be scheduled on the node as an ECS pod.</summary>
    public static bool IsSchedulable(NodeState n, PodTemplateRequirements template, EcsPoolSpec? ecs) =>
        !n.IsVirtual && n.Ready && !n.Unschedulable &&
        Tolerations.Matches(ecs?.NodeSelector, n.Labels) &&
        Tolerations.Matches(template.NodeSelector, n.Labels) &&
        Tolerations.ToleratesAll(n.Taints, template.Tolerations);

    /// <summary>Pods of the template that still fit on the node by requests and by pod count.</summary>
    public static long Fits(NodeState n, PodTemplateRequirements template) => Fits(n, Needs(template));

    private static long Fits(NodeState n, KeyValuePair<string, long>[] needs)
    {
        long maxPods = n.Allocatable.TryGetValue("pods", out var pods) ? (long)pods.Value : PlacementDefaults.DefaultMaxPodsPerNode;
        long fit = maxPods - n.PodCount;
        for (int i = 0; i < needs.Length; i++)
        {
            var (resource, need) = needs[i];
            long alloc = n.Allocatable.TryGetValue(resource, out var a) ? a.MilliValue : 0;
            long used = n.Requested.TryGetValue(resource, out var r) ? r.MilliValue : 0;
            long byResource = alloc > used ? (alloc - used) / need : 0;
            if (byResource < fit) fit = byResource;
        }
        return fit;
    }

    private static KeyValuePair<string, long>[] Needs(PodTemplateRequirements template)
    {
        // A Dictionary enumerates without allocating; any other map goes through the interface.
        IEnumerable<KeyValuePair<string, Quantity>> requests = template.Requests;
        int count = 0;
        if (template.Requests is Dictionary<string, Quantity> dict)
        {
            foreach (var kv in dict) if (Counts(kv)) count++;
        }
        else
        {
            foreach (var kv in requests) if (Counts(kv)) count++;
        }
        if (count == 0) return [];
        var needs = new KeyValuePair<string, long>[count];
        int i = 0;
        if (template.Requests is Dictionary<string, Quantity> d2)
        {
            foreach (var kv in d2) if (Counts(kv)) needs[i++] = new(kv.Key, kv.Value.MilliValue);
        }
        else
        {
            foreach (var kv in requests) if (Counts(kv)) needs[i++] = new(kv.Key, kv.Value.MilliValue);
        }
        return needs;
    }

    private static bool Counts(KeyValuePair<string, Quantity> request) => request.Value.Value > 0 && request.Key != "pods";
}
