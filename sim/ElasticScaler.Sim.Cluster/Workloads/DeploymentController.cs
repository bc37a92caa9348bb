using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>
/// The Deployment controller: finds or creates the ReplicaSet of the current template (name deploy-hash, label
/// pod-template-hash), scales it and the old ones by the rolling-update rules (maxSurge / maxUnavailable, cleanup of
/// unhealthy old pods first) or Recreate, and writes status with the Available and Progressing conditions that
/// kubectl rollout status and kubectl wait read, including ProgressDeadlineExceeded after progressDeadlineSeconds
/// (default 600) without progress. It owns the ReplicaSets whose controllerRef it is and adopts matching orphans
/// (<see cref="ControllerRefs"/>). Not simulated: pause, proportional scaling during a rollout, revisionHistoryLimit
/// cleanup, rollback.
/// </summary>
public sealed class DeploymentController(ClusterContext ctx)
{
    public const string Component = "deployment-controller";
    public const string HashLabel = "pod-template-hash";
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public void Reconcile()
    {
        var sets = ctx.List(ctx.ReplicaSets);
        var orphans = sets.Where(ControllerRefs.IsOrphan).ToList();
        // Grouped once per pass: 5,000 Deployments each looking through 10,000 ReplicaSets would be 50 million reads.
        var byOwner = sets.GroupBy(s => PodsOf.ControllerUid(s) ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var d in ctx.List(ctx.Deployments))
        {
            if (K8sJson.Deleting(d))
                continue;
            // getReplicaSetsForDeployment: the sets whose controllerRef is this Deployment, plus matching orphans it adopts.
            var selector = PodsOf.Selector(d);
            var owned = ControllerRefs.Claim(ctx, ctx.ReplicaSets, d, byOwner.GetValueOrDefault(K8sJson.Uid(d)) ?? [], orphans,
                s => selector.Requirements.Count > 0 && selector.Matches(K8sJson.Labels(s)));
            try
            {
                Sync(d, owned);
            }
            catch (ArgumentException e)
            {
                ctx.Event(d, "Warning", "InvalidSpec", e.Message, Component);
            }
        }
    }

    private static int Replicas(JsonObject o) => K8sJson.Int(o["spec"]?["replicas"], 1);
    private static int Available(JsonObject rs) => K8sJson.Int(rs["status"]?["availableReplicas"], 0);

    private void Sync(JsonObject d, List<JsonObject> owned)
    {
        var template = d["spec"]?["template"] as JsonObject ?? [];
        var hash = RollingMath.TemplateHash(template);
        var newRs = owned.FirstOrDefault(s => K8sJson.Labels(s).GetValueOrDefault(HashLabel) == hash);
        var old = owned.Where(s => s != newRs).OrderBy(s => (string?)s["metadata"]?["creationTimestamp"], StringComparer.Ordinal).ToList();
        var want = Replicas(d);
        var (surge, unavailable) = RollingMath.Fenceposts(d["spec"]?["strategy"]?["rollingUpdate"]?["maxSurge"], d["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"], want);
        var recreate = (string?)d["spec"]?["strategy"]?["type"] == "Recreate";
        if (newRs is null)
        {
            var start = recreate ? (old.Sum(Replicas) == 0 ? want : 0) : Math.Max(0, Math.Min(want, want + surge - old.Sum(Replicas)));
            newRs = CreateReplicaSet(d, template, hash, start, old);
            if (newRs is null)
                return;
            if (start > 0)
                ctx.Event(d, "Normal", "ScalingReplicaSet", $"Scaled up replica set {K8sJson.Name(newRs)} from 0 to {start}", Component);
        }
        else if (recreate)
        {
            foreach (var o in old.Where(o => Replicas(o) > 0))
                Scale(d, o, 0);
            if (old.All(o => K8sJson.Int(o["status"]?["replicas"], 0) == 0))
                Scale(d, newRs, want);
        }
        else
            Roll(d, newRs, old, want, surge, unavailable);
        WriteStatus(d, newRs, old, want, unavailable);
    }

