using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// What the apiserver fills into a new Service (SetDefaults_Service and the IP and port allocators): type ClusterIP,
/// sessionAffinity None, each port's protocol TCP and targetPort its port, a cluster IP (not for ExternalName or a
/// headless "None") with clusterIPs, ipFamilies and ipFamilyPolicy, internalTrafficPolicy Cluster, and node ports for
/// NodePort and LoadBalancer. Cluster IPs and node ports come from a hash of namespace/name, so no state is kept;
/// two Services may collide, which nothing in the sim routes by.
/// </summary>
public static class ServiceDefaults
{
    public static void Apply(JsonObject service)
    {
        if (service["spec"] is not JsonObject spec)
            return;
        var meta = service["metadata"] as JsonObject;
        var key = $"{(string?)meta?["namespace"]}/{(string?)meta?["name"]}";
        spec.TryAdd("type", "ClusterIP");
        var type = (string?)spec["type"];
        spec.TryAdd("sessionAffinity", "None");
        var ports = (spec["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            ports[i].TryAdd("protocol", "TCP");
            if (ports[i]["targetPort"] is null && ports[i]["port"] is { } port)
                ports[i]["targetPort"] = port.DeepClone();
            if (type is "NodePort" or "LoadBalancer" && JsonPath.Long(ports[i]["nodePort"]) is null or 0)
                ports[i]["nodePort"] = 30000 + (int)(Hash(key + "#" + i) % 2768);
        }
        if (type == "ExternalName")
            return;
        if (spec["clusterIP"] is null || (string?)spec["clusterIP"] == "")
        {
            var h = Hash(key);
            spec["clusterIP"] = $"10.96.{h >> 8 & 0xff}.{2 + h % 253}";
        }
        spec.TryAdd("clusterIPs", new JsonArray((string?)spec["clusterIP"]));
        spec.TryAdd("ipFamilies", new JsonArray("IPv4"));
        spec.TryAdd("ipFamilyPolicy", "SingleStack");
        spec.TryAdd("internalTrafficPolicy", "Cluster");
        if (type is "NodePort" or "LoadBalancer")
            spec.TryAdd("externalTrafficPolicy", "Cluster");
    }

    // FNV-1a: stable across runs and processes (string.GetHashCode is randomized per process).
    private static uint Hash(string text)
    {
        var h = 2166136261u;
        foreach (var c in text)
            h = (h ^ c) * 16777619u;
        return h;
    }
}
