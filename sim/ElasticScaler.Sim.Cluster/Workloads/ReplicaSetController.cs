using System.Text.Json.Nodes;
using ElasticScaler.Core.Placement;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>
/// The ReplicaSet controller: keeps spec.replicas active pods (creating from the template, deleting victims in the
/// engine's <see cref="DeletionRanking"/> order, ranked against the pods of the sibling ReplicaSets of the same Deployment) and
/// writes status (replicas, fullyLabeled, ready, available, observedGeneration). It counts only the pods whose
/// controllerRef it is, adopting matching orphans and releasing pods that stopped matching (<see cref="ControllerRefs"/>).
/// </summary>
public sealed class ReplicaSetController(ClusterContext ctx)
{
    public const string Component = "replicaset-controller";

    public void Reconcile()
    {
        var now = ctx.Now;
        var sets = ctx.List(ctx.ReplicaSets);
        var podsByOwner = ctx.List(ctx.Pods).GroupBy(p => PodsOf.ControllerUid(p) ?? "").ToDictionary(g => g.Key, g => g.ToList());
        // syncReplicaSet claims among active pods only: a terminating orphan is never adopted.
        var orphans = (podsByOwner.GetValueOrDefault("") ?? []).Where(PodsOf.Active).ToList();
        foreach (var rs in sets)
        {
            if (K8sJson.Deleting(rs))
                continue;
            var selector = PodsOf.Selector(rs);
            var active = ControllerRefs.Claim(ctx, ctx.Pods, rs, (podsByOwner.GetValueOrDefault(K8sJson.Uid(rs)) ?? []).Where(PodsOf.Active), orphans,
                p => selector.Requirements.Count > 0 && selector.Matches(K8sJson.Labels(p)));
            var want = K8sJson.Int(rs["spec"]?["replicas"], 1);
            var diff = want - active.Count;
            if (diff > 0)
                Create(rs, Math.Min(diff, 500));
            else if (diff < 0)
            {
                var siblings = SiblingUids(rs, sets);
                var related = DeletionRanking.PodsPerNode(siblings.SelectMany(u => podsByOwner.GetValueOrDefault(u) ?? []).Where(PodsOf.Active).Select(PodStates.Read));
                foreach (var victim in DeletionRanking.Victims([.. active.Select(PodStates.Read)], related, -diff, now))
                    if (ctx.TryDelete(ctx.Pods, K8sJson.Namespace(rs), victim.Name))
                        ctx.Event(rs, "Normal", "SuccessfulDelete", $"Deleted pod: {victim.Name}", Component);
            }
            WriteStatus(rs, active, now);
        }
    }

    /// <summary>The ReplicaSet itself plus those with the same controlling owner (a Deployment's old and new sets).</summary>
    private static IEnumerable<string> SiblingUids(JsonObject rs, IReadOnlyList<JsonObject> sets)
    {
        var owner = PodsOf.ControllerUid(rs);
        if (owner is null)
            return [K8sJson.Uid(rs)];
        return sets.Where(s => PodsOf.ControllerUid(s) == owner).Select(K8sJson.Uid);
    }

    private void Create(JsonObject rs, int count)
    {
        var template = rs["spec"]?["template"] as JsonObject ?? [];
        for (var i = 0; i < count; i++)
        {
            try
            {
                var pod = ctx.Api.Create(ctx.Pods, K8sJson.Namespace(rs), PodsOf.FromTemplate(rs, template, null, K8sJson.Name(rs) + "-"));
                ctx.Event(rs, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", Component);
            }
            catch (Api.ApiException e)
            {
                ctx.Event(rs, "Warning", "FailedCreate", $"Error creating: {e.Message}", Component);
                return;
            }
        }
    }

    private void WriteStatus(JsonObject rs, IReadOnlyList<JsonObject> active, DateTimeOffset now)
    {
        var minReady = K8sJson.Int(rs["spec"]?["minReadySeconds"], 0);
        var selector = PodsOf.Selector(rs);
        var templateLabels = K8sJson.StringMap(rs["spec"]?["template"]?["metadata"]?["labels"]);
        var status = new JsonObject
        {
            ["replicas"] = active.Count,
            ["fullyLabeledReplicas"] = active.Count(p => templateLabels.All(kv => K8sJson.Labels(p).TryGetValue(kv.Key, out var v) && v == kv.Value) && selector.Matches(K8sJson.Labels(p))),
            ["readyReplicas"] = active.Count(PodsOf.Ready),
            ["availableReplicas"] = active.Count(p => PodsOf.Available(p, minReady, now)),
            ["observedGeneration"] = (long?)rs["metadata"]?["generation"] ?? 1,
        };
        if (JsonNode.DeepEquals(status, rs["status"]))
            return;
        ctx.TryWrite(ctx.ReplicaSets, K8sJson.Namespace(rs), K8sJson.Name(rs), r =>
        {
            r["status"] = status.DeepClone();
            return r;
        }, "status");
    }
}
