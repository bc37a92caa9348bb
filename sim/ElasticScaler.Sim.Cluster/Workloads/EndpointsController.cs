using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>
/// The endpoints controller: for each Service with a selector, an Endpoints object of the same name listing the
/// matching pods that have an IP: Ready and not terminating under addresses, the others under notReadyAddresses,
/// with the Service's ports (targetPort by number; a named targetPort is resolved from the pod's container ports).
/// </summary>
public sealed class EndpointsController(ClusterContext ctx)
{
    private readonly ResourceType _endpoints = ctx.Api.Type("", "v1", "endpoints");

    public void Reconcile()
    {
        var pods = ctx.List(ctx.Pods);
        foreach (var svc in ctx.List(ctx.Services))
        {
            if (svc["spec"]?["selector"] is not JsonObject { Count: > 0 } sel || K8sJson.Deleting(svc))
                continue;
            var ns = K8sJson.Namespace(svc);
            var name = K8sJson.Name(svc);
            var selector = K8sJson.StringMap(sel);
            var members = pods.Where(p => K8sJson.Namespace(p) == ns && (string?)p["status"]?["podIP"] is { Length: > 0 }
                    && selector.All(kv => K8sJson.Labels(p).TryGetValue(kv.Key, out var v) && v == kv.Value))
                .OrderBy(p => (string?)p["status"]!["podIP"], StringComparer.Ordinal).ToList();
            var ready = members.Where(p => PodsOf.Ready(p) && !K8sJson.Deleting(p)).Select(Address).ToArray();
            var notReady = members.Where(p => !PodsOf.Ready(p) || K8sJson.Deleting(p)).Select(Address).ToArray();
            var subset = new JsonObject();
            if (ready.Length > 0)
                subset["addresses"] = new JsonArray(ready);
            if (notReady.Length > 0)
                subset["notReadyAddresses"] = new JsonArray(notReady);
            subset["ports"] = new JsonArray([.. ((svc["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? []).Select(p => (JsonNode)new JsonObject
            {
                ["name"] = (string?)p["name"],
                ["port"] = TargetPort(p, members),
                ["protocol"] = (string?)p["protocol"] ?? "TCP",
            })]);
            var subsets = members.Count == 0 ? new JsonArray() : new JsonArray(subset);
            var existing = ctx.Api.TryGet(_endpoints, ns, name);
            if (existing is null)
            {
                try
                {
                    ctx.Api.Create(_endpoints, ns, new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = svc["metadata"]?["labels"]?.DeepClone() },
                        ["subsets"] = subsets,
                    });
                }
                catch (Api.ApiException)
                {
                    // Created meanwhile (or the namespace is going): the next pass writes it.
                }
            }
            else if (!JsonNode.DeepEquals(existing["subsets"] ?? new JsonArray(), subsets))
                ctx.TryWrite(_endpoints, ns, name, e =>
                {
                    e["subsets"] = subsets.DeepClone();
                    return e;
                });
        }
    }

    private static JsonNode Address(JsonObject pod) => new JsonObject
    {
        ["ip"] = (string?)pod["status"]!["podIP"],
        ["nodeName"] = (string?)pod["spec"]?["nodeName"],
        ["targetRef"] = new JsonObject
        {
            ["kind"] = "Pod", ["namespace"] = K8sJson.Namespace(pod), ["name"] = K8sJson.Name(pod), ["uid"] = K8sJson.Uid(pod),
        },
    };

    private static int TargetPort(JsonObject servicePort, IReadOnlyList<JsonObject> pods)
    {
        var target = servicePort["targetPort"] ?? servicePort["port"];
        if (target is JsonValue v && v.TryGetValue<int>(out var n))
            return n;
        if (target is JsonValue l && l.TryGetValue<long>(out var ln))
            return (int)ln;
        var named = target?.ToString();
        foreach (var pod in pods)
            foreach (var c in (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
                foreach (var p in (c["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    if ((string?)p["name"] == named)
                        return K8sJson.Int(p["containerPort"], 0);
        return K8sJson.Int(servicePort["port"], 0);
    }
}
