using System.Text.Json.Nodes;
using ElasticScaler.Core.Ack;

namespace ElasticScaler.Sim.Cluster.Scheduling;

/// <summary>
/// What the scheduler reads from a node plus what is already placed on it (requests of its non-terminated pods,
/// the non-zero requests for scoring, and the pod count).
/// </summary>
public sealed record NodeFacts(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints,
    bool Unschedulable,
    bool Virtual,
    Resources Allocatable,
    int AllocatablePods,
    Resources Requested,
    Resources NonZeroRequested,
    int PodCount)
{
    public NodeFacts With(PodFacts pod) => this with
    {
        Requested = Requested.Plus(pod.Requests),
        NonZeroRequested = NonZeroRequested.Plus(pod.NonZeroRequests),
        PodCount = PodCount + 1,
    };

    public static NodeFacts From(JsonObject node, IEnumerable<JsonObject> podsOnNode)
    {
        var labels = K8sJson.Labels(node);
        var alloc = node["status"]?["allocatable"];
        var requested = Resources.Zero;
        var nonZero = Resources.Zero;
        var count = 0;
        foreach (var p in podsOnNode)
        {
            count++;
            // The sim's API server accepts a malformed quantity the real one would refuse; such a pod counts for pods only.
            if (PodFacts.TryRequestsOf(p, nonZero: false) is { } r && PodFacts.TryRequestsOf(p, nonZero: true) is { } nz)
            {
                requested = requested.Plus(r);
                nonZero = nonZero.Plus(nz);
            }
        }
        return new NodeFacts(
            K8sJson.Name(node),
            labels,
            Taint.FromNode(node),
            (bool?)node["spec"]?["unschedulable"] ?? false,
            AckLabels.IsVirtualNode(labels),
            new Resources(K8sJson.Millis(alloc?["cpu"], "status.allocatable.cpu"), K8sJson.Bytes(alloc?["memory"], "status.allocatable.memory")),
            K8sJson.Int(alloc?["pods"], 110),
            requested,
            nonZero,
            count);
    }
}
