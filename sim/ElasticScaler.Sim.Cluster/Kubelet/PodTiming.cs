using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Kubelet;

/// <summary>When a pod's containers start and become ready: the pool's start-up delay with a per-pod jitter drawn from its uid.</summary>
public static class PodTiming
{
    public static TimeSpan StartupDelay(TimeSpan poolDelay, double jitter, string uid, int seed)
    {
        if (jitter == 0 || poolDelay == TimeSpan.Zero)
            return poolDelay;
        // FNV-1a of seed and uid: stable across runs and processes (string.GetHashCode is randomized per process).
        var h = 2166136261u ^ (uint)seed;
        foreach (var c in uid)
            h = (h ^ c) * 16777619u;
        var unit = (h % 10_000) / 10_000.0;
        return poolDelay * (1 - jitter + 2 * jitter * unit);
    }

    /// <summary>The readiness probe's initialDelaySeconds (the largest over containers), or the default when no container has a probe.</summary>
    public static TimeSpan ReadinessDelay(JsonObject pod, TimeSpan fallback)
    {
        var probes = ((pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(c => c["readinessProbe"]).OfType<JsonObject>().ToList();
        return probes.Count == 0 ? fallback : TimeSpan.FromSeconds(probes.Max(p => K8sJson.Int(p["initialDelaySeconds"], 0)));
    }
}