    private void Roll(JsonObject d, JsonObject newRs, List<JsonObject> old, int want, int surge, int unavailable)
    {
        var newReplicas = Replicas(newRs);
        var all = newReplicas + old.Sum(Replicas);
        if (newReplicas > want)
            Scale(d, newRs, want);
        else if (newReplicas < want && all < want + surge)
            Scale(d, newRs, newReplicas + Math.Min(want + surge - all, want - newReplicas));
        var oldTotal = old.Sum(Replicas);
        if (oldTotal == 0)
            return;
        // reconcileOldReplicaSets: never go below want - maxUnavailable available pods, counting the new set's unavailable ones.
        newReplicas = Replicas(ctx.Api.TryGet(ctx.ReplicaSets, K8sJson.Namespace(newRs), K8sJson.Name(newRs)) ?? newRs);
        all = newReplicas + oldTotal;
        var minAvailable = want - unavailable;
        var newUnavailable = Math.Max(0, newReplicas - Available(newRs));
        var maxScaleDown = all - minAvailable - newUnavailable;
        if (maxScaleDown <= 0)
            return;
        // The listed objects are shared with the other controllers of this pass: track the new sizes here, not in them.
        var size = old.ToDictionary(o => o, Replicas);
        var cleaned = 0;
        foreach (var o in old)
        {
            if (cleaned >= maxScaleDown)
                break;
            var unhealthy = Math.Max(0, size[o] - Available(o));
            var cut = Math.Min(unhealthy, maxScaleDown - cleaned);
            if (cut > 0)
            {
                Scale(d, o, size[o], size[o] - cut);
                size[o] -= cut;
                cleaned += cut;
            }
        }
        var availableTotal = Available(newRs) + old.Sum(o => Math.Min(Available(o), size[o]));
        var budget = Math.Min(maxScaleDown - cleaned, availableTotal - minAvailable);
        foreach (var o in old)
        {
            if (budget <= 0)
                break;
            var cut = Math.Min(size[o], budget);
            if (cut > 0)
            {
                Scale(d, o, size[o], size[o] - cut);
                size[o] -= cut;
                budget -= cut;
            }
        }
    }

