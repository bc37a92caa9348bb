using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>Helpers the workload controllers share: controller ownership, activity, readiness and availability of pods.</summary>
public static class PodsOf
{
    public static string? ControllerUid(JsonObject o) =>
        (o["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => (bool?)r["controller"] == true)?["uid"]?.ToString();

    public static JsonObject OwnerRef(JsonObject owner) => new()
    {
        ["apiVersion"] = (string?)owner["apiVersion"],
        ["kind"] = (string?)owner["kind"],
        ["name"] = K8sJson.Name(owner),
        ["uid"] = K8sJson.Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>controller.IsPodActive: not terminating and not finished.</summary>
    public static bool Active(JsonObject pod) => !K8sJson.Deleting(pod) && (string?)pod["status"]?["phase"] is not ("Succeeded" or "Failed");

    public static bool Ready(JsonObject pod) => K8sJson.IsTrue(pod, "Ready");

    /// <summary>podutil.IsPodAvailable: Ready for at least minReadySeconds.</summary>
    public static bool Available(JsonObject pod, int minReadySeconds, DateTimeOffset now) =>
        Ready(pod) && (minReadySeconds == 0
            || K8sJson.Time(K8sJson.Condition(pod, "Ready")?["lastTransitionTime"]) is { } t && t + TimeSpan.FromSeconds(minReadySeconds) <= now);

    /// <summary>A pod object from a workload's template, owned by the workload.</summary>
    public static JsonObject FromTemplate(JsonObject owner, JsonObject template, string? name, string? generateName, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var meta = template["metadata"]?.DeepClone() as JsonObject ?? [];
        meta.Remove("name");
        meta.Remove("namespace");
        meta.Remove("creationTimestamp");
        if (name is not null)
            meta["name"] = name;
        else
            meta["generateName"] = generateName;
        if (extraLabels is { Count: > 0 })
        {
            var labels = meta["labels"] as JsonObject ?? [];
            foreach (var (k, v) in extraLabels)
                labels[k] = v;
            meta["labels"] = labels;
        }
        meta["ownerReferences"] = new JsonArray(OwnerRef(owner));
        var spec = template["spec"]?.DeepClone() as JsonObject ?? [];
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["schedulerName"] ??= "default-scheduler";
        spec["dnsPolicy"] ??= "ClusterFirst";
        return new JsonObject { ["metadata"] = meta, ["spec"] = spec };
    }

    public static LabelSelector Selector(JsonObject workload) => LabelSelector.FromObject(workload["spec"]?["selector"]);
}
