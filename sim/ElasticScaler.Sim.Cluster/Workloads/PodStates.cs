using System.Text.Json.Nodes;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>
/// A pod object read as the engine's <see cref="PodState"/>, with only what <see cref="DeletionRanking"/> compares:
/// node, phase, the Ready condition, the deletion-cost annotation, restarts, creation and deletion times, UID.
/// The ranking itself is the engine's, so the sim's ReplicaSet deletes in the same order the planner expects.
/// </summary>
public static class PodStates
{
    public static PodState Read(JsonObject pod)
    {
        var ready = K8sJson.Condition(pod, "Ready");
        var restarts = (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
            .Select(s => K8sJson.Int(s["restartCount"], 0)).DefaultIfEmpty(0).Max() ?? 0;
        return new PodState
        {
            Name = K8sJson.Name(pod),
            Uid = K8sJson.Uid(pod),
            NodeName = (string?)pod["spec"]?["nodeName"] is { Length: > 0 } node ? node : null,
            // A phase the engine does not know ranks as Pending, as the controller's map lookup does.
            Phase = Enum.TryParse<PodPhase>((string?)pod["status"]?["phase"], ignoreCase: false, out var phase) ? phase : PodPhase.Pending,
            Ready = ready is null ? null : new PodCondition((string?)ready["status"] == "True", K8sJson.Time(ready["lastTransitionTime"])),
            Annotations = K8sJson.Annotations(pod),
            Restarts = restarts,
            CreationTimestamp = K8sJson.Time(pod["metadata"]?["creationTimestamp"]),
            DeletionTimestamp = K8sJson.Time(pod["metadata"]?["deletionTimestamp"]),
        };
    }
}