    private JsonObject? CreateReplicaSet(JsonObject d, JsonObject template, string hash, int replicas, List<JsonObject> old)
    {
        var revision = old.Select(o => K8sJson.Int(o["metadata"]?["annotations"]?[RevisionAnnotation], 0)).DefaultIfEmpty(0).Max() + 1;
        var rsTemplate = template.DeepClone().AsObject();
        var meta = rsTemplate["metadata"] as JsonObject ?? [];
        var labels = meta["labels"] as JsonObject ?? [];
        labels[HashLabel] = hash;
        meta["labels"] = labels;
        rsTemplate["metadata"] = meta;
        var selector = d["spec"]?["selector"]?.DeepClone() as JsonObject ?? [];
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        matchLabels[HashLabel] = hash;
        selector["matchLabels"] = matchLabels;
        var name = K8sJson.Name(d) + "-" + hash;
        try
        {
            var rs = ctx.Api.Create(ctx.ReplicaSets, K8sJson.Namespace(d), new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = labels.DeepClone(),
                    ["annotations"] = new JsonObject
                    {
                        [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                        ["deployment.kubernetes.io/desired-replicas"] = Replicas(d).ToString(CultureInfo.InvariantCulture),
                    },
                    ["ownerReferences"] = new JsonArray(PodsOf.OwnerRef(d)),
                },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = replicas,
                    ["minReadySeconds"] = K8sJson.Int(d["spec"]?["minReadySeconds"], 0),
                    ["selector"] = selector,
                    ["template"] = rsTemplate,
                },
            });
            // Through /status, as the real controller's UpdateStatus: the annotation lands without bumping generation.
            ctx.TryWrite(ctx.Deployments, K8sJson.Namespace(d), K8sJson.Name(d), x =>
            {
                var a = x["metadata"]!["annotations"] as JsonObject ?? [];
                a[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
                x["metadata"]!["annotations"] = a;
                return x;
            }, "status");
            return rs;
        }
        catch (Api.ApiException e)
        {
            ctx.Event(d, "Warning", "FailedCreate", $"Failed to create new replica set \"{name}\": {e.Message}", Component);
            return null;
        }
    }

    private void Scale(JsonObject d, JsonObject rs, int to) => Scale(d, rs, Replicas(rs), to);

    private void Scale(JsonObject d, JsonObject rs, int from, int to)
    {
        if (from == to)
            return;
        if (ctx.TryWrite(ctx.ReplicaSets, K8sJson.Namespace(rs), K8sJson.Name(rs), r =>
        {
            r["spec"]!["replicas"] = to;
            var a = r["metadata"]!["annotations"] as JsonObject ?? [];
            a["deployment.kubernetes.io/desired-replicas"] = Replicas(d).ToString(CultureInfo.InvariantCulture);
            r["metadata"]!["annotations"] = a;
            return r;
        }))
            ctx.Event(d, "Normal", "ScalingReplicaSet", $"Scaled {(to > from ? "up" : "down")} replica set {K8sJson.Name(rs)} from {from} to {to}", Component);
    }

    private void WriteStatus(JsonObject d, JsonObject newRs, List<JsonObject> old, int want, int unavailable)
    {
        var now = ctx.Now;
        var all = old.Append(newRs).Select(s => ctx.Api.TryGet(ctx.ReplicaSets, K8sJson.Namespace(s), K8sJson.Name(s)) ?? s).ToList();
        int Sum(string field) => all.Sum(s => K8sJson.Int(s["status"]?[field], 0));
        var fresh = all[^1];
        var replicas = Sum("replicas");
        var updated = K8sJson.Int(fresh["status"]?["replicas"], 0);
        var available = Sum("availableReplicas");
        var status = d["status"]?.DeepClone() as JsonObject ?? [];
        status["observedGeneration"] = (long?)d["metadata"]?["generation"] ?? 1;
        status["replicas"] = replicas;
        status["updatedReplicas"] = updated;
        status["readyReplicas"] = Sum("readyReplicas");
        status["availableReplicas"] = available;
        status["unavailableReplicas"] = Math.Max(0, all.Sum(Replicas) - available);
        foreach (var key in new[] { "readyReplicas", "availableReplicas", "unavailableReplicas", "updatedReplicas", "replicas" })
            if (K8sJson.Int(status[key], 0) == 0)
                status.Remove(key);
        var update = new Dictionary<string, JsonNode?> { ["lastUpdateTime"] = K8sJson.Stamp(now) };
        if (available >= want - unavailable)
            K8sJson.SetCondition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, update);
        else
            K8sJson.SetCondition(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, update);
        var complete = updated == want && replicas == want && available == want && K8sJson.Int(fresh["status"]?["observedGeneration"], 0) >= K8sJson.Int(fresh["metadata"]?["generation"], 1);
        var rsName = K8sJson.Name(fresh);
        var previous = d["status"] as JsonObject;
        var progressed = previous is null || K8sJson.Condition(d, "Progressing") is null
            || new[] { "replicas", "updatedReplicas", "availableReplicas", "readyReplicas" }.Any(k => K8sJson.Int(previous[k], 0) != K8sJson.Int(status[k], 0))
            || (long?)previous["observedGeneration"] != (long?)status["observedGeneration"];
        var deadline = TimeSpan.FromSeconds(K8sJson.Int(d["spec"]?["progressDeadlineSeconds"], 600));
        var since = K8sJson.Time(K8sJson.Condition(d, "Progressing")?["lastUpdateTime"]);
        if (complete)
            K8sJson.SetCondition(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", now, update);
        else if (progressed)
        {
            // Any observed progress refreshes lastUpdateTime, which the progress deadline counts from.
            (status["conditions"] as JsonArray)?.Remove(K8sJson.ConditionIn(status, "Progressing"));
            K8sJson.SetCondition(status, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", now, update);
            K8sJson.ConditionIn(status, "Progressing")!["lastTransitionTime"] = K8sJson.Condition(d, "Progressing")?["lastTransitionTime"]?.DeepClone() ?? K8sJson.Stamp(now);
        }
        else if (since is { } t && now - t >= deadline && (string?)K8sJson.Condition(d, "Progressing")?["reason"] == "ReplicaSetUpdated")
            K8sJson.SetCondition(status, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.", now, update);
        if (JsonNode.DeepEquals(status, d["status"]))
            return;
        ctx.TryWrite(ctx.Deployments, K8sJson.Namespace(d), K8sJson.Name(d), x =>
        {
            x["status"] = status.DeepClone();
            return x;
        }, "status");
    }
}
