using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>
/// The StatefulSet controller for scaling: pods name-0, name-1, ... With OrderedReady (the default) pod i is created
/// only when every lower pod is Running and Ready, and scale-down removes the highest ordinal first, one at a time,
/// waiting until it is gone; Parallel creates and deletes all at once. It owns the pods whose controllerRef it is and
/// adopts orphans named name-N that its selector matches (<see cref="ControllerRefs"/>). Template updates of existing
/// pods are not simulated.
/// </summary>
public sealed class StatefulSetController(ClusterContext ctx)
{
    public const string Component = "statefulset-controller";

    public void Reconcile()
    {
        var podsByOwner = ctx.List(ctx.Pods).GroupBy(p => PodsOf.ControllerUid(p) ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var orphans = podsByOwner.GetValueOrDefault("") ?? [];
        foreach (var sts in ctx.List(ctx.StatefulSets))
        {
            if (K8sJson.Deleting(sts))
                continue;
            var name = K8sJson.Name(sts);
            var selector = PodsOf.Selector(sts);
            // getPodsForStatefulSet: a pod is a member only if the selector matches and its name is name-ordinal, so
            // "db" never claims an orphaned "db-eci-0" although its labels match.
            var claimed = ControllerRefs.Claim(ctx, ctx.Pods, sts, podsByOwner.GetValueOrDefault(K8sJson.Uid(sts)) ?? [], orphans,
                p => selector.Requirements.Count > 0 && selector.Matches(K8sJson.Labels(p)) && Ordinal(name, K8sJson.Name(p)) >= 0);
            var pods = claimed.Select(p => (Ordinal: Ordinal(name, K8sJson.Name(p)), Pod: p)).OrderBy(x => x.Ordinal).ToList();
            var want = K8sJson.Int(sts["spec"]?["replicas"], 1);
            var parallel = (string?)sts["spec"]?["podManagementPolicy"] == "Parallel";
            Scale(sts, name, pods, want, parallel);
            WriteStatus(sts, pods.Select(x => x.Pod).Where(PodsOf.Active).ToList());
        }
    }

    private static int Ordinal(string sts, string pod) =>
        pod.StartsWith(sts + "-", StringComparison.Ordinal) && int.TryParse(pod[(sts.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;

    private void Scale(JsonObject sts, string name, List<(int Ordinal, JsonObject Pod)> pods, int want, bool parallel)
    {
        var ns = K8sJson.Namespace(sts);
        var excess = pods.Where(x => x.Ordinal >= want).OrderByDescending(x => x.Ordinal).ToList();
        if (excess.Count > 0)
        {
            if (!parallel && excess.Any(x => K8sJson.Deleting(x.Pod)))
                return;
            foreach (var (ordinal, pod) in parallel ? excess : excess.Take(1))
                if (!K8sJson.Deleting(pod) && ctx.TryDelete(ctx.Pods, ns, K8sJson.Name(pod)))
                    ctx.Event(sts, "Normal", "SuccessfulDelete", $"delete Pod {K8sJson.Name(pod)} in StatefulSet {name} successful", Component);
            return;
        }
        var existing = pods.ToDictionary(x => x.Ordinal, x => x.Pod);
        for (var i = 0; i < want; i++)
        {
            if (existing.TryGetValue(i, out var pod))
            {
                if (!parallel && !(PodsOf.Active(pod) && (string?)pod["status"]?["phase"] == "Running" && PodsOf.Ready(pod)))
                    return;
                continue;
            }
            var podName = $"{name}-{i}";
            var labels = new Dictionary<string, string>
            {
                ["statefulset.kubernetes.io/pod-name"] = podName,
                ["apps.kubernetes.io/pod-index"] = i.ToString(CultureInfo.InvariantCulture),
                ["controller-revision-hash"] = name + "-" + RollingMath.TemplateHash(sts["spec"]?["template"]),
            };
            var obj = PodsOf.FromTemplate(sts, sts["spec"]?["template"] as JsonObject ?? [], podName, null, labels);
            obj["spec"]!["hostname"] = podName;
            if ((string?)sts["spec"]?["serviceName"] is { Length: > 0 } svc)
                obj["spec"]!["subdomain"] = svc;
            try
            {
                ctx.Api.Create(ctx.Pods, ns, obj);
                ctx.Event(sts, "Normal", "SuccessfulCreate", $"create Pod {podName} in StatefulSet {name} successful", Component);
            }
            catch (Api.ApiException e)
            {
                ctx.Event(sts, "Warning", "FailedCreate", $"create Pod {podName} in StatefulSet {name} failed error: {e.Message}", Component);
                return;
            }
            if (!parallel)
                return;
        }
    }

    private void WriteStatus(JsonObject sts, List<JsonObject> active)
    {
        var revision = K8sJson.Name(sts) + "-" + RollingMath.TemplateHash(sts["spec"]?["template"]);
        var status = new JsonObject
        {
            ["observedGeneration"] = (long?)sts["metadata"]?["generation"] ?? 1,
            ["replicas"] = active.Count,
            ["readyReplicas"] = active.Count(PodsOf.Ready),
            ["currentReplicas"] = active.Count,
            ["updatedReplicas"] = active.Count,
            ["availableReplicas"] = active.Count(p => PodsOf.Available(p, K8sJson.Int(sts["spec"]?["minReadySeconds"], 0), ctx.Now)),
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
        };
        if (JsonNode.DeepEquals(status, sts["status"]))
            return;
        ctx.TryWrite(ctx.StatefulSets, K8sJson.Namespace(sts), K8sJson.Name(sts), s =>
        {
            s["status"] = status.DeepClone();
            return s;
        }, "status");
    }
}
